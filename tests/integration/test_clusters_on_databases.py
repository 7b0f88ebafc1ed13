"""Grouping arguments into clusters and options, on SQLite and PostgreSQL."""
import uuid

import pytest

from sessions import argument_services, cluster_services as clusters, commands, table_services
from sessions.errors import DomainError

from .test_services_on_databases import make_table


@pytest.fixture
def table(uow):
    _, _, table = make_table(uow)  # budget € 12.500
    table_services.set_phase(uow, commands.SetPhase(phase="inbreng"), table_id=table["id"])
    return table


@pytest.fixture
def arguments(uow, table):
    phone = table_services.join_table(uow, table_id=table["id"], display_name=None).ack["participant_id"]
    texts = ["Speeltuin bij de school", "Meer speeltoestellen", "Bomen in de straat", "Groen plein",
             "Parkeren is een probleem"]
    return [argument_services.submit_argument(uow, commands.SubmitArgument(client_id=str(uuid.uuid4()), stance="voor", text=t), table_id=table["id"], participant_id=phone).ack["argument_id"] for t in texts]


def layout(uow, table):
    snap = table_services.snapshot(uow, table_id=table["id"], for_console=True)
    return [(c["name"], c["argument_ids"]) for c in snap["clusters"]]


def test_arguments_are_grouped_moved_renamed_merged_and_deleted(uow, table, arguments):
    a, b, c, d, e = arguments
    events, created = (outcome := clusters.create_cluster(uow, commands.CreateCluster(name="Spelen", argument_ids=[a, b]), table_id=table["id"])).events, outcome.ack
    assert events[0].name == "clusters_changed" and events[0].payload["clusters"][0]["argument_ids"] == [a, b]
    green = clusters.create_cluster(uow, commands.CreateCluster(name="", argument_ids=[c]), table_id=table["id"]).ack
    clusters.move_arguments(uow, commands.MoveArguments(argument_ids=[d], cluster_id=green["cluster_id"]), table_id=table["id"])
    clusters.rename_cluster(uow, commands.RenameCluster(cluster_id=green["cluster_id"], name="Groen"), table_id=table["id"])
    assert layout(uow, table) == [("Spelen", [a, b]), ("Groen", [c, d])]
    clusters.move_arguments(uow, commands.MoveArguments(argument_ids=[b], cluster_id=None), table_id=table["id"])
    clusters.merge_clusters(uow, commands.MergeClusters(source_id=created["cluster_id"], target_id=green["cluster_id"]), table_id=table["id"])
    assert layout(uow, table) == [("Groen", [a, c, d])]
    clusters.delete_cluster(uow, commands.DeleteCluster(cluster_id=green["cluster_id"]), table_id=table["id"])
    assert layout(uow, table) == []


def test_splitting_takes_the_selected_arguments_into_a_new_cluster(uow, table, arguments):
    a, b, c, *_ = arguments
    clusters.create_cluster(uow, commands.CreateCluster(name="Alles", argument_ids=[a, b, c]), table_id=table["id"])
    clusters.create_cluster(uow, commands.CreateCluster(name="Groen", argument_ids=[c]), table_id=table["id"])
    assert layout(uow, table) == [("Alles", [a, b]), ("Groen", [c])]


def test_every_change_can_be_undone_step_by_step(uow, table, arguments):
    a, b, c, *_ = arguments
    first = clusters.create_cluster(uow, commands.CreateCluster(name="Spelen", argument_ids=[a, b]), table_id=table["id"]).ack
    clusters.rename_cluster(uow, commands.RenameCluster(cluster_id=first["cluster_id"], name="Speeltuin"), table_id=table["id"])
    second = clusters.create_cluster(uow, commands.CreateCluster(name="Groen", argument_ids=[c]), table_id=table["id"]).ack
    clusters.merge_clusters(uow, commands.MergeClusters(source_id=second["cluster_id"], target_id=first["cluster_id"]), table_id=table["id"])
    states = [[("Speeltuin", [a, b]), ("Groen", [c])], [("Speeltuin", [a, b])], [("Spelen", [a, b])], []]
    for expected in states:
        clusters.undo_cluster_change(uow, commands.UndoClusterChange(), table_id=table["id"])
        assert layout(uow, table) == expected
    with pytest.raises(DomainError, match="nothing_to_undo"):
        clusters.undo_cluster_change(uow, commands.UndoClusterChange(), table_id=table["id"])


