"""A round of three tables with options, ready for its plenary vote (services only)."""
import uuid
from datetime import date, datetime, timezone

from sessions import (
    account_services, argument_services, cluster_services, commands, round_services, table_services,
)

STARTS = datetime(2027, 1, 1, 19, tzinfo=timezone.utc)
# Per table: (title, euros) of its options. The round's budget is € 20.000.
TABLE_OPTIONS = {
    "Noord": (("Speeltuin", 8000), ("Bomen", 3000)),
    "Zuid": (("Speelplek", 7000), ("Bankjes", 2000)),
    "Oost": (("Moestuin", 4000), ("Kunstwerk", 15000)),
}


def round_with_tables(uow, *, email="org@example.nl", budget_cents=2_000_000):
    organiser = account_services.create_organiser(uow, email=email, password="lang genoeg wachtwoord")
    budget_round = round_services.create_round(uow, organiser_id=organiser, name="Buurtbudget", neighbourhood="Noord",
                                               budget_cents=budget_cents, starts_on=date(2027, 1, 1),
                                               ends_on=date(2027, 3, 31))
    round_services.save_round_frame(uow, organiser_id=organiser, round_id=budget_round["id"], goals="", conditions="",
                                    rule="mes", combination="plenary")
    tables, options = {}, {}
    for title, table_options in TABLE_OPTIONS.items():
        table = round_services.create_table(uow, organiser_id=organiser, round_id=budget_round["id"], title=title,
                                            place="Buurthuis", starts_at=STARTS)
        tables[title] = table
        table_services.set_phase(uow, commands.SetPhase(phase="inbreng"), table_id=table["id"])
        for option_title, euros in table_options:
            argument = argument_services.submit_argument(uow, commands.SubmitArgument(
                client_id=str(uuid.uuid4()), stance="voor", text=f"Graag {option_title.lower()}"),
                table_id=table["id"], participant_id=None).ack["argument_id"]
            cluster = cluster_services.create_cluster(uow, commands.CreateCluster(
                name=option_title, argument_ids=[argument]), table_id=table["id"]).ack["cluster_id"]
            options[option_title] = cluster_services.save_option(uow, commands.SaveOption(
                cluster_id=cluster, title=option_title, cost_euros=euros), table_id=table["id"]).ack["option_id"]
    return organiser, budget_round, tables, options
