"""Grouping arguments into clusters and options, on SQLite and PostgreSQL."""
import uuid

import pytest

from sessions import argument_services, cluster_services as clusters, services
from sessions.errors import DomainError

from .test_services_on_databases import make_table


@pytest.fixture
def table(uow):
    _, _, table = make_table(uow)  # budget € 12.500
    services.set_phase(uow, table_id=table["id"], phase="inbreng")
    return table


@pytest.fixture
def arguments(uow, table):
    phone = services.join_table(uow, table_id=table["id"], display_name=None)[0]
    texts = ["Speeltuin bij de school", "Meer speeltoestellen", "Bomen in de straat", "Groen plein",
             "Parkeren is een probleem"]
    return [argument_services.submit_argument(uow, table_id=table["id"], participant_id=phone,
                                              client_id=str(uuid.uuid4()), stance="voor", text=t)[0] for t in texts]


def layout(uow, table):
    snap = services.snapshot(uow, table_id=table["id"], for_console=True)
    return [(c["name"], c["argument_ids"]) for c in snap["clusters"]]


def test_arguments_are_grouped_moved_renamed_merged_and_deleted(uow, table, arguments):
    a, b, c, d, e = arguments
    events, created = clusters.create_cluster(uow, table_id=table["id"], name="Spelen", argument_ids=[a, b])
    assert events[0].name == "clusters_changed" and events[0].payload["clusters"][0]["argument_ids"] == [a, b]
    _, green = clusters.create_cluster(uow, table_id=table["id"], name="", argument_ids=[c])
    clusters.move_arguments(uow, table_id=table["id"], argument_ids=[d], cluster_id=green["cluster_id"])
    clusters.rename_cluster(uow, table_id=table["id"], cluster_id=green["cluster_id"], name="Groen")
    assert layout(uow, table) == [("Spelen", [a, b]), ("Groen", [c, d])]
    clusters.move_arguments(uow, table_id=table["id"], argument_ids=[b], cluster_id=None)
    clusters.merge_clusters(uow, table_id=table["id"], source_id=created["cluster_id"], target_id=green["cluster_id"])
    assert layout(uow, table) == [("Groen", [a, c, d])]
    clusters.delete_cluster(uow, table_id=table["id"], cluster_id=green["cluster_id"])
    assert layout(uow, table) == []


def test_splitting_takes_the_selected_arguments_into_a_new_cluster(uow, table, arguments):
    a, b, c, *_ = arguments
    clusters.create_cluster(uow, table_id=table["id"], name="Alles", argument_ids=[a, b, c])
    clusters.create_cluster(uow, table_id=table["id"], name="Groen", argument_ids=[c])
    assert layout(uow, table) == [("Alles", [a, b]), ("Groen", [c])]


def test_every_change_can_be_undone_step_by_step(uow, table, arguments):
    a, b, c, *_ = arguments
    _, first = clusters.create_cluster(uow, table_id=table["id"], name="Spelen", argument_ids=[a, b])
    clusters.rename_cluster(uow, table_id=table["id"], cluster_id=first["cluster_id"], name="Speeltuin")
    _, second = clusters.create_cluster(uow, table_id=table["id"], name="Groen", argument_ids=[c])
    clusters.merge_clusters(uow, table_id=table["id"], source_id=second["cluster_id"], target_id=first["cluster_id"])
    states = [[("Speeltuin", [a, b]), ("Groen", [c])], [("Speeltuin", [a, b])], [("Spelen", [a, b])], []]
    for expected in states:
        clusters.undo_cluster_change(uow, table_id=table["id"])
        assert layout(uow, table) == expected
    with pytest.raises(DomainError, match="nothing_to_undo"):
        clusters.undo_cluster_change(uow, table_id=table["id"])


def test_a_cluster_becomes_a_costed_option_and_the_total_counts(uow, table, arguments):
    _, spelen = clusters.create_cluster(uow, table_id=table["id"], name="Spelen", argument_ids=arguments[:2])
    _, groen = clusters.create_cluster(uow, table_id=table["id"], name="Groen", argument_ids=arguments[2:4])
    events, saved = clusters.save_option(uow, table_id=table["id"], cluster_id=spelen["cluster_id"], title="Speeltuin",
                                         cost_euros=8000, description="Twee toestellen", carried_by="Stadsdeel")
    clusters.save_option(uow, table_id=table["id"], cluster_id=groen["cluster_id"], title="Geveltuinen", cost_euros=3500)
    clusters.save_option(uow, table_id=table["id"], cluster_id=spelen["cluster_id"], title="Speeltuin", cost_euros=7500)
    snap = services.snapshot(uow, table_id=table["id"], for_console=False)
    assert [(o["title"], o["cost_cents"]) for o in snap["options"]] == [("Speeltuin", 750_000), ("Geveltuinen", 350_000)]
    assert snap["total_cost_cents"] == 1_100_000 and events[0].name == "options_changed"
    with pytest.raises(DomainError, match="cluster_has_option"):
        clusters.delete_cluster(uow, table_id=table["id"], cluster_id=spelen["cluster_id"])
    clusters.delete_option(uow, table_id=table["id"], option_id=saved["option_id"])
    assert services.snapshot(uow, table_id=table["id"], for_console=False)["total_cost_cents"] == 350_000