def test_a_cluster_becomes_a_costed_option_and_the_total_counts(uow, table, arguments):
    spelen = clusters.create_cluster(uow, commands.CreateCluster(name="Spelen", argument_ids=arguments[:2]), table_id=table["id"]).ack
    groen = clusters.create_cluster(uow, commands.CreateCluster(name="Groen", argument_ids=arguments[2:4]), table_id=table["id"]).ack
    events, saved = (outcome := clusters.save_option(uow, commands.SaveOption(cluster_id=spelen["cluster_id"], title="Speeltuin", cost_euros=8000, description="Twee toestellen", carried_by="Stadsdeel"), table_id=table["id"])).events, outcome.ack
    clusters.save_option(uow, commands.SaveOption(cluster_id=groen["cluster_id"], title="Geveltuinen", cost_euros=3500), table_id=table["id"])
    clusters.save_option(uow, commands.SaveOption(cluster_id=spelen["cluster_id"], title="Speeltuin", cost_euros=7500), table_id=table["id"])
    snap = table_services.snapshot(uow, table_id=table["id"], for_console=False)
    assert [(o["title"], o["cost_cents"]) for o in snap["options"]] == [("Speeltuin", 750_000), ("Geveltuinen", 350_000)]
    assert snap["total_cost_cents"] == 1_100_000 and events[0].name == "options_changed"
    with pytest.raises(DomainError, match="cluster_has_option"):
        clusters.delete_cluster(uow, commands.DeleteCluster(cluster_id=spelen["cluster_id"]), table_id=table["id"])
    clusters.delete_option(uow, commands.DeleteOption(option_id=saved["option_id"]), table_id=table["id"])
    assert table_services.snapshot(uow, table_id=table["id"], for_console=False)["total_cost_cents"] == 350_000


@pytest.mark.parametrize("cost, code", [(-1, "cost_out_of_range"), (125_000_001, "cost_out_of_range"),
                                        (12.5, "cost_invalid"), ("8000", "cost_invalid"), (True, "cost_invalid")])
def test_negative_or_absurd_costs_are_refused(uow, table, arguments, cost, code):
    cluster = clusters.create_cluster(uow, commands.CreateCluster(name="x", argument_ids=arguments[:1]), table_id=table["id"]).ack
    with pytest.raises(DomainError) as refused:
        clusters.save_option(uow, commands.SaveOption(cluster_id=cluster["cluster_id"], title="t", cost_euros=cost), table_id=table["id"])
    assert refused.value.code == code
    assert table_services.snapshot(uow, table_id=table["id"], for_console=False)["options"] == []


def test_an_empty_title_and_another_tables_things_are_refused_and_change_nothing(uow, table, arguments):
    cluster = clusters.create_cluster(uow, commands.CreateCluster(name="x", argument_ids=arguments[:1]), table_id=table["id"]).ack
    _, _, other = make_table(uow, email="ander@example.nl", title="Ander")
    before = table_services.snapshot(uow, table_id=table["id"], for_console=True)
    attempts = [
        lambda: clusters.save_option(uow, commands.SaveOption(cluster_id=cluster["cluster_id"], title=" ", cost_euros=5), table_id=table["id"]),
        lambda: clusters.move_arguments(uow, commands.MoveArguments(argument_ids=arguments[:1], cluster_id=None), table_id=other["id"]),
        lambda: clusters.move_arguments(uow, commands.MoveArguments(argument_ids=arguments[:1], cluster_id=999_999), table_id=table["id"]),
        lambda: clusters.rename_cluster(uow, commands.RenameCluster(cluster_id=cluster["cluster_id"], name="kaping"), table_id=other["id"]),
        lambda: clusters.move_arguments(uow, commands.MoveArguments(argument_ids=[], cluster_id=None), table_id=table["id"]),
        lambda: clusters.move_arguments(uow, commands.MoveArguments(argument_ids=["1"], cluster_id=None), table_id=table["id"]),
        lambda: clusters.reorder_clusters(uow, commands.ReorderClusters(cluster_ids=[cluster["cluster_id"], 5]), table_id=table["id"]),
    ]
    for attempt in attempts:
        with pytest.raises(DomainError):
            attempt()
    assert table_services.snapshot(uow, table_id=table["id"], for_console=True) == before


