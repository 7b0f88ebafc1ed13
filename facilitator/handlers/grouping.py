"""Events of Ordenen, console only. Each grouping change sends everybody
`clusters_changed` with the whole layout; each option change `options_changed` with
all options and their total."""
from flask_babel import get_locale

from sessions import cluster_services, commands
from sessions.events import Outcome

from .. import unit_of_work
from ..connections import CONSOLE, Connection
from ..dispatch import table_event
from ..i18n import babel_locale
from ..offload import runner


def _language() -> str:
    # Suggestions are in the console's language: the facilitator reads and edits them.
    return "en" if str(get_locale()) == "en" else "nl"


@table_event(commands.CreateCluster, roles=(CONSOLE,))
def create_cluster(connection: Connection, command: commands.CreateCluster) -> Outcome:
    """{name?, argument_ids?}: a new cluster, empty or of these arguments (also: split). Ack {cluster_id}."""
    return cluster_services.create_cluster(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.RenameCluster, roles=(CONSOLE,))
def rename_cluster(connection: Connection, command: commands.RenameCluster) -> Outcome:
    """{cluster_id, name}."""
    return cluster_services.rename_cluster(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.MoveArguments, roles=(CONSOLE,))
def move_arguments(connection: Connection, command: commands.MoveArguments) -> Outcome:
    """{argument_ids, cluster_id}: cluster_id null takes them out of every cluster."""
    return cluster_services.move_arguments(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.MergeClusters, roles=(CONSOLE,))
def merge_clusters(connection: Connection, command: commands.MergeClusters) -> Outcome:
    """{source_id, target_id}."""
    return cluster_services.merge_clusters(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.DeleteCluster, roles=(CONSOLE,))
def delete_cluster(connection: Connection, command: commands.DeleteCluster) -> Outcome:
    """{cluster_id}: its arguments go back to the ungrouped ones."""
    return cluster_services.delete_cluster(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.ReorderClusters, roles=(CONSOLE,))
def reorder_clusters(connection: Connection, command: commands.ReorderClusters) -> Outcome:
    """{cluster_ids}: every cluster of the table, in the new order."""
    return cluster_services.reorder_clusters(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.UndoClusterChange, roles=(CONSOLE,))
def undo_cluster_change(connection: Connection, command: commands.UndoClusterChange) -> Outcome:
    """Puts the grouping back as it was before the last change."""
    return cluster_services.undo_cluster_change(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.SuggestClusters, roles=(CONSOLE,))
def suggest_clusters(connection: Connection, command: commands.SuggestClusters) -> Outcome:
    """Ack {suggestions: [{argument_ids, name}]} for the arguments not grouped yet, in the
    console's language. Nothing changes until the facilitator accepts one (create_cluster)."""
    return cluster_services.suggest_clusters(unit_of_work(), command, table_id=connection.table_id,
                                             language=_language(), compute=runner("suggest"))


@table_event(commands.SaveOption, roles=(CONSOLE,))
def save_option(connection: Connection, command: commands.SaveOption) -> Outcome:
    """{cluster_id, title, cost (as typed, read in the console's language) or cost_euros (whole
    euros, older consoles), description?, carried_by?}. Ack {option_id, cost_cents}."""
    return cluster_services.save_option(unit_of_work(), command, table_id=connection.table_id, locale=babel_locale())


@table_event(commands.DeleteOption, roles=(CONSOLE,))
def delete_option(connection: Connection, command: commands.DeleteOption) -> Outcome:
    """{option_id}."""
    return cluster_services.delete_option(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.SuggestPlacements, roles=(CONSOLE,))
def suggest_placements(connection: Connection, command: commands.SuggestPlacements) -> Outcome:
    """Ack {placements: [{argument_id, cluster_id, second_cluster_id, score}]}: "Voorstel voor de
    rest", where each ungrouped argument most likely goes. Nothing changes until the facilitator
    accepts (move_arguments for one, place_arguments for all)."""
    return cluster_services.suggest_placements(unit_of_work(), command, table_id=connection.table_id,
                                               language=_language(), compute=runner("suggest"))


@table_event(commands.PlaceArguments, roles=(CONSOLE,))
def place_arguments(connection: Connection, command: commands.PlaceArguments) -> Outcome:
    """{placements: {argument_id: cluster_id}}: each argument into its cluster, one undoable change."""
    return cluster_services.place_arguments(unit_of_work(), command, table_id=connection.table_id)
