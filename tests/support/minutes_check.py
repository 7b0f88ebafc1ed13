"""Read every format of the minutes back the way its reader would, and check what a
table put in is there: PDF text through pypdf, Word through python-docx, the CSV zip
through the csv module, JSON, and the Pabulib file through pabutools itself."""
import csv
import html
import io
import json
import re
import zipfile
from dataclasses import dataclass, field

from docx import Document
from pabutools.election.pabulib import parse_pabulib_from_string
from pypdf import PdfReader


@dataclass
class Expected:
    """What a table put in, as the test itself typed it."""

    arguments: list[str]
    options: dict[str, int]              # title -> cost in cents
    funded: list[str]                    # titles of the final allocation
    hidden: list[str] = field(default_factory=list)   # texts that must appear nowhere
    names: list[str] = field(default_factory=list)    # display names: nowhere unless asked for
    ballots: int | None = None           # ballots in the latest round
    frame_objections: list[str] = field(default_factory=list)  # reasons of objections to the frame
    frame_agreed_in: int | None = None   # the frame proposal the table agreed
    pb_rule: str | None = None           # the .pb file's `rule`: the counting rule agreed


def euro_text(cents: int) -> str:
    """'€ 18.000' as the Dutch minutes write it (whole euros)."""
    return "€ " + f"{cents // 100:,}".replace(",", ".")


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def text_of(fmt: str, body: bytes) -> str:
    """The readable text of a document format, as one normalised string."""
    if fmt == "pdf":
        return normalise(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages))
    if fmt == "docx":
        document = Document(io.BytesIO(body))
        parts = [p.text for p in document.paragraphs]
        parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return normalise(" ".join(parts))
    if fmt == "html":
        return normalise(html.unescape(re.sub(r"<[^>]+>", " ", body.decode())))
    if fmt == "md":  # cells and list marks are separators, not words; then undo the escapes
        text = re.sub(r"^\s*- |(?<!\\)\|", " ", body.decode(), flags=re.MULTILINE)
        return normalise(html.unescape(re.sub(r"\\([\\`*_\[\]|#+.)-])", r"\1", text)))
    raise ValueError(fmt)


def check_document(fmt: str, body: bytes, expected: Expected, *, names_shown: bool = False) -> None:
    text = text_of(fmt, body)
    for argument in expected.arguments:
        assert normalise(argument) in text, f"{fmt}: argument missing: {argument}"
    for title, cents in expected.options.items():
        assert normalise(title) in text, f"{fmt}: option missing: {title}"
        assert euro_text(cents) in text, f"{fmt}: cost missing: {euro_text(cents)}"
    if expected.frame_agreed_in is not None:
        agreed = f"Door de tafel vastgesteld in voorstel {expected.frame_agreed_in} voor de kaders."
        assert agreed in text, f"{fmt}: the frame is not shown as agreed"
    for reason in expected.frame_objections:
        assert normalise(reason) in text, f"{fmt}: an objection to the frame is missing: {reason}"
    _check_absent(fmt, text, expected, names_shown=names_shown)


def check_final_allocation_in_document(fmt: str, body: bytes, expected: Expected) -> None:
    """The decision's table lists exactly the funded options after its heading."""
    text = text_of(fmt, body)
    heading = "Uiteindelijke verdeling"
    assert heading in text, f"{fmt}: no final allocation"
    after = text[text.index(heading):]
    total = sum(expected.options[t] for t in expected.funded)
    for title in expected.funded:
        assert normalise(title) in after, f"{fmt}: funded option missing from the final allocation: {title}"
    assert f"Totaal {euro_text(total)}" in after, f"{fmt}: total of the final allocation missing"


