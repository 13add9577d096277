"""The Vietnamese catalogue is complete: every string the code and templates mark for translation has a
Vietnamese text, and none is fuzzy. Extraction is done here in Python, so no GNU gettext is needed."""

import ast
import re
from pathlib import Path

import polib
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parents[1] / "vidan"
CATALOGUE = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}
# A message is quoted with ' or, when it holds an apostrophe ("People's Committee"), with ".
_QUOTED = r"""u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
CALL = re.compile(rf"\b(n?p?gettext)\(({_QUOTED}(?:, {_QUOTED})*)")


def strings_in_python(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in GETTEXT_NAMES:
            texts = [arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
            if node.func.id.startswith("p"):
                texts = texts[1:]  # the first is the context
            if texts:
                yield texts[0]


def strings_in_template(path: Path):
    for match in CALL.finditer(templatize(path.read_text(encoding="utf-8"))):
        name, args = match.groups()
        texts = ast.literal_eval(f"({args},)")
        yield texts[1] if name.startswith("p") else texts[0]


def source_strings() -> dict[str, str]:
    found = {}
    for path in ROOT.rglob("*.py"):
        if "migrations" not in path.parts:
            for text in strings_in_python(path):
                found.setdefault(text, str(path.relative_to(ROOT)))
    for path in ROOT.rglob("templates/**/*.html"):
        for text in strings_in_template(path):
            found.setdefault(text, str(path.relative_to(ROOT)))
    return found


def test_every_marked_string_has_a_vietnamese_translation():
    catalogue = polib.pofile(str(CATALOGUE))
    translated = {
        entry.msgid for entry in catalogue if not entry.obsolete and (entry.msgstr or any(entry.msgstr_plural.values()))
    }
    missing = {text: where for text, where in source_strings().items() if text not in translated}
    assert not missing, "Untranslated strings (run `make messages`, then translate):\n" + "\n".join(
        f"  {where}: {text!r}" for text, where in sorted(missing.items(), key=lambda item: item[1])
    )


def test_no_translation_is_fuzzy_or_empty():
    catalogue = polib.pofile(str(CATALOGUE))
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []


def test_placeholders_survive_translation():
    catalogue = polib.pofile(str(CATALOGUE))
    placeholder = re.compile(r"%\(\w+\)[sd]")
    for entry in catalogue.translated_entries():
        texts = [entry.msgstr] if entry.msgstr else list(entry.msgstr_plural.values())
        for text in texts:
            assert sorted(placeholder.findall(text)) == sorted(placeholder.findall(entry.msgid)), entry.msgid
