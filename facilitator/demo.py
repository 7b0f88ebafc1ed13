"""A realistic Dutch demo round: two finished tables, built through the same service
functions the live table uses, so a newcomer sees every screen and every format of
the minutes at once (`flask --app facilitator demo`)."""
from datetime import date, datetime, timedelta, timezone

from sessions import (
    argument_services, ballot_services, cluster_services, commands, consensus_services, frame_consent_services, frame_services,
    round_services,
    table_services,
)
from sessions.unit_of_work import UnitOfWork

ROUND = {"name": "Buurtbudget Oosterpark 2026", "neighbourhood": "Oosterparkwijk", "budget_cents": 50_000_00}

# Per table: who came, the frame, the options with the arguments about them, the
# ballots (indexes into the options), and the consensus rounds (signals per person).
TABLES = [
    {
        "title": "Groen en spelen", "place": "Buurthuis De Kastanje, zaal 1", "facilitator": "Fatima el Amrani",
        "names": ["Anneke", "Bram", "Chaimae", "Dirk", "Esra", "Floor", "Gert", None],
        "goals": "Een groenere, veiligere buurt waar kinderen buiten kunnen spelen.",
        "roles": "Fatima leidt het gesprek; een deelnemer houdt de tijd bij.",
        "conditions": "Alleen plannen die binnen een jaar uitgevoerd kunnen worden.",
        "options": [
            ("Speeltoestellen Kastanjeplein", "Nieuwe klim- en glijtoestellen voor 4 tot 12 jaar.", 18_000, [
                ("voor", "De huidige toestellen zijn twintig jaar oud en staan deels afgezet."),
                ("voor", "Kinderen spelen nu op straat tussen de auto's."),
                ("tegen", "Het plein is 's avonds een hangplek; eerst daar iets aan doen."),
            ]),
            ("Geveltuinen in de Vogelbuurt", "Honderd geveltuinen met planten en begeleiding.", 8_000, [
                ("voor", "Geveltuinen koelen de straat in hete zomers."),
                ("idee", "Laat bewoners per straat samen de planten kiezen."),
            ]),
            ("Bomen langs de Parkweg", "Twaalf nieuwe bomen met boomspiegels.", 21_000, [
                ("voor", "Er is op de Parkweg bijna geen schaduw."),
                ("tegen", "Bomen nemen parkeerplaatsen weg."),
            ]),
            ("Moestuin bij de school", "Een schooltuin die de buurt na schooltijd mag gebruiken.", 9_500, [
                ("voor", "Kinderen leren waar hun eten vandaan komt."),
                ("idee", "Samenwerken met de voedselbank voor de oogst."),
            ]),
        ],
        "loose": [("idee", "Een buurtfeest om de nieuwe plannen te vieren.")],
        "hidden": ("tegen", "Die van nummer 14 zeurt altijd, niet naar luisteren.", "Persoonlijke aanval"),
        "ballots": [[0, 1, 3], [0, 2], [1, 2, 3], [0, 1, 3], [0, 3], [2, 1], [0, 1, 3], [1, 3]],
        "paper": [("Stembiljet 1", [0, 1])],
        "consensus": [
            ([0, 1, 3], [1, 2, 2, 3, 5, 1, 2, 1], {4: "Eerst de hangplek aanpakken, anders wordt het plein niet gebruikt."}),
            ([0, 1, 3], [1, 1, 2, 2, 3, 1, 2, 1], {3: "Wel graag afspraken met de wijkagent over het plein."}),
        ],
    },
    {
        "title": "Verkeer en ontmoeten", "place": "Buurthuis De Kastanje, zaal 2", "facilitator": "Joost de Vries",
        "names": ["Hanna", "Ibrahim", "Jolien", "Kees", "Lotte", "Mehmet"],
        "goals": "Veilig oversteken en meer plekken om elkaar te ontmoeten.",
        "roles": "Joost leidt het gesprek.",
        "conditions": "Geen plannen die de gemeente al uit ander geld betaalt.",
        "options": [
            ("Zebrapad bij basisschool De Regenboog", "Een verhoogd zebrapad met verlichting.", 15_000, [
                ("voor", "Elke ochtend gaat het bijna mis bij het oversteken."),
                ("tegen", "Een zebrapad alleen helpt niet; er wordt te hard gereden."),
            ]),
            ("Bankjes en picknicktafels in het park", "Tien bankjes en vier picknicktafels.", 6_500, [
                ("voor", "Ouderen kunnen nu nergens even uitrusten."),
                ("voor", "Een picknicktafel brengt buren bij elkaar."),
            ]),
            ("Buurtkamer in de oude bibliotheek", "Inrichting en een jaar huur voor een buurtkamer.", 24_000, [
                ("voor", "Er is geen plek waar je zonder iets te kopen kunt zitten."),
                ("tegen", "Wie gaat dat beheren? Vrijwilligers zijn schaars."),
                ("idee", "Combineer de buurtkamer met een repaircafé."),
            ]),
        ],
        "loose": [("idee", "Meer verlichting op het fietspad langs het water.")],
        "hidden": ("voor", "Bel mij: 06-12345678", "Bevat een telefoonnummer"),
        "ballots": [[0, 1], [0, 2], [0, 1, 2], [1, 2], [0, 1], [0, 2]],
        "paper": [],
        "consensus": [([0, 1, 2], [1, 2, 2, 1, 3, 2], {})],
    },
]


