"""Use cases of the Ordenen phase: grouping arguments into clusters (with undo) and
turning clusters into costed options.

Every grouping change publishes the table's whole layout (`clusters_changed`) and
every option change the whole option list (`options_changed`), each with the next
sequence number: two facilitator windows that edit at once end in the same state.
"""
import json

from sqlmodel import select

from . import views
from .arguments import Argument
from .clock import utcnow
from .clusters import MAX_CLUSTER_NAME, Cluster, ClusterHistory, Option, check_cost
from .computing import Compute, run_here
from .commands import (
    CreateCluster, DeleteCluster, DeleteOption, MergeClusters, MoveArguments, PlaceArguments, RenameCluster,
    ReorderClusters, SaveOption, SuggestClusters, SuggestPlacements, UndoClusterChange,
)
from .errors import DomainError
from .events import Outcome, TableEvent
from .table_access import get_table, next_seq, table_budget
from .unit_of_work import UnitOfWork

MAX_UNDO = 100


def create_cluster(uow: UnitOfWork, command: CreateCluster, *, table_id: int) -> Outcome:
    """A new cluster, empty or made of the given arguments (which is also how a
    cluster is split: the selected arguments leave for a new one). Ack: {cluster_id}."""
    with uow:
        get_table(uow, table_id)
        arguments = _arguments(uow, table_id, command.argument_ids) if command.argument_ids is not None else []
        _remember_layout(uow, table_id)
        clusters = _clusters(uow, table_id)
        cluster = Cluster(table_id=table_id, name=command.name, position=len(clusters))
        uow.session.add(cluster)
        uow.session.flush()
        for argument in arguments:
            argument.cluster_id = cluster.id
            uow.session.add(argument)
        events = _layout_changed(uow, table_id)
        uow.commit()
        return Outcome(events, {"cluster_id": cluster.id})


def rename_cluster(uow: UnitOfWork, command: RenameCluster, *, table_id: int) -> Outcome:
    with uow:
        cluster = _cluster(uow, table_id, command.cluster_id)
        _remember_layout(uow, table_id)
        cluster.name = command.name
        uow.session.add(cluster)
        events = _layout_changed(uow, table_id)
        uow.commit()
        return Outcome(events)


def move_arguments(uow: UnitOfWork, command: MoveArguments, *, table_id: int) -> Outcome:
    """Into a cluster, or out of every cluster with cluster_id None."""
    with uow:
        arguments = _arguments(uow, table_id, command.argument_ids)
        target = None if command.cluster_id is None else _cluster(uow, table_id, command.cluster_id).id
        _remember_layout(uow, table_id)
        for argument in arguments:
            argument.cluster_id = target
            uow.session.add(argument)
        events = _layout_changed(uow, table_id)
        uow.commit()
        return Outcome(events)


def merge_clusters(uow: UnitOfWork, command: MergeClusters, *, table_id: int) -> Outcome:
    with uow:
        source, target = _cluster(uow, table_id, command.source_id), _cluster(uow, table_id, command.target_id)
        if source.id == target.id:
            raise DomainError("merge_into_itself")
        _refuse_if_option(uow, source)
        _remember_layout(uow, table_id)
        for argument in _members(uow, source.id):
            argument.cluster_id = target.id
            uow.session.add(argument)
        uow.session.delete(source)
        uow.session.flush()
        _renumber(uow, table_id)
        events = _layout_changed(uow, table_id)
        uow.commit()
        return Outcome(events)


def delete_cluster(uow: UnitOfWork, command: DeleteCluster, *, table_id: int) -> Outcome:
    """Its arguments go back to the unclustered ones."""
    with uow:
        cluster = _cluster(uow, table_id, command.cluster_id)
        _refuse_if_option(uow, cluster)
        _remember_layout(uow, table_id)
        for argument in _members(uow, cluster.id):
            argument.cluster_id = None
            uow.session.add(argument)
        uow.session.flush()
        uow.session.delete(cluster)
        uow.session.flush()
        _renumber(uow, table_id)
        events = _layout_changed(uow, table_id)
        uow.commit()
        return Outcome(events)


def reorder_clusters(uow: UnitOfWork, command: ReorderClusters, *, table_id: int) -> Outcome:
    order = command.cluster_ids
    with uow:
        clusters = {c.id: c for c in _clusters(uow, table_id)}
        if set(order) != set(clusters):
            raise DomainError("cluster_not_found")
        _remember_layout(uow, table_id)
        for position, cluster_id in enumerate(order):
            clusters[cluster_id].position = position
            uow.session.add(clusters[cluster_id])
        events = _layout_changed(uow, table_id)
        uow.commit()
        return Outcome(events)


