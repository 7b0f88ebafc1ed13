"""Dutch first: every string the code or a template shows has a Dutch translation."""
import re
import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "facilitator" / "translations" / "nl" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def test_every_string_in_the_code_is_in_the_dutch_catalogue(tmp_path):
    template = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                    "-k", "_l", "-k", "lazy_gettext", "-o", str(template), "--no-location", "."],
                   cwd=ROOT, check=True, capture_output=True)
    in_code = {message.id for message in read_po(template.open("rb")) if message.id}
    with CATALOGUE.open("rb") as handle:
        in_catalogue = {message.id for message in read_po(handle) if message.id}
    assert in_code - in_catalogue == set(), "run `make extract-messages` and translate"


def test_every_dutch_translation_is_filled_in_and_keeps_its_placeholders():
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"untranslated: {ids[0]!r}"
        assert not message.fuzzy, f"fuzzy: {ids[0]!r}"
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) == set(PLACEHOLDER.findall(ids[-1])), ids[0]


def test_the_compiled_catalogue_is_the_source_catalogue():
    """pybabel skips a catalogue marked fuzzy without failing; the app would then
    serve stale or English text."""
    with CATALOGUE.open("rb") as handle:
        source = read_po(handle)
    assert not source.fuzzy, "the catalogue header is marked fuzzy"
    with CATALOGUE.with_suffix(".mo").open("rb") as handle:
        compiled = read_mo(handle)
    for message in source:
        if message.id:
            found = compiled.get(message.id)
            assert found is not None, message.id
            assert tuple(found.string) == tuple(message.string) if message.pluralizable \
                else found.string == message.string, message.id