@pytest.mark.parametrize("cost, code", [(-1, "cost_out_of_range"), (125_000_001, "cost_out_of_range"),
                                        (12.5, "cost_invalid"), ("8000", "cost_invalid"), (True, "cost_invalid")])
def test_negative_or_absurd_costs_are_refused(uow, table, arguments, cost, code):
    _, cluster = clusters.create_cluster(uow, table_id=table["id"], name="x", argument_ids=arguments[:1])
    with pytest.raises(DomainError) as refused:
        clusters.save_option(uow, table_id=table["id"], cluster_id=cluster["cluster_id"], title="t", cost_euros=cost)
    assert refused.value.code == code
    assert services.snapshot(uow, table_id=table["id"], for_console=False)["options"] == []


def test_an_empty_title_and_another_tables_things_are_refused_and_change_nothing(uow, table, arguments):
    _, cluster = clusters.create_cluster(uow, table_id=table["id"], name="x", argument_ids=arguments[:1])
    _, _, other = make_table(uow, email="ander@example.nl", title="Ander")
    before = services.snapshot(uow, table_id=table["id"], for_console=True)
    attempts = [
        lambda: clusters.save_option(uow, table_id=table["id"], cluster_id=cluster["cluster_id"], title=" ", cost_euros=5),
        lambda: clusters.move_arguments(uow, table_id=other["id"], argument_ids=arguments[:1], cluster_id=None),
        lambda: clusters.move_arguments(uow, table_id=table["id"], argument_ids=arguments[:1], cluster_id=999_999),
        lambda: clusters.rename_cluster(uow, table_id=other["id"], cluster_id=cluster["cluster_id"], name="kaping"),
        lambda: clusters.move_arguments(uow, table_id=table["id"], argument_ids=[], cluster_id=None),
        lambda: clusters.move_arguments(uow, table_id=table["id"], argument_ids=["1"], cluster_id=None),
        lambda: clusters.reorder_clusters(uow, table_id=table["id"], cluster_ids=[cluster["cluster_id"], 5]),
    ]
    for attempt in attempts:
        with pytest.raises(DomainError):
            attempt()
    assert services.snapshot(uow, table_id=table["id"], for_console=True) == before


def test_two_windows_editing_at_once_end_in_one_state(uow, table, arguments):
    """Each change publishes the whole layout with the next sequence number, so the
    last event a window applies is the state both windows show."""
    _, c1 = clusters.create_cluster(uow, table_id=table["id"], name="A", argument_ids=arguments[:2])
    e1 = clusters.move_arguments(uow, table_id=table["id"], argument_ids=[arguments[0]], cluster_id=None)
    e2 = clusters.rename_cluster(uow, table_id=table["id"], cluster_id=c1["cluster_id"], name="B")
    assert e2[0].seq == e1[0].seq + 1
    assert e2[0].payload["clusters"] == services.snapshot(uow, table_id=table["id"], for_console=True)["clusters"]


def test_suggestions_group_dutch_arguments_by_theme_and_change_nothing(uow, table):
    from tests.support.dutch_arguments import THEMES

    phone = services.join_table(uow, table_id=table["id"], display_name=None)[0]
    theme_of = {}
    for theme, texts in THEMES.items():
        for text in texts:
            argument_id = argument_services.submit_argument(
                uow, table_id=table["id"], participant_id=None if len(theme_of) % 2 else phone,
                client_id=str(uuid.uuid4()), stance="voor", text=text)[0]
            theme_of[argument_id] = theme
    before = services.snapshot(uow, table_id=table["id"], for_console=True)
    suggestions = clusters.suggest_clusters(uow, table_id=table["id"], language="nl")["suggestions"]
    assert services.snapshot(uow, table_id=table["id"], for_console=True) == before
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


def _submit(uow, table, texts):
    phone = services.join_table(uow, table_id=table["id"], display_name=None)[0]
    return [argument_services.submit_argument(uow, table_id=table["id"], participant_id=phone,
                                              client_id=str(uuid.uuid4()), stance="voor", text=t)[0] for t in texts]