def test_two_windows_editing_at_once_end_in_one_state(uow, table, arguments):
    """Each change publishes the whole layout with the next sequence number, so the
    last event a window applies is the state both windows show."""
    c1 = clusters.create_cluster(uow, commands.CreateCluster(name="A", argument_ids=arguments[:2]), table_id=table["id"]).ack
    e1 = clusters.move_arguments(uow, commands.MoveArguments(argument_ids=[arguments[0]], cluster_id=None), table_id=table["id"]).events
    e2 = clusters.rename_cluster(uow, commands.RenameCluster(cluster_id=c1["cluster_id"], name="B"), table_id=table["id"]).events
    assert e2[0].seq == e1[0].seq + 1
    assert e2[0].payload["clusters"] == table_services.snapshot(uow, table_id=table["id"], for_console=True)["clusters"]


def test_suggestions_group_dutch_arguments_by_theme_and_change_nothing(uow, table):
    from tests.support.dutch_arguments import THEMES

    phone = table_services.join_table(uow, table_id=table["id"], display_name=None).ack["participant_id"]
    theme_of = {}
    for theme, texts in THEMES.items():
        for text in texts:
            argument_id = argument_services.submit_argument(uow, commands.SubmitArgument(client_id=str(uuid.uuid4()), stance="voor", text=text), table_id=table["id"], participant_id=None if len(theme_of) % 2 else phone).ack["argument_id"]
            theme_of[argument_id] = theme
    before = table_services.snapshot(uow, table_id=table["id"], for_console=True)
    suggestions = clusters.suggest_clusters(uow, commands.SuggestClusters(), table_id=table["id"], language="nl").ack["suggestions"]
    assert table_services.snapshot(uow, table_id=table["id"], for_console=True) == before
    # Each of the five themes leads some suggestion, and most suggested members share
    # their suggestion's leading theme (purity); a few mixed ones are for the facilitator.
    main_themes, pure, total = set(), 0, 0
    for suggestion in suggestions:
        themes = [theme_of[i] for i in suggestion["argument_ids"]]
        top = max(set(themes), key=themes.count)
        main_themes.add(top)
        pure, total = pure + themes.count(top), total + len(themes)
        assert suggestion["name"]
    assert main_themes == set(THEMES)
    assert pure / total >= 0.8 and total >= 24, (pure, total, suggestions)


def test_an_argument_about_an_option_stands_with_it_and_another_tables_option_is_refused(uow, table, arguments):
    cluster = clusters.create_cluster(uow, commands.CreateCluster(name="Spelen", argument_ids=arguments[:1]), table_id=table["id"]).ack
    option = clusters.save_option(uow, commands.SaveOption(cluster_id=cluster["cluster_id"], title="Speeltuin", cost_euros=8000), table_id=table["id"]).ack
    table_services.set_phase(uow, commands.SetPhase(phase="afwegen"), table_id=table["id"])
    phone = table_services.join_table(uow, table_id=table["id"], display_name=None).ack["participant_id"]
    argument_id, events = (outcome := argument_services.submit_argument(uow, commands.SubmitArgument(client_id=str(uuid.uuid4()), stance="tegen", text="Te duur", option_id=option["option_id"]), table_id=table["id"], participant_id=phone)).ack["argument_id"], outcome.events
    assert [e.name for e in events] == ["argument_added", "clusters_changed"]
    assert layout(uow, table) == [("Spelen", [arguments[0], argument_id])]

    _, _, other = make_table(uow, email="ander@example.nl", title="Ander")
    table_services.set_phase(uow, commands.SetPhase(phase="afwegen"), table_id=other["id"])
    before = table_services.snapshot(uow, table_id=other["id"], for_console=True)
    for bad, code in [(option["option_id"], "option_not_found"), (999_999, "option_not_found"), ("1", "invalid_payload")]:
        with pytest.raises(DomainError) as refused:
            argument_services.submit_argument(uow, commands.SubmitArgument(client_id=str(uuid.uuid4()), stance="voor", text="Kaping", option_id=bad), table_id=other["id"], participant_id=None)
        assert refused.value.code == code
    assert table_services.snapshot(uow, table_id=other["id"], for_console=True) == before
