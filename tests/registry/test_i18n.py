"""The gettext catalogues: complete in Arabic and English, current with the code, safe to format."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from registry import i18n

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ("ar", "en")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _catalog(code: str):
    with (i18n.LOCALE_DIR / code / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=code)


def _source_ids(tmp_path: Path) -> set[str]:
    pot = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [str(pybabel), "-q", "extract", "-F", "babel.cfg", "--no-location", "-o", str(pot), "."],
        cwd=ROOT,
        check=True,
    )
    with pot.open("rb") as handle:
        return {m.id for m in read_po(handle) if m.id}


def test_arabic_and_english_are_shipped() -> None:
    assert set(SHIPPED) <= set(i18n.available_languages())
    assert i18n.language("ar").direction == "rtl" and i18n.language("en").direction == "ltr"
    assert i18n.language("ur").direction == "rtl" and i18n.language("hi").name == "हिन्दी"


@pytest.mark.parametrize("code", SHIPPED)
def test_catalogues_hold_every_text_of_the_code_translated(code: str, tmp_path: Path) -> None:
    catalog = _catalog(code)
    ids = {m.id for m in catalog if m.id}
    assert _source_ids(tmp_path) == ids, "run `make messages` and translate the new texts"
    untranslated = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    assert untranslated == []


@pytest.mark.parametrize("code", SHIPPED)
def test_translations_keep_the_placeholders(code: str) -> None:
    for message in _catalog(code):
        if message.id:
            assert sorted(PLACEHOLDER.findall(message.id)) == sorted(PLACEHOLDER.findall(message.string))


def test_negotiation_picks_an_available_language() -> None:
    assert i18n.negotiate(["hi-IN", "ar-KW", "en"], default="en") == "ar"
    assert i18n.negotiate(["en_GB"], default="ar") == "en"
    assert i18n.negotiate(["tl", "\x00"], default="ar") == "ar"
    assert i18n.negotiate([], default="xx") == i18n.SOURCE_LANGUAGE


def test_a_catalogue_without_its_compiled_file_is_read_from_the_po(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(i18n.LOCALE_DIR / "ar" / "LC_MESSAGES" / "messages.po", folder / "messages.po")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    monkeypatch.setattr(i18n, "_cache", {})
    assert i18n.translate("ar", "Closed.") == "مغلق."
