"""Every format of the minutes, from the one record sessions/minutes.py builds.

The record is laid out once, per language, as a list of blocks (headings, paragraphs,
lists, tables); Markdown, Word and the HTML that WeasyPrint prints as PDF each only
write those blocks. CSV, JSON and Pabulib are written from the record itself. No
renderer queries the database.
"""
import csv
import io
import json
import re
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable

from flask import Response, current_app, render_template
from flask_babel import force_locale, get_locale, gettext as _

from sessions.minutes import minutes_as_pb
from sessions.views import budget_bar
from sessions.text import strip_unholdable

from .offload import run_heavy
from .i18n import BALLOT_FORMS, COMBINATIONS, CONSENSUS_RULE_EXPLANATIONS, CONSENSUS_RULES, OUTCOMES, PHASE_NAMES, \
    ROUND_RULE_SENTENCES, RULE_EXPLANATIONS, RULES, SIGNALS, budget_bar_strings, euros, from_iso, local_datetime, long_date

FORMATS = ("pdf", "docx", "md", "csv", "json", "pb", "html")
MIMETYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
    "csv": "application/zip",
    "json": "application/json",
    "pb": "text/plain; charset=utf-8",
    "html": "text/html; charset=utf-8",
}
# Seconds of CPU for a busy table (bench/minutes_bench.py): rendered off the event loop.
HEAVY_FORMATS = ("pdf", "docx")
# What each format's file is called; the csv format is a zip of csv files.
EXTENSIONS = {**{f: f for f in FORMATS}, "csv": "zip"}
PHASE_NAME = {phase.value: name for phase, name in PHASE_NAMES.items()}
MINUTES_CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "minutes.css"


@dataclass
class Block:
    # heading | paragraph | list | table | note | draft (the note that marks a draft) |
    # budget_bar and tally: pictures, with `picture` their data and `text` what they say in words
    kind: str
    text: str = ""
    level: int = 2
    items: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    picture: dict[str, Any] | None = None


@dataclass(frozen=True)
class Rendered:
    body: bytes
    mimetype: str
    filename: str

    def as_download(self) -> Response:
        return Response(self.body, mimetype=self.mimetype,
                        headers={"Content-Disposition": f'attachment; filename="{self.filename}"'})


