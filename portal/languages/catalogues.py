"""The message catalogues: what the completeness test checks, and English filled from the
msgids (which are English already).

    python -m portal.languages.catalogues          # fill en, then list what is missing

`make messages` runs it after `pybabel update`: English is complete at once, and every
other language lists its untranslated and fuzzy entries (a translator's to-do list).
"""
import sys
from pathlib import Path

from babel import Locale
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent.parent
TRANSLATIONS = ROOT / "translations"


def po_path(locale):
    return TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"


def read(locale):
    with open(po_path(locale), "rb") as handle:
        return read_po(handle, locale=locale)


def fill_english():
    """English msgstr = msgid (singular and plural); nothing marked fuzzy."""
    catalog = read("en")
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, (list, tuple)):
            message.string = (message.id[0], message.id[1])
        else:
            message.string = message.id
        message.flags.discard("fuzzy")
    with open(po_path("en"), "wb") as handle:
        write_po(handle, catalog, width=100, no_location=True, sort_output=True)


def problems(locale, msgids):
    """[(problem, msgid)] of the catalogue of `locale` against the msgids of the code:
    missing, untranslated (any plural form empty), fuzzy, or the wrong number of plural
    forms for the language (Arabic has six)."""
    catalog = read(locale)
    forms = Locale.parse(locale).plural_form and catalog.num_plurals
    found = []
    for msgid in msgids:
        message = catalog.get(msgid)
        if message is None or message.string in (None, "", ()):
            found.append(("missing" if message is None else "untranslated", msgid))
            continue
        if message.fuzzy:
            found.append(("fuzzy", msgid))
        if isinstance(msgid, (list, tuple)):
            strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
            if len(strings) != forms or not all(strings):
                found.append((f"plural forms: {len(strings)} of {forms}", msgid))
        elif not message.string:
            found.append(("untranslated", msgid))
    return found


def code_msgids():
    """Every msgid marked in the code and templates, as `make messages` extracts them."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with open(ROOT / "babel.cfg") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None,
                "lazy_ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
    msgids = {}
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=keywords):
        if isinstance(message, (list, tuple)):
            parts = tuple(part for part in message if part is not None)
            msgids[parts[0]] = parts if len(parts) > 1 else parts[0]
        else:
            msgids[message] = message
    return list(msgids.values())


def main():
    fill_english()
    msgids = code_msgids()
    total = 0
    for path in sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")):
        locale = path.parent.parent.name
        found = problems(locale, msgids)
        total += len(found)
        print(f"{locale}: {len(found)} to do")
        for problem, msgid in found[:50]:
            print(f"  {problem}: {msgid!r}")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