def undo_cluster_change(uow: UnitOfWork, _command: UndoClusterChange, *, table_id: int) -> Outcome:
    """Put the grouping back as it was before the last change."""
    with uow:
        get_table(uow, table_id)
        last = uow.session.exec(select(ClusterHistory).where(ClusterHistory.table_id == table_id)
                                .order_by(ClusterHistory.id.desc())).first()
        if last is None:
            raise DomainError("nothing_to_undo")
        layout = json.loads(last.layout)
        uow.session.delete(last)
        wanted = {c["id"]: c for c in layout["clusters"]}
        existing = {c.id: c for c in _clusters(uow, table_id)}
        for cluster_id, data in wanted.items():
            cluster = existing.get(cluster_id) or Cluster(id=cluster_id, table_id=table_id)
            cluster.name, cluster.position = data["name"], data["position"]
            uow.session.add(cluster)
        uow.session.flush()
        assignment = {int(k): v for k, v in layout["assignment"].items()}
        for argument in uow.session.exec(select(Argument).where(Argument.table_id == table_id)).all():
            argument.cluster_id = assignment.get(argument.id)
            uow.session.add(argument)
        uow.session.flush()
        for cluster_id, cluster in existing.items():
            has_option = uow.session.exec(select(Option.id).where(Option.cluster_id == cluster_id)).first()
            if cluster_id not in wanted and has_option is None:
                uow.session.delete(cluster)
        uow.session.flush()
        events = _layout_changed(uow, table_id)
        uow.commit()
        return Outcome(events)


# -- options ------------------------------------------------------------------

def save_option(uow: UnitOfWork, command: SaveOption, *, table_id: int, locale: str = "nl_NL") -> Outcome:
    """Make the cluster an option, or change the option it already is; a typed cost is
    read in `locale`, the console's language. Ack: {option_id, cost_cents}."""
    with uow:
        table = get_table(uow, table_id)
        cluster = _cluster(uow, table_id, command.cluster_id)
        budget_cents = table_budget(uow, table)
        cost_cents = check_cost(command.cost_cents(locale=locale), budget_cents=budget_cents)
        option = uow.session.exec(select(Option).where(Option.cluster_id == cluster.id)).first() \
            or Option(table_id=table_id, cluster_id=cluster.id, title="", cost_cents=0)
        option.title, option.description, option.carried_by = command.title, command.description, command.carried_by
        option.cost_cents, option.updated_at = cost_cents, utcnow()
        uow.session.add(option)
        uow.session.flush()
        events = _options_changed(uow, table_id)
        uow.commit()
        return Outcome(events, {"option_id": option.id, "cost_cents": cost_cents})


def delete_option(uow: UnitOfWork, command: DeleteOption, *, table_id: int) -> Outcome:
    with uow:
        option = _option(uow, table_id, command.option_id)
        uow.session.delete(option)
        uow.session.flush()
        events = _options_changed(uow, table_id)
        uow.commit()
        return Outcome(events)


# -- helpers ------------------------------------------------------------------

def _cluster(uow: UnitOfWork, table_id: int, cluster_id: int) -> Cluster:
    cluster = uow.session.get(Cluster, cluster_id)
    if cluster is None or cluster.table_id != table_id:
        raise DomainError("cluster_not_found")
    return cluster


def _option(uow: UnitOfWork, table_id: int, option_id: int) -> Option:
    option = uow.session.get(Option, option_id)
    if option is None or option.table_id != table_id:
        raise DomainError("option_not_found")
    return option


def _arguments(uow: UnitOfWork, table_id: int, ids: list[int]) -> list[Argument]:
    arguments = uow.session.exec(select(Argument).where(Argument.id.in_(ids))).all()
    if len(arguments) != len(ids) or any(a.table_id != table_id for a in arguments):
        raise DomainError("argument_not_found")
    for argument in arguments:
        argument.require_visible()
    return arguments


def _clusters(uow: UnitOfWork, table_id: int) -> list[Cluster]:
    return list(uow.session.exec(select(Cluster).where(Cluster.table_id == table_id)
                                 .order_by(Cluster.position, Cluster.id)).all())


def _members(uow: UnitOfWork, cluster_id: int) -> list[Argument]:
    return list(uow.session.exec(select(Argument).where(Argument.cluster_id == cluster_id)).all())


def _refuse_if_option(uow: UnitOfWork, cluster: Cluster) -> None:
    if uow.session.exec(select(Option.id).where(Option.cluster_id == cluster.id)).first() is not None:
        raise DomainError("cluster_has_option")


def _renumber(uow: UnitOfWork, table_id: int) -> None:
    for position, cluster in enumerate(_clusters(uow, table_id)):
        cluster.position = position
        uow.session.add(cluster)


def _remember_layout(uow: UnitOfWork, table_id: int) -> None:
    layout = {
        "clusters": [{"id": c.id, "name": c.name, "position": c.position} for c in _clusters(uow, table_id)],
        "assignment": {str(a_id): c_id for a_id, c_id in uow.session.exec(
            select(Argument.id, Argument.cluster_id).where(Argument.table_id == table_id,
                                                           Argument.cluster_id.is_not(None))).all()},
    }
    uow.session.add(ClusterHistory(table_id=table_id, layout=json.dumps(layout)))
    old = uow.session.exec(select(ClusterHistory).where(ClusterHistory.table_id == table_id)
                           .order_by(ClusterHistory.id.desc()).offset(MAX_UNDO)).all()
    for entry in old:
        uow.session.delete(entry)