def render_minutes(record: dict[str, Any], fmt: str, *, language: str) -> Rendered:
    """A table's minutes (sessions.minutes.table_minutes) or a round's (round_minutes) in one format."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    is_round = "tables" in record
    tables = record["tables"] if is_round else [record]
    name = f"verslag-ronde-{record['round']['id']}" if is_round else f"verslag-tafel-{record['table']['id']}"
    filename = f"{name}.{EXTENSIONS[fmt]}"
    if fmt == "json":
        body = json.dumps(record, ensure_ascii=False, indent=2).encode()
    elif fmt == "pb":
        body = _pb(tables, many=is_round)
        if is_round:
            filename = f"{name}-pabulib.zip"
    elif fmt == "csv":
        body = _csv_zip(tables, round_record=record if is_round else None)
    else:
        with force_locale(language):
            blocks = _blocks(record)
            if fmt == "md":
                body = _markdown(blocks).encode()
            elif fmt == "docx":
                body = _docx(blocks, title=blocks[0].text, language=language)
            else:
                html = _html(blocks, draft=record["draft"], language=language, inline_css=True)
                body = html.encode() if fmt == "html" else _pdf(html)
    mimetype = "application/zip" if filename.endswith(".zip") else MIMETYPES[fmt]
    return Rendered(body, mimetype, filename)


def minutes_response(record: dict[str, Any], *, fmt: str, language: str) -> Response:
    """`html` is a page in the browser; every other format a download."""
    if fmt == "html":
        return Response(minutes_page(record, language=language), mimetype=MIMETYPES["html"])
    if fmt in HEAVY_FORMATS:
        return run_heavy("render", render_minutes, record, fmt, language=language).as_download()
    return render_minutes(record, fmt, language=language).as_download()


def minutes_page(record: dict[str, Any], *, language: str) -> str:
    """The minutes of a table or a round as a page of the app (the organiser's view);
    it links its style sheet, as the Content-Security-Policy wants."""
    with force_locale(language):
        return _html(_blocks(record), draft=record["draft"], language=language, inline_css=False)


def minutes_blocks(record: dict[str, Any], *, language: str) -> list[dict[str, Any]]:
    """The laid-out minutes as data, for the wall to draw the draft with text only."""
    with force_locale(language):
        return [asdict(block) for block in _blocks(record)]


def _blocks(record: dict[str, Any]) -> list[Block]:
    return _round_blocks(record) if "tables" in record else _table_blocks(record, level=1)


def _html(blocks: list[Block], *, draft: bool, language: str, inline_css: bool) -> str:
    return render_template("minutes/document.html", blocks=blocks, title=blocks[0].text, language=language,
                           draft=draft, inline_css=MINUTES_CSS.read_text() if inline_css else None)


# -- the layout: what the minutes say, in the reader's language ---------------------------

def _round_blocks(record: dict[str, Any]) -> list[Block]:
    budget_round, summary = record["round"], record["summary"]
    blocks = [Block("heading", _("Minutes of the round “%(name)s”", name=budget_round["name"]), level=1)]
    if record["draft"]:
        blocks.append(Block("draft", _("Draft: not every table of this round is closed yet.")))
    blocks.append(Block("table", header=[_("Item"), _("Value")], rows=[
        [_("Neighbourhood"), budget_round["neighbourhood"]],
        [_("Period"), f"{long_date(from_iso(budget_round['starts_on']))} – {long_date(from_iso(budget_round['ends_on']))}"],
        [_("Budget"), euros(summary["budget_cents"])],
        [_("Tables"), str(summary["tables"])],
        [_("Participants"), str(summary["participants"])],
    ]))
    blocks += _round_frame_blocks(record)
    blocks.append(Block("heading", _("Decided allocations side by side"), level=2))
    rows = []
    for table in record["tables"]:
        decision = table["decision"]
        titles = _titles(table)
        rows.append([table["table"]["title"],
                     str(OUTCOMES[decision["outcome"]]) if decision else _("not decided yet"),
                     ", ".join(titles[i] for i in decision["option_ids"]) if decision else "",
                     euros(decision["total_cost_cents"]) if decision else ""])
    rows.append([_("Total"), "", "", euros(summary["decided_total_cents"])])
    blocks.append(Block("table", header=[_("Table"), _("Decision"), _("Funded options"), _("Amount")], rows=rows))
    if summary["left_cents"] < 0:  # each table decides on the round's budget; together they may ask for more
        blocks.append(Block("note", _("Together the tables decided %(over)s more than the round's budget of %(budget)s.",
                                      over=euros(-summary["left_cents"]), budget=euros(summary["budget_cents"]))))
    else:
        blocks.append(Block("paragraph", _("%(decided)s of the round's budget of %(budget)s is allocated; %(left)s is left.",
                                           decided=euros(summary["decided_total_cents"]),
                                           budget=euros(summary["budget_cents"]), left=euros(summary["left_cents"]))))
    blocks += _combination_blocks(record)
    for table in record["tables"]:
        blocks += _table_blocks(table, level=2)
    return blocks


# -- a round of several tables: its frame and how its tables' work became one decision (issue 17)

def _round_frame_blocks(record: dict[str, Any]) -> list[Block]:
    frame = record["round_frame"]
    blocks = [Block("heading", _("Frame of the round"), level=2)]
    if not frame["recorded"]:
        blocks.append(Block("paragraph", _("The organiser recorded no frame for the round: each table decided on "
                                           "its own, on the whole round budget.")))
        return blocks
    rows = [[_("Goals of the round"), frame["goals"]] if frame["goals"] else None,
            [_("Conditions of the round"), frame["conditions"]] if frame["conditions"] else None,
            [_("How votes are counted"), str(ROUND_RULE_SENTENCES[frame["rule"]])],
            [_("How the tables' work becomes one decision"), str(COMBINATIONS[frame["combination"]])]]
    blocks.append(Block("table", header=[_("Item"), _("Value")], rows=[row for row in rows if row]))
    return blocks


def _combination_blocks(record: dict[str, Any]) -> list[Block]:
    """Each table's budget and decision, and the round's one allocation from them."""
    combination = record["combination"]
    titles = {t["table"]["id"]: t["table"]["title"] for t in record["tables"]}
    blocks = [Block("heading", _("How the tables' work became one decision"), level=2),
              Block("paragraph", str(COMBINATIONS[combination["combination"]]))]
    if combination["combination"] == "table_budgets":
        rows = [[titles[t["table_id"]], euros(t["budget_cents"]),
                 euros(t["decided_cents"]) if t["decided_cents"] is not None else _("not decided yet"),
                 euros(t["budget_cents"] - (t["decided_cents"] or 0))] for t in combination["tables"]]
        rows.append([_("Total"), euros(sum(t["budget_cents"] for t in combination["tables"])),
                     euros(combination["asked_cents"]), ""])
        blocks.append(Block("table", header=[_("Table"), _("Share"), _("Decided"), _("Left")], rows=rows))
    blocks.append(Block("heading", _("The round's allocation"), level=3))
    if combination["combination"] == "plenary":
        return blocks + _joint_vote_blocks(record.get("joint_vote"))
    if not combination["combined"]:
        return blocks + [Block("note", _("No allocation for the round: the tables' decisions together cost "
                                         "%(over)s more than the round budget.",
                                         over=euros(combination["over_cents"])))]
    options = {(t["table"]["id"], o["id"]): o for t in record["tables"] for o in t["options"]}
    rows = [[titles[f["table_id"]], options[(f["table_id"], f["option_id"])]["title"],
             euros(options[(f["table_id"], f["option_id"])]["cost_cents"])]
            for f in combination["funded"] if (f["table_id"], f["option_id"]) in options]
    rows.append([_("Total"), "", euros(combination["total_cents"])])
    blocks.append(Block("table", header=[_("Table"), _("Funded options"), _("Amount")], rows=rows))
    decided = [t for t in combination["tables"] if t["decided_cents"]]
    bar = budget_bar(combination["budget_cents"], [
        {"label": titles[t["table_id"]], "cents": t["decided_cents"]} for t in decided])
    blocks.append(Block("budget_bar", text=budget_bar_text(bar), picture=bar))
    blocks.append(Block("paragraph", _("The round's allocation: %(total)s of the round budget of %(budget)s; "
                                       "%(left)s is left.", total=euros(combination["total_cents"]),
                                       budget=euros(combination["budget_cents"]),
                                       left=euros(combination["left_cents"]))))
    return blocks


def _joint_vote_blocks(vote: dict[str, Any] | None) -> list[Block]:
    """The round's joint vote: its ballot with where each option came from and its support,
    what was left out and why, the turnout, and the decision with the rule's reasons."""
    if vote is None:
        return [Block("paragraph", _("The tables' options go to a joint vote of the round; that vote "
                                     "decides the allocation. The round ballot is not built yet."))]
    funded = set((vote["decision"] or {}).get("funded", []))
    rows = [[o["title"], "; ".join(f"{s['title']} ({s['table']})" for s in o["sources"]), euros(o["cost_cents"]),
             str(vote["tally"].get(str(o["id"]), 0)), _("funded") if o["id"] in funded else ""]
            for o in vote["options"]]
    support = _("Points") if vote["ballot_form"] == "verdelen" else _("Votes")
    blocks = [Block("paragraph", _("%(voters)s of %(participants)s participants voted, %(paper)s of them on paper. "
                                   "Counted with: %(rule)s.", voters=vote["turnout"]["voters"],
                                   participants=vote["turnout"]["participants"], paper=vote["turnout"]["on_paper"],
                                   rule=str(RULES[vote["rule"]]) if vote["rule"] else _("not counted yet"))),
              Block("table", header=[_("Round option"), _("From the tables"), _("Amount"), support, _("Decision")],
                    rows=rows)]
    if vote["left_out"]:
        blocks += [Block("paragraph", _("Left out of the round ballot, with the reason:")),
                   Block("list", items=[f"{s['title']} ({s['table']}, {euros(s['cost_cents'])}): {s['reason']}"
                                        for s in vote["left_out"]])]
    if vote["decision"] is None:
        return blocks + [Block("note", _("The organiser has not recorded the round's decision yet."))]
    chosen = [o for o in vote["options"] if o["id"] in funded]
    reasons = [f"{o['title']}: {vote['explanations'][str(o['id'])][str(get_locale())]}"
               for o in chosen if str(o["id"]) in vote["explanations"]]
    if reasons:
        blocks += [Block("paragraph", _("Why, by the round's counting rule:")), Block("list", items=reasons)]
    bar = budget_bar(vote["budget_cents"], [{"label": o["title"], "cents": o["cost_cents"]} for o in chosen])
    blocks.append(Block("budget_bar", text=budget_bar_text(bar), picture=bar))
    total = vote["decision"]["total_cost_cents"]
    return blocks + [Block("paragraph", _("The round's allocation: %(total)s of the round budget of %(budget)s; "
                                          "%(left)s is left.", total=euros(total), budget=euros(vote["budget_cents"]),
                                          left=euros(vote["budget_cents"] - total)))]


def _table_blocks(record: dict[str, Any], *, level: int) -> list[Block]:
    table, budget_round, participants = record["table"], record["round"], record["participants"]
    sub = level + 1
    blocks = [Block("heading", _("Minutes: %(title)s", title=table["title"]), level=level)]
    if record["draft"]:
        blocks.append(Block("draft", _("Draft: the table has not confirmed these minutes yet.")))
    facts = [
        [_("Date"), local_datetime(from_iso(table["starts_at"]))],
        [_("Place"), table["place"]],
        [_("Facilitator"), table["facilitator"] or _("not recorded")],
        [_("Round"), f"{budget_round['name']} ({budget_round['neighbourhood']})"],
        [_("Budget"), euros(budget_round["budget_cents"])],
        *([[_("Round budget"), euros(budget_round["round_budget_cents"])]]
          if budget_round.get("round_budget_cents", budget_round["budget_cents"]) != budget_round["budget_cents"]
          else []),
        [_("Participants"), str(participants["count"])],
    ]
    if table["closed_at"]:
        facts.append([_("Confirmed"), local_datetime(from_iso(table["closed_at"]))])
    blocks.append(Block("table", header=[_("Item"), _("Value")], rows=facts))
    if participants["names_shown"]:
        blocks.append(Block("list", items=[_participant(p) for p in participants["list"]]))
    else:
        blocks.append(Block("paragraph", _("Participants are named by number to keep them anonymous.")))

    blocks += _frame_blocks(record, sub)
    blocks += _argument_blocks(record, sub)
    blocks += _option_blocks(record, sub)
    for ballot_round in record["ballot_rounds"]:
        blocks += _ballot_blocks(record, ballot_round, sub)
    for consensus_round in record["consensus_rounds"]:
        blocks += _consensus_blocks(record, consensus_round, sub)
    blocks += _decision_blocks(record, sub)
    blocks.append(Block("heading", _("Timeline"), level=sub))
    blocks.append(Block("table", header=[_("Time"), _("Phase")], rows=[
        [local_datetime(from_iso(change["at"])), str(PHASE_NAME[change["phase"]])]
        for change in record["phases"]]))
    return blocks


def _participant(participant: dict[str, Any]) -> str:
    label = _("Participant %(number)s", number=participant["number"])
    return f"{label}: {participant['name']}" if participant["name"] else label


def _frame_blocks(record: dict[str, Any], level: int) -> list[Block]:
    frame, frame_rounds = record["frame"], record.get("frame_rounds", [])
    blocks = [Block("heading", _("The agreed frame"), level=level)]
    if not frame["recorded"] and not frame_rounds:
        return blocks + [Block("paragraph", _("No frame was recorded."))]
    if frame["agreed"]:
        blocks.append(Block("paragraph", _("Agreed by the table in frame proposal %(number)s.",
                                           number=frame["agreed_round"])))
    else:
        blocks.append(Block("paragraph", _("The table did not agree a frame; the frame the facilitator recorded applied.")))
    rows = [[_("Goals"), frame["goals"]], [_("Roles"), frame["roles"]], [_("Conditions"), frame["conditions"]],
            [_("How we vote"), str(BALLOT_FORMS[frame["ballot_form"]])],
            [_("How votes become an allocation"),
             f'{RULES[frame["rule"]]}: {RULE_EXPLANATIONS[frame["rule"]]}'],
            [_("How we decide"),
             f'{CONSENSUS_RULES[frame["consensus_rule"]]}: {CONSENSUS_RULE_EXPLANATIONS[frame["consensus_rule"]]}']]
    blocks.append(Block("table", header=[_("Item"), _("Agreed") if frame["agreed"] else _("Recorded")],
                        rows=[r for r in rows if r[1]]))
    for frame_round in frame_rounds:
        blocks += _frame_round_blocks(frame_round, level + 1)
    return blocks


def _frame_round_blocks(frame_round: dict[str, Any], level: int) -> list[Block]:
    """One time the frame was put to the table: what was proposed, the tally, the outcome
    and the reasons of any objection. An earlier agreed version stays here."""
    proposal = frame_round["proposal"]
    if frame_round["agreed"]:
        state = _("agreed") if frame_round["governs"] else _("agreed, later replaced")
    else:
        state = _("not agreed")
    blocks = [Block("heading", _("Frame proposal %(number)s (%(state)s)", number=frame_round["number"], state=state),
                    level=level),
              Block("paragraph", _("Proposed: %(form)s; %(rule)s; %(consensus)s. Judged by: %(decided_by)s.",
                                   form=str(BALLOT_FORMS[proposal["ballot_form"]]), rule=str(RULES[proposal["rule"]]),
                                   consensus=str(CONSENSUS_RULES[proposal["consensus_rule"]]),
                                   decided_by=str(CONSENSUS_RULES[frame_round["decided_by"]]))),
              _tally_block(frame_round["tally"])]
    if frame_round["paper"]:
        blocks.append(Block("paragraph", _("Of these, %(count)s on paper.", count=frame_round["paper"])))
    outcome = frame_round["outcome"]
    blocks.append(Block("paragraph", _("Outcome: %(outcome)s.", outcome=str(OUTCOMES[outcome])) if outcome
                        else _("This round is still open.")))
    if frame_round["objections"]:
        blocks += [Block("paragraph", _("Objections and their reasons:")), Block("list", items=frame_round["objections"])]
    if frame_round["notes"]:
        blocks += [Block("paragraph", _("Notes and doubts:")), Block("list", items=frame_round["notes"])]
    return blocks


def _argument_line(argument: dict[str, Any]) -> str:
    stance = {"voor": _("For"), "tegen": _("Against"), "idee": _("Idea")}[argument["stance"]]
    reactions = argument["reactions"]
    details = [_("agree %(n)s", n=reactions["agree"]), _("disagree %(n)s", n=reactions["disagree"]),
               _("pass %(n)s", n=reactions["pass"])]
    if argument["supporters"] > 1:
        details.append(_("%(n)s people said this", n=argument["supporters"]))
    source = _("via the facilitator") if argument["via_facilitator"] else (
        _("Participant %(number)s", number=argument["participant_number"]) if argument["participant_number"] else "")
    return f"[{stance}] {argument['text']} ({'; '.join(filter(None, [source, ', '.join(details)]))})"


def _argument_blocks(record: dict[str, Any], level: int) -> list[Block]:
    blocks = [Block("heading", _("Arguments by option"), level=level)]
    arguments = record["arguments"]
    if not arguments:
        return blocks + [Block("paragraph", _("No arguments were recorded."))]
    titles = _titles(record)
    # Every option is listed, also one nobody argued about; other groups only when not empty.
    groups = [(f"{titles[o['id']]} ({euros(o['cost_cents'])})", [a for a in arguments if a["option_id"] == o["id"]],
               True) for o in record["options"]]
    groups += [(g["name"] or _("Unnamed group"), [a for a in arguments if a["group_id"] == g["id"]], False)
               for g in record["groups"] if g["option_id"] is None]
    groups.append((_("Not in a group"), [a for a in arguments if a["group_id"] is None], False))
    for heading, members, is_option in groups:
        if members or is_option:
            blocks.append(Block("heading", heading, level=level + 1))
            blocks.append(Block("list", items=[_argument_line(a) for a in members]) if members
                          else Block("paragraph", _("No arguments about this option.")))
    return blocks


def _option_blocks(record: dict[str, Any], level: int) -> list[Block]:
    blocks = [Block("heading", _("Options and their costs"), level=level)]
    if not record["options"]:
        return blocks + [Block("paragraph", _("No options were made."))]
    rows = [[o["title"], o["description"] or "", o["carried_by"] or "", euros(o["cost_cents"])]
            for o in record["options"]]
    rows.append([_("Total"), "", "", euros(record["total_cost_cents"])])
    return blocks + [
        Block("table", header=[_("Option"), _("Description"), _("Carried by"), _("Cost")], rows=rows),
        Block("paragraph", _("The budget is %(budget)s.", budget=euros(record["round"]["budget_cents"])))]


def _ballot_blocks(record: dict[str, Any], ballot_round: dict[str, Any], level: int) -> list[Block]:
    titles = _titles(record)
    blocks = [Block("heading", _("Voting round %(number)s", number=ballot_round["number"]), level=level),
              Block("paragraph", _("%(form)s. %(turnout)s ballots, of which %(paper)s on paper.",
                                   form=str(BALLOT_FORMS[ballot_round["ballot_form"]]),
                                   turnout=ballot_round["turnout"], paper=ballot_round["paper"]))]
    support = ballot_round["support"]
    unit = _("points") if ballot_round["ballot_form"] == "verdelen" else _("votes")
    blocks.append(Block("table", header=[_("Option"), unit.capitalize()],
                        rows=[[titles[i], str(support.get(str(i), 0))] for i in titles]))
    results = ballot_round["results"]
    if results is None:
        return blocks + [Block("paragraph", _("This round is still open: no results yet."))]
    language = str(get_locale())
    for rule, outcome in results.items():
        blocks.append(Block("heading", str(RULES[rule]), level=level + 1))
        blocks.append(Block("table", header=[_("Option"), _("Funded"), _("Why")], rows=[
            [titles[int(option_id)], _("yes") if int(option_id) in outcome["funded"] else _("no"),
             explanation[language]]
            for option_id, explanation in outcome["explanations"].items() if int(option_id) in titles]))
        blocks.append(Block("paragraph", _("Allocated %(total)s; %(left)s left.", total=euros(outcome["total_cost_cents"]),
                                           left=euros(outcome["left_cents"]))))
    return blocks


def _consensus_blocks(record: dict[str, Any], consensus_round: dict[str, Any], level: int) -> list[Block]:
    titles = _titles(record)
    proposal = ", ".join(titles.get(i, "?") for i in consensus_round["option_ids"]) or _("nothing")
    blocks = [Block("heading", _("Consensus round %(number)s", number=consensus_round["number"]), level=level),
              Block("paragraph", _("Proposal: %(options)s, together %(total)s. Rule: %(rule)s.", options=proposal,
                                   total=euros(consensus_round["total_cost_cents"]),
                                   rule=str(CONSENSUS_RULES[consensus_round["consensus_rule"]]))),
              _tally_block(consensus_round["tally"])]
    outcome = consensus_round["outcome"]
    blocks.append(Block("paragraph", _("Outcome: %(outcome)s.", outcome=str(OUTCOMES[outcome])) if outcome
                        else _("This round is still open.")))
    objections = [s["reason"] for s in consensus_round["signals"] if s["level"] == 5 and s["reason"]]
    notes = [s["reason"] for s in consensus_round["signals"] if s["level"] < 5 and s["reason"]]
    if objections:
        blocks += [Block("paragraph", _("Objections and their reasons:")), Block("list", items=objections)]
    if notes:
        blocks += [Block("paragraph", _("Notes and doubts:")), Block("list", items=notes)]
    return blocks


def _decision_blocks(record: dict[str, Any], level: int) -> list[Block]:
    decision = record["decision"]
    blocks = [Block("heading", _("Decision"), level=level)]
    if decision is None:
        return blocks + [Block("paragraph", _("No decision has been recorded yet."))]
    titles = _titles(record)
    costs = {o["id"]: o["cost_cents"] for o in record["options"]}
    blocks.append(Block("paragraph", _("%(outcome)s, in consensus round %(round)s.",
                                       outcome=str(OUTCOMES[decision["outcome"]]), round=decision["round_number"])))
    if decision["override_reason"]:
        blocks.append(Block("paragraph", _("The facilitator recorded %(outcome)s where the rule gave %(computed)s, because: %(reason)s",
                                           outcome=str(OUTCOMES[decision["outcome"]]),
                                           computed=str(OUTCOMES[decision["computed_outcome"]]),
                                           reason=decision["override_reason"])))
    rows = [[titles.get(i, "?"), euros(costs.get(i, 0))] for i in decision["option_ids"]]
    rows.append([_("Total"), euros(decision["total_cost_cents"])])
    blocks.append(Block("table", header=[_("Final allocation"), _("Amount")], rows=rows))
    blocks.append(_budget_bar_block(record, decision["option_ids"]))
    left = record["round"]["budget_cents"] - decision["total_cost_cents"]
    blocks.append(Block("paragraph", _("Left of the budget: %(left)s.", left=euros(left))))
    return blocks


def _budget_bar_block(record: dict[str, Any], option_ids: list[int]) -> Block:
    """The chosen options as a budget bar, numbered as in the table of options."""
    numbers = {o["id"]: n for n, o in enumerate(record["options"], start=1)}
    chosen = sorted((i for i in option_ids if i in numbers), key=numbers.get)
    options = {o["id"]: o for o in record["options"]}
    bar = budget_bar(record["round"]["budget_cents"], [
        {"label": options[i]["title"], "cents": options[i]["cost_cents"], "number": numbers[i]} for i in chosen])
    return Block("budget_bar", text=budget_bar_text(bar), picture=bar)


def budget_bar_text(bar: dict[str, Any]) -> str:
    """The bar in words, as its picture's text alternative says it (static/js/budget_bar.js)."""
    words = budget_bar_strings()
    parts = ", ".join(f"{s['label']} {euros(s['cents'])}" for s in bar["segments"]) or words["nothing"]
    state = words["over"] if bar["over_cents"] else words["left"]
    amount = euros(bar["over_cents"] or bar["left_cents"])
    return f"{words['budget'].replace('%(amount)s', euros(bar['budget_cents']))}: {parts}. " \
           f"{state.replace('%(amount)s', amount)}"


def _tally_block(tally: dict[str, int]) -> Block:
    """The five answers with their counts: a table where no picture can be drawn (Markdown),
    bars beside the counts where one can, each as long against the most given."""
    most = max([1, *tally.values()])
    rows = [{"level": level, "label": str(SIGNALS[level]), "count": tally[str(level)],
             "fraction": tally[str(level)] / most} for level in range(1, 6)]
    return Block("tally", header=[_("Signal"), _("Number")], rows=[[row["label"], str(row["count"])] for row in rows],
                 picture={"rows": rows})


def _titles(record: dict[str, Any]) -> dict[int, str]:
    return {o["id"]: o["title"] for o in record["options"]}


# -- writers --------------------------------------------------------------------------

def _markdown(blocks: Iterable[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if block.kind == "heading":
            out.append(f"{'#' * block.level} {_md(block.text)}")
        elif block.kind in ("note", "draft"):
            out.append(f"> **{_md(block.text)}**")
        elif block.kind == "paragraph":
            out.append(_md(block.text))
        elif block.kind == "budget_bar":  # the tally's counts are in the table next to it
            out.append(_md(block.text))
        elif block.kind == "list":
            out.append("\n".join(f"- {_md(item)}" for item in block.items))
        elif block.kind in ("table", "tally"):
            lines = ["| " + " | ".join(_md(h) for h in block.header) + " |", "|" + "---|" * len(block.header)]
            lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in block.rows]
            out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


def _md(text: str) -> str:
    """What people typed stays text in any Markdown viewer: no emphasis, links, code or
    HTML. Only the characters that start markup are escaped, so the file stays readable."""
    text = re.sub(r"([\\`*_\[\]|])", r"\\\1", " ".join(text.split()))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"^(\d+)([.)])", r"\1\\\2", text)  # a numbered-list mark at the start
    return re.sub(r"^([#+-])", r"\\\1", text)  # a heading or list mark at the start


def _docx(blocks: Iterable[Block], *, title: str, language: str) -> bytes:
    from docx import Document  # imported here: only the Word download needs it

    # Text stored before sessions/text.py refused control characters would make
    # lxml raise, and the download answer 500: what XML cannot hold goes first.
    x = strip_unholdable
    document = Document()
    document.core_properties.title = x(title)
    document.core_properties.language = "nl-NL" if language == "nl" else "en-GB"
    for block in blocks:
        if block.kind == "heading":
            document.add_heading(x(block.text), level=min(block.level, 9) if block.level > 1 else 0)
        elif block.kind in ("note", "draft"):
            document.add_paragraph().add_run(x(block.text)).bold = True
        elif block.kind == "paragraph":
            document.add_paragraph(x(block.text))
        elif block.kind == "list":
            for item in block.items:
                document.add_paragraph(x(item), style="List Bullet")
        elif block.kind == "budget_bar":
            _docx_budget_bar(document, block, x)
        elif block.kind == "tally":
            _docx_tally(document, block, x)
        elif block.kind == "table":
            table = document.add_table(rows=1, cols=len(block.header), style="Table Grid")
            for cell, text in zip(table.rows[0].cells, block.header):
                cell.text = x(text)
                cell.paragraphs[0].runs[0].bold = True
            for row in block.rows:
                for cell, text in zip(table.add_row().cells, row):
                    cell.text = x(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# Word cannot hold SVG: its pictures are drawn with what Word has, table cells and text,
# in the same colours as the SVG (static/js/budget_bar.js).
_DOCX_FILLS = ("0B5394", "1B6E2D", "6A2C8A")


def _docx_budget_bar(document, block: Block, x) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    bar = block.picture
    width = Cm(16)
    parts = [(str(s["number"]), s["width"], _DOCX_FILLS[(s["number"] - 1) % 3]) for s in bar["segments"]]
    rest = 1 - sum(s["width"] for s in bar["segments"])
    if rest > 0.001:
        parts.append(("", rest, "FFFFFF"))
    if not parts:
        return
    table = document.add_table(rows=1, cols=len(parts), style="Table Grid")
    table.autofit = False
    for cell, (number, fraction, fill) in zip(table.rows[0].cells, parts):
        cell.width = int(width * fraction)
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:fill"), fill)
        cell._tc.get_or_add_tcPr().append(shading)
        if number and fraction > 0.04:
            run = cell.paragraphs[0].add_run(number)
            run.bold, run.font.size, run.font.color.rgb = True, Pt(10), RGBColor(0xFF, 0xFF, 0xFF)
    document.add_paragraph(x(block.text))


def _docx_tally(document, block: Block, x) -> None:
    table = document.add_table(rows=1, cols=3, style="Table Grid")
    for cell, text in zip(table.rows[0].cells, (block.header[0], "", block.header[1])):
        cell.text = x(text)
    for row in block.picture["rows"]:
        cells = table.add_row().cells
        cells[0].text = x(row["label"])
        cells[1].text = "\u2588" * round(20 * row["fraction"])  # a bar of full blocks, 20 at the most
        cells[2].text = str(row["count"])


def _pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, only the PDF needs it

    return HTML(string=html, base_url=str(Path(current_app.root_path).parent)).write_pdf()


CSV_TABLES = {
    "arguments.csv": ("table_id", "argument_id", "option_id", "option", "group", "stance", "text", "via_facilitator",
                      "participant", "supporters", "agree", "disagree", "pass"),
    "options.csv": ("table_id", "option_id", "title", "description", "carried_by", "cost_cents", "cost_eur",
                    "funded_in_decision"),
    "ballots.csv": ("table_id", "round", "ballot_form", "voter", "option_id", "option", "approved", "points"),
    "signals.csv": ("table_id", "consensus_round", "proposal_option_ids", "level", "reason", "round_outcome"),
    "phases.csv": ("table_id", "phase", "at"),
    "frame_rounds.csv": ("table_id", "frame_round", "outcome", "agreed", "governs", "goals", "roles", "conditions",
                         "ballot_form", "rule", "consensus_rule", "decided_by", "fully_agree", "agree_with_notes",
                         "can_live_with_it", "serious_doubts", "objection", "paper", "objection_reasons"),
}


# A cell that starts with one of these is a formula to Excel and LibreOffice, which
# run it on opening (=HYPERLINK(…) sends data away). OWASP's advice: start such a cell
# with an apostrophe, which the spreadsheet shows as text and does not evaluate.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """Only text people typed can start a formula; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


# Only in a round's zip: its frame, and how its tables' work became one allocation.
ROUND_CSV_TABLES = {
    "round_frame.csv": ("field", "value"),
    "round_tables.csv": ("table_id", "table", "budget_cents", "share_cents", "decided_cents"),
    "round_allocation.csv": ("table_id", "table", "option_id", "option", "cost_cents", "cost_eur"),
    "round_joint_vote.csv": ("round_option_id", "option", "from_tables", "cost_cents", "support", "funded"),
}


def _round_csv_rows(record: dict[str, Any]) -> dict[str, list[tuple]]:
    frame, combination = record["round_frame"], record["combination"]
    titles = {t["table"]["id"]: t["table"]["title"] for t in record["tables"]}
    options = {(t["table"]["id"], o["id"]): o for t in record["tables"] for o in t["options"]}
    return {
        "round_frame.csv": [("budget_cents", record["round"]["budget_cents"]), ("goals", frame["goals"]),
                            ("conditions", frame["conditions"]), ("rule", frame["rule"]),
                            ("combination", frame["combination"]),
                            ("allocated_cents", combination["total_cents"]),
                            ("left_cents", combination["left_cents"])],
        "round_tables.csv": [(t["table_id"], titles[t["table_id"]], t["budget_cents"],
                              "" if t["share_cents"] is None else t["share_cents"],
                              "" if t["decided_cents"] is None else t["decided_cents"])
                             for t in combination["tables"]],
        "round_allocation.csv": [(f["table_id"], titles[f["table_id"]], f["option_id"],
                                  options[(f["table_id"], f["option_id"])]["title"],
                                  options[(f["table_id"], f["option_id"])]["cost_cents"],
                                  f"{options[(f['table_id'], f['option_id'])]['cost_cents'] / 100:.2f}")
                                 for f in combination["funded"] if (f["table_id"], f["option_id"]) in options],
        "round_joint_vote.csv": _joint_vote_rows(record.get("joint_vote")),
    }


def _joint_vote_rows(vote: dict[str, Any] | None) -> list[tuple]:
    if vote is None:
        return []
    funded = set((vote["decision"] or {}).get("funded", []))
    return [(o["id"], o["title"], " | ".join(f"{s['title']} ({s['table']})" for s in o["sources"]), o["cost_cents"],
             vote["tally"].get(str(o["id"]), 0), int(o["id"] in funded)) for o in vote["options"]]


def _csv_zip(records: list[dict[str, Any]], *, round_record: dict[str, Any] | None = None) -> bytes:
    rows: dict[str, list[tuple]] = {name: [] for name in CSV_TABLES}
    headers = dict(CSV_TABLES)
    if round_record is not None:
        rows.update(_round_csv_rows(round_record))
        headers.update(ROUND_CSV_TABLES)
    for record in records:
        table_id = record["table"]["id"]
        titles = _titles(record)
        groups = {g["id"]: g["name"] for g in record["groups"]}
        funded = set(record["decision"]["option_ids"]) if record["decision"] else set()
        for a in record["arguments"]:
            rows["arguments.csv"].append((
                table_id, a["id"], a["option_id"] or "", titles.get(a["option_id"], ""), groups.get(a["group_id"], ""),
                a["stance"], a["text"], int(a["via_facilitator"]), a["participant_number"] or "", a["supporters"],
                a["reactions"]["agree"], a["reactions"]["disagree"], a["reactions"]["pass"]))
        for o in record["options"]:
            rows["options.csv"].append((table_id, o["id"], o["title"], o["description"] or "", o["carried_by"] or "",
                                        o["cost_cents"], f"{o['cost_cents'] / 100:.2f}", int(o["id"] in funded)))
        for ballot_round in record["ballot_rounds"]:
            for ballot in ballot_round["ballots"]:
                if "paper" in ballot:
                    voter = f"paper {ballot['paper']}" + (f" ({ballot['label']})" if ballot["label"] else "")
                elif "participant_number" in ballot:
                    voter = f"participant {ballot['participant_number']}"
                else:
                    voter = f"ballot {ballot['ballot']}"
                given = ({i: "" for i in ballot["approved"]} if ballot["approved"] is not None
                         else {int(i): p for i, p in ballot["points"].items()})
                for option_id, points in sorted(given.items()):
                    rows["ballots.csv"].append((table_id, ballot_round["number"], ballot_round["ballot_form"], voter,
                                                option_id, titles.get(option_id, ""),
                                                1 if ballot["approved"] is not None else "", points))
        for consensus_round in record["consensus_rounds"]:
            for signal in consensus_round["signals"]:
                rows["signals.csv"].append((table_id, consensus_round["number"],
                                            " ".join(map(str, consensus_round["option_ids"])), signal["level"],
                                            signal["reason"] or "", consensus_round["outcome"] or ""))
        for change in record["phases"]:
            rows["phases.csv"].append((table_id, change["phase"], change["at"]))
        for frame_round in record.get("frame_rounds", []):
            proposal = frame_round["proposal"]
            rows["frame_rounds.csv"].append((
                table_id, frame_round["number"], frame_round["outcome"] or "", int(frame_round["agreed"]),
                int(frame_round["governs"]), *(proposal[name] for name in ("goals", "roles", "conditions", "ballot_form",
                                                                          "rule", "consensus_rule")),
                frame_round["decided_by"], *(frame_round["tally"][str(level)] for level in range(1, 6)),
                frame_round["paper"], " | ".join(frame_round["objections"])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, header in headers.items():
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow(header)
            writer.writerows([_cell(value) for value in row] for row in rows[name])
            # A BOM so that Excel, which many municipalities open CSV with, reads UTF-8.
            archive.writestr(name, "\ufeff" + text.getvalue())
    return out.getvalue()


def _pb(records: list[dict[str, Any]], *, many: bool) -> bytes:
    if not many:
        return minutes_as_pb(records[0]).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for record in records:
            archive.writestr(f"tafel-{record['table']['id']}.pb", minutes_as_pb(record))
    return out.getvalue()