def create_demo_round(uow: UnitOfWork, *, organiser_id: int, today: date) -> dict:
    """The demo round and its tables; returns their ids and titles."""
    budget_round = round_services.create_round(
        uow, organiser_id=organiser_id, starts_on=today - timedelta(days=14), ends_on=today + timedelta(days=14),
        **ROUND)
    evening = datetime.combine(today - timedelta(days=7), datetime.min.time(), tzinfo=timezone.utc) + timedelta(hours=17)
    tables = [_finished_table(uow, organiser_id, budget_round["id"], spec, evening + timedelta(minutes=15 * n))
              for n, spec in enumerate(TABLES)]
    return {"round_id": budget_round["id"], "tables": tables}


# The frame is agreed by the table: a first proposal meets an objection, the amended one is agreed.
FRAME_OBJECTION = "Wie zorgt voor het onderhoud na het eerste jaar?"
FRAME_AMENDMENT = "Het onderhoud voor vijf jaar telt mee in de kosten."


def _agreed_frame(uow: UnitOfWork, table_id: int, spec: dict, people: list[int]) -> None:
    frame = {"goals": spec["goals"], "roles": spec["roles"], "conditions": spec["conditions"], "ballot_form": "kiezen",
             "rule": "mes", "consensus_rule": "consent"}
    for amended, levels in ((False, [5, 1, 2]), (True, [1, 2, 1])):
        if amended:
            frame["conditions"] = f"{spec['conditions']} {FRAME_AMENDMENT}"
        frame_services.save_frame(uow, commands.SaveFrame(**frame), table_id=table_id)
        frame_consent_services.propose_frame(uow, commands.ProposeFrame(), table_id=table_id)
        for person, level in zip(people, levels):
            reason = FRAME_OBJECTION if level == 5 else None
            frame_consent_services.give_frame_signal(uow, commands.GiveFrameSignal(level=level, reason=reason),
                                                     table_id=table_id, participant_id=person)
        frame_consent_services.give_paper_frame_signal(
            uow, commands.GivePaperFrameSignal(paper_label="Kaart 1", level=1, reason=None), table_id=table_id)
        frame_consent_services.close_frame_round(uow, commands.CloseFrameRound(), table_id=table_id)


