"""The money fields' preview reads the typed amount with the parser that saves it, in the
page's language, and the socket's save_option reads the same text the same way."""
import pytest

from sessions import cluster_services, commands, round_services, table_services
from sessions.errors import DomainError


@pytest.mark.parametrize("typed, cents, shown", [
    ("3.000", 300_000, "€\u00a03.000"), ("€ 3.000,-", 300_000, "€\u00a03.000"), ("3.000,50", 300_050, "€\u00a03.000,50"),
    ("12,5", 1_250, "€\u00a012,50"), ("3\u202f000", 300_000, "€\u00a03.000"),
])
def test_a_dutch_page_previews_the_amount_as_it_will_be_saved(client, typed, cents, shown):
    answer = client.get("/money/preview", query_string={"amount": typed}).get_json()
    assert answer == {"ok": True, "cents": cents, "shown": shown}


def test_an_english_page_reads_the_english_way(client):
    client.get("/lang/en")
    assert client.get("/money/preview?amount=3,000.50").get_json()["cents"] == 300_050
    refused = client.get("/money/preview?amount=12,5").get_json()
    assert refused["ok"] is False and refused["error"] == "amount_ambiguous"
    assert refused["message"].endswith("Write the amount as 3,500 or 3.50.")


@pytest.mark.parametrize("typed, code", [
    ("12,5,0", "amount_invalid"), ("3.5", "amount_ambiguous"), ("-5", "amount_negative"), ("", "amount_required"),
    ("1" * 41, "amount_invalid"),
])
def test_an_amount_that_cannot_be_read_is_answered_with_how_to_write_it(client, typed, code):
    answer = client.get("/money/preview", query_string={"amount": typed}).get_json()
    assert answer["ok"] is False and answer["error"] == code
    assert "3.000" in answer["message"] or "3.500" in answer["message"]


def test_no_amount_at_all_is_asked_for(client):
    assert client.get("/money/preview").get_json()["error"] == "amount_required"


def test_an_options_typed_cost_is_read_in_the_consoles_language_and_a_refusal_keeps_the_cost(uow):
    from datetime import date, datetime, timezone
    from sessions import account_services, argument_services
    organiser = account_services.create_organiser(uow, email="o@example.nl", password="lang genoeg wachtwoord")
    budget_round = round_services.create_round(uow, organiser_id=organiser, name="R", neighbourhood="N",
                                               budget_cents=10_000_000, starts_on=date(2027, 1, 1), ends_on=date(2027, 1, 2))
    table = round_services.create_table(uow, organiser_id=organiser, round_id=budget_round["id"], title="T", place="p",
                                        starts_at=datetime(2027, 1, 1, 19, tzinfo=timezone.utc))
    table_services.set_phase(uow, commands.SetPhase(phase="inbreng"), table_id=table["id"])
    argument = argument_services.submit_argument(
        uow, commands.SubmitArgument(client_id="0a5c1f3e-aaaa-bbbb-cccc-111122223333", stance="voor", text="Bankjes"),
        table_id=table["id"], participant_id=None).ack["argument_id"]
    cluster = cluster_services.create_cluster(uow, commands.CreateCluster(argument_ids=[argument]),
                                              table_id=table["id"]).ack["cluster_id"]

    def save(cost, locale):
        return cluster_services.save_option(uow, commands.SaveOption(cluster_id=cluster, title="Bankjes", cost=cost),
                                            table_id=table["id"], locale=locale)

    assert save("3.000,50", "nl_NL").ack["cost_cents"] == 300_050
    assert save("3,000.50", "en_GB").ack["cost_cents"] == 300_050
    with pytest.raises(DomainError) as refused:
        save("3.00.0", "nl_NL")
    assert refused.value.code == "amount_invalid"
    snapshot = table_services.snapshot(uow, table_id=table["id"], for_console=True)
    assert [o["cost_cents"] for o in snapshot["options"]] == [300_050]