def check_csv_zip(body: bytes, expected: Expected) -> dict[str, list[dict]]:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        tables = {name: list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
                  for name in archive.namelist()}
    assert set(tables) == {"arguments.csv", "options.csv", "ballots.csv", "signals.csv", "phases.csv",
                           "frame_rounds.csv"}
    if expected.frame_agreed_in is not None:
        governing = [row for row in tables["frame_rounds.csv"] if row["governs"] == "1"]
        assert [int(row["frame_round"]) for row in governing] == [expected.frame_agreed_in]
        assert governing[0]["agreed"] == "1"
    reasons = " ".join(row["objection_reasons"] for row in tables["frame_rounds.csv"])
    for reason in expected.frame_objections:
        assert reason in reasons, f"csv: an objection to the frame is missing: {reason}"
    texts = [row["text"] for row in tables["arguments.csv"]]
    assert sorted(texts) == sorted(expected.arguments)
    options = {row["title"]: int(row["cost_cents"]) for row in tables["options.csv"]}
    assert options == expected.options
    assert sorted(row["title"] for row in tables["options.csv"] if row["funded_in_decision"] == "1") \
        == sorted(expected.funded)
    if expected.ballots is not None:
        latest = max(int(row["round"]) for row in tables["ballots.csv"])
        assert len({row["voter"] for row in tables["ballots.csv"] if int(row["round"]) == latest}) == expected.ballots
    _check_absent("csv", " ".join(archive_text for archive_text in _all_cells(tables)), expected)
    return tables


def check_json(body: bytes, expected: Expected) -> dict:
    record = json.loads(body)
    assert record["schema"] == "buurttafel-minutes/1"
    assert sorted(a["text"] for a in record["arguments"]) == sorted(expected.arguments)
    assert {o["title"]: o["cost_cents"] for o in record["options"]} == expected.options
    titles = {o["id"]: o["title"] for o in record["options"]}
    assert sorted(titles[i] for i in record["decision"]["option_ids"]) == sorted(expected.funded)
    _check_absent("json", body.decode(), expected)
    return record


def check_pb(body: bytes, expected: Expected) -> None:
    instance, profile = parse_pabulib_from_string(body.decode())
    assert {instance.project_meta[p]["name"]: int(p.cost * 100) for p in instance} == expected.options
    if expected.ballots is not None:
        assert len(profile) == expected.ballots
    if expected.pb_rule is not None:
        assert instance.meta["rule"] == expected.pb_rule


def _all_cells(tables: dict[str, list[dict]]):
    for rows in tables.values():
        for row in rows:
            yield from row.values()


def _check_absent(fmt: str, text: str, expected: Expected, *, names_shown: bool = False) -> None:
    for hidden in expected.hidden:
        assert normalise(hidden) not in normalise(text), f"{fmt}: a hidden argument is in the minutes: {hidden}"
    if not names_shown:
        for name in expected.names:
            assert not re.search(rf"\b{re.escape(name)}\b", text), f"{fmt}: a display name is in the minutes: {name}"


def check_pictures_in_document(fmt: str, body: bytes, expected: Expected, *, budget_cents: int) -> None:
    """The final allocation's budget bar and the consensus tally, read back: the bar's
    words in every format; in HTML and PDF (one HTML) the SVG with a segment per funded
    option as wide as its cost; in Word the bar's shaded cells."""
    text = text_of(fmt, body)
    total = sum(expected.options[t] for t in expected.funded)
    # The PDF shows the caption and the legend; the text alternative lives in the SVG's title.
    words = f"{euro_text(total)} van {euro_text(budget_cents)}" if fmt == "pdf" else f"Budget {euro_text(budget_cents)}:"
    assert words in text, f"{fmt}: the budget bar's words are missing"
    assert f"Nog vrij: {euro_text(budget_cents - total)}" in text, f"{fmt}: what is left is missing"
    if fmt == "html":
        markup = body.decode()
        bar = markup[markup.index('class="budget-bar'):]
        segments = re.findall(r'class="budget-bar-segment[^"]*" data-cents="(\d+)">\s*<rect x="[^"]+" y="0" width="([^"]+)"',
                              bar.split("</figure>")[0])
        assert sorted(int(c) for c, _w in segments) == sorted(expected.options[t] for t in expected.funded)
        scale = max(budget_cents, total)
        for c, width in segments:  # 1000 units across; within a pixel of a 1920-pixel bar
            assert abs(float(width) / 1000 * 1920 - int(c) / scale * 1920) < 1
        assert 'class="tally-bars"' in markup, "html: the consensus tally's bars are missing"
    if fmt == "docx":
        document = Document(io.BytesIO(body))
        shaded = [table for table in document.tables
                  if table._tbl.xml.count("w:shd") >= len(expected.funded) and len(table.rows) == 1]
        assert shaded, "docx: no budget bar of shaded cells"