def _finished_table(uow: UnitOfWork, organiser_id: int, round_id: int, spec: dict, starts_at: datetime) -> dict:
    table = round_services.create_table(uow, organiser_id=organiser_id, round_id=round_id, title=spec["title"],
                                  place=spec["place"], starts_at=starts_at, facilitator_name=spec["facilitator"])
    table_id = table["id"]

    def phase(name: str) -> None:
        table_services.set_phase(uow, commands.SetPhase(phase=name), table_id=table_id)

    people = [table_services.join_table(uow, table_id=table_id, display_name=name).ack["participant_id"] for name in spec["names"]]
    phase("kaders")
    _agreed_frame(uow, table_id, spec, people)
    phase("inbreng")
    argument_ids: list[list[int]] = []
    counter = 0
    for _title, _description, _cost, arguments in spec["options"]:
        ids = []
        for stance, text in arguments:
            counter += 1
            # Every fourth argument came on paper and the facilitator typed it in.
            author = None if counter % 4 == 0 else people[counter % len(people)]
            ids.append(argument_services.submit_argument(uow, commands.SubmitArgument(client_id=f"demo-{table_id}-{counter}", stance=stance, text=text), table_id=table_id, participant_id=author).ack["argument_id"])
        argument_ids.append(ids)
    for n, (stance, text) in enumerate(spec["loose"]):
        argument_services.submit_argument(uow, commands.SubmitArgument(client_id=f"demo-{table_id}-loose-{n}", stance=stance, text=text), table_id=table_id, participant_id=people[0])
    stance, text, reason = spec["hidden"]
    hidden_id = argument_services.submit_argument(uow, commands.SubmitArgument(client_id=f"demo-{table_id}-hidden", stance=stance, text=text), table_id=table_id, participant_id=people[1]).ack["argument_id"]
    argument_services.hide_argument(uow, commands.HideArgument(argument_id=hidden_id, reason=reason), table_id=table_id)

    phase("ordenen")
    option_ids = []
    for (title, description, cost, _arguments), ids in zip(spec["options"], argument_ids):
        cluster_id = cluster_services.create_cluster(uow, commands.CreateCluster(name=title, argument_ids=ids), table_id=table_id).ack["cluster_id"]
        option_ids.append(cluster_services.save_option(uow, commands.SaveOption(cluster_id=cluster_id, title=title, cost_euros=cost, description=description), table_id=table_id).ack["option_id"])
    phase("afwegen")
    for n, person in enumerate(people):
        for m, ids in enumerate(argument_ids):
            value = ("agree", "agree", "disagree", "pass")[(n + m) % 4]
            argument_services.react(uow, commands.React(argument_id=ids[0], value=value), table_id=table_id, participant_id=person)

    phase("verdelen")
    ballot_services.open_ballot_round(uow, commands.OpenBallotRound(), table_id=table_id)
    for person, choice in zip(people, spec["ballots"]):
        ballot_services.cast_ballot(uow, commands.CastBallot(approved=[option_ids[i] for i in choice]), table_id=table_id, participant_id=person)
    for label, choice in spec["paper"]:
        ballot_services.cast_paper_ballot(uow, commands.CastPaperBallot(paper_label=label, approved=[option_ids[i] for i in choice]), table_id=table_id)
    ballot_services.close_ballot_round(uow, commands.CloseBallotRound(), table_id=table_id)

    phase("besluiten")
    for proposal, levels, reasons in spec["consensus"]:
        consensus_services.propose(uow, commands.Propose(option_ids=[option_ids[i] for i in proposal], based_on_rule="mes"), table_id=table_id)
        for n, (person, level) in enumerate(zip(people, levels)):
            consensus_services.give_signal(uow, commands.GiveSignal(level=level, reason=reasons.get(n)), table_id=table_id, participant_id=person)
        consensus_services.close_consensus_round(uow, commands.CloseConsensusRound(), table_id=table_id)
    consensus_services.record_decision(uow, commands.RecordDecision(), table_id=table_id)
    phase("afgerond")
    table_services.close_table(uow, commands.CloseTable(), table_id=table_id)
    return {"id": table_id, "title": spec["title"], "join_code": table["join_code"]}