def test_the_rest_is_proposed_to_the_groups_it_is_like_and_nothing_changes(uow, table):
    glijbaan, schommel, bankjes, zitbank, speeltoestel, zitplek, wifi, hidden = _submit(uow, table, [
        "De glijbaan is kapot", "Een nieuwe schommel", "Meer bankjes", "Zitbanken bij de bushalte",
        "Speeltoestellen voor peuters", "Een zitplek in de schaduw", "Wifi werkt slecht", "Een extra schommel"])
    argument_services.hide_argument(uow, table_id=table["id"], argument_id=hidden, reason="dubbel")
    _, spelen = clusters.create_cluster(uow, table_id=table["id"], name="Spelen", argument_ids=[glijbaan, schommel])
    _, zitten = clusters.create_cluster(uow, table_id=table["id"], name="Zitten", argument_ids=[bankjes, zitbank])
    clusters.create_cluster(uow, table_id=table["id"], name="Leeg")
    before = services.snapshot(uow, table_id=table["id"], for_console=True)

    proposals = clusters.suggest_placements(uow, table_id=table["id"], language="nl")["placements"]

    assert services.snapshot(uow, table_id=table["id"], for_console=True) == before
    # The hidden argument and the one that shares nothing get no proposal; the empty group is never proposed.
    assert [(p["argument_id"], p["cluster_id"]) for p in proposals] == [
        (speeltoestel, spelen["cluster_id"]), (zitplek, zitten["cluster_id"])]
    assert all(p["second_cluster_id"] in (None, spelen["cluster_id"], zitten["cluster_id"]) for p in proposals)


def test_all_proposals_are_placed_in_one_change_that_one_undo_takes_back(uow, table):
    a, b, c, d = _submit(uow, table, ["De glijbaan is kapot", "Meer bankjes", "Een schommel", "Zitbanken"])
    _, spelen = clusters.create_cluster(uow, table_id=table["id"], name="Spelen", argument_ids=[a])
    _, zitten = clusters.create_cluster(uow, table_id=table["id"], name="Zitten", argument_ids=[b])

    events = clusters.place_arguments(uow, table_id=table["id"], placements=[
        {"argument_id": c, "cluster_id": spelen["cluster_id"]}, {"argument_id": d, "cluster_id": zitten["cluster_id"]}])

    assert events[0].name == "clusters_changed"
    assert layout(uow, table) == [("Spelen", [a, c]), ("Zitten", [b, d])]
    clusters.undo_cluster_change(uow, table_id=table["id"])
    assert layout(uow, table) == [("Spelen", [a]), ("Zitten", [b])]


@pytest.mark.parametrize("placements, code", [
    ([], "invalid_payload"), ("1:2", "invalid_payload"), ([{"argument_id": 1}], "invalid_payload"),
    ([{"argument_id": True, "cluster_id": 1}], "invalid_payload"),
    ([{"argument_id": "A", "cluster_id": "Z"}], "invalid_payload"),
    ("twice", "invalid_payload"), ("unknown argument", "argument_not_found"), ("unknown cluster", "cluster_not_found"),
])
def test_placing_refuses_bad_input_and_changes_nothing(uow, table, placements, code):
    a, b = _submit(uow, table, ["De glijbaan is kapot", "Een schommel"])
    _, spelen = clusters.create_cluster(uow, table_id=table["id"], name="Spelen", argument_ids=[a])
    cases = {"twice": [{"argument_id": b, "cluster_id": spelen["cluster_id"]}, {"argument_id": b, "cluster_id": 999}],
             "unknown argument": [{"argument_id": 99_999, "cluster_id": spelen["cluster_id"]}],
             "unknown cluster": [{"argument_id": b, "cluster_id": 99_999}]}
    before = services.snapshot(uow, table_id=table["id"], for_console=True)

    with pytest.raises(DomainError, match=code):
        clusters.place_arguments(uow, table_id=table["id"], placements=cases[placements] if isinstance(placements, str) and placements in cases else placements)

    assert services.snapshot(uow, table_id=table["id"], for_console=True) == before


def test_an_argument_about_an_option_stands_with_it_and_another_tables_option_is_refused(uow, table, arguments):
    _, cluster = clusters.create_cluster(uow, table_id=table["id"], name="Spelen", argument_ids=arguments[:1])
    _, option = clusters.save_option(uow, table_id=table["id"], cluster_id=cluster["cluster_id"], title="Speeltuin",
                                     cost_euros=8000)
    services.set_phase(uow, table_id=table["id"], phase="afwegen")
    phone = services.join_table(uow, table_id=table["id"], display_name=None)[0]
    argument_id, _, events = argument_services.submit_argument(
        uow, table_id=table["id"], participant_id=phone, client_id=str(uuid.uuid4()), stance="tegen",
        text="Te duur", option_id=option["option_id"])
    assert [e.name for e in events] == ["argument_added", "clusters_changed"]
    assert layout(uow, table) == [("Spelen", [arguments[0], argument_id])]

    _, _, other = make_table(uow, email="ander@example.nl", title="Ander")
    services.set_phase(uow, table_id=other["id"], phase="afwegen")
    before = services.snapshot(uow, table_id=other["id"], for_console=True)
    for bad, code in [(option["option_id"], "option_not_found"), (999_999, "option_not_found"), ("1", "invalid_payload")]:
        with pytest.raises(DomainError) as refused:
            argument_services.submit_argument(uow, table_id=other["id"], participant_id=None, client_id=str(uuid.uuid4()),
                                              stance="voor", text="Kaping", option_id=bad)
        assert refused.value.code == code
    assert services.snapshot(uow, table_id=other["id"], for_console=True) == before