def _layout_changed(uow: UnitOfWork, table_id: int) -> list[TableEvent]:
    uow.session.flush()
    seq = next_seq(uow, table_id)
    return [TableEvent("clusters_changed", table_id, seq, payload=views.cluster_layout(uow.session, table_id))]


def _options_changed(uow: UnitOfWork, table_id: int) -> list[TableEvent]:
    seq = next_seq(uow, table_id)
    return [TableEvent("options_changed", table_id, seq, payload=views.option_list(uow.session, table_id))]


def _visible_arguments(uow: UnitOfWork, table_id: int, *conditions) -> list[Argument]:
    return list(uow.session.exec(select(Argument).where(
        Argument.table_id == table_id, Argument.hidden_reason.is_(None), Argument.withdrawn.is_(False),
        Argument.merged_into_id.is_(None), Argument.awaiting_approval.is_(False), *conditions).order_by(Argument.id)).all())


def suggest_clusters(uow: UnitOfWork, _command: SuggestClusters, *, table_id: int, language: str,
                     compute: Compute = run_here) -> Outcome:
    """Proposed groups of the visible arguments not grouped yet, each with a proposed
    name. Nothing changes: the facilitator accepts, edits or rejects each one.
    Ack: {suggestions: [{argument_ids, name}]}."""
    with uow:
        get_table(uow, table_id)
        loose = _visible_arguments(uow, table_id, Argument.cluster_id.is_(None))
        ids, texts = [a.id for a in loose], [a.text for a in loose]
    return Outcome([], {"suggestions": compute(_suggested_groups, ids, texts, language)})


def _suggested_groups(ids: list[int], texts: list[str], language: str) -> list[dict]:
    """Pure: seconds of CPU on a table of thousands, so the caller says where it runs."""
    # scikit-learn and SciPy hold about 120 MB once imported, the Dutch dictionary 40 MB
    # more: a server that is never asked for suggestions should not carry them all evening.
    from . import clustering

    suggestions = []
    for group in clustering.suggest_clusters(texts, language=language):
        members = set(group)
        name = clustering.suggest_cluster_name(
            [texts[i] for i in group], language=language,
            others=[text for i, text in enumerate(texts) if i not in members])
        suggestions.append({"argument_ids": [ids[i] for i in group], "name": name[:MAX_CLUSTER_NAME]})
    return suggestions


def suggest_placements(uow: UnitOfWork, _command: SuggestPlacements, *, table_id: int, language: str,
                       compute: Compute = run_here) -> Outcome:
    """"Voorstel voor de rest": for each visible argument not grouped yet, the group it most
    likely belongs to and a second choice, learnt from the arguments already in each group.
    Nothing changes: the facilitator accepts one (move_arguments) or all (place_arguments).
    Ack: {placements: [{argument_id, cluster_id, second_cluster_id, score}]}."""
    with uow:
        get_table(uow, table_id)
        clusters = [c.id for c in _clusters(uow, table_id)]
        members: dict[int, list[str]] = {cluster_id: [] for cluster_id in clusters}
        loose: list[Argument] = []
        for argument in _visible_arguments(uow, table_id):
            if argument.cluster_id is None:
                loose.append(argument)
            elif argument.cluster_id in members:
                members[argument.cluster_id].append(argument.text)
        # An empty group has nothing to learn from: it is never proposed.
        learnt = [cluster_id for cluster_id in clusters if members[cluster_id]]
        ids, texts = [a.id for a in loose], [a.text for a in loose]
    placements = compute(_placements, [members[c] for c in learnt], texts, language)
    return Outcome([], {"placements": [
        {"argument_id": argument_id, "cluster_id": learnt[first],
         "second_cluster_id": None if second is None else learnt[second], "score": score}
        for argument_id, (first, second, score) in zip(ids, placements) if first is not None]})


def _placements(groups: list[list[str]], texts: list[str], language: str) -> list[tuple]:
    """Pure, and heavy on a big table like _suggested_groups. Plain tuples (first, second,
    score), (None, None, None) where nothing fits: a server that runs this in a worker
    process gets them back by pickle, and a Placement would make it import the clustering."""
    from . import clustering

    return [(p.first, p.second, p.score) if p is not None else (None, None, None)
            for p in clustering.suggest_placements(groups, texts, language=language)]


def place_arguments(uow: UnitOfWork, command: PlaceArguments, *, table_id: int) -> Outcome:
    """Several arguments, each into its own cluster, as one change: accepting every proposal
    of "Voorstel voor de rest" at once is undone with one undo."""
    with uow:
        arguments = {a.id: a for a in _arguments(uow, table_id, list(command.placements))}
        targets = {cluster_id: _cluster(uow, table_id, cluster_id).id for cluster_id in set(command.placements.values())}
        _remember_layout(uow, table_id)
        for argument_id, cluster_id in command.placements.items():
            arguments[argument_id].cluster_id = targets[cluster_id]
            uow.session.add(arguments[argument_id])
        events = _layout_changed(uow, table_id)
        uow.commit()
        return Outcome(events)
