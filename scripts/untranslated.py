"""List the messages of the portal's translation catalogue that still need a translator.

Run after `make messages` (makemessages + compilemessages):

    python scripts/untranslated.py            # list empty and fuzzy messages
    python scripts/untranslated.py --check    # also fail if any, or if the .mo is stale
    .venv/bin/python scripts/untranslated.py --check --sources
        # also extract the strings of the templates and Python sources afresh (Django's
        # makemessages into a temporary copy of the catalogue) and fail when one of them
        # is missing from the catalogue or untranslated there

A message needs work when its msgstr (or any msgstr[n] of a plural) is empty, or when
makemessages marked it "#, fuzzy" (a guess from a similar old string that gettext will
not use). Only the standard library is used, so the script runs on any machine; only
--sources needs the project's Django (it runs manage.py makemessages).
"""

import argparse
import ast
import gettext
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_PO = BASE_DIR / "locale" / "zh_Hant" / "LC_MESSAGES" / "django.po"


@dataclass
class Entry:
    """One message of a .po file."""

    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    line: int = 0

    @property
    def needs_work(self):
        return "fuzzy" in self.flags or not self.msgstr or not all(self.msgstr.values())

    @property
    def catalog_key(self):
        """The key under which Python's gettext stores this message in a compiled .mo."""
        msgid = self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"
        return (msgid, 0) if self.msgid_plural is not None else msgid


def _unquote(text, path, number):
    try:
        return ast.literal_eval(text)
    except (SyntaxError, ValueError) as exc:
        raise ValueError(f"{path}:{number}: not a quoted string: {text}") from exc


def parse_po(path):
    """Return the entries of a .po file, header (empty msgid) and obsolete ones left out."""
    entries = []
    entry = Entry()
    target = None  # ("msgid" | "msgctxt" | "msgid_plural" | "msgstr", plural index)
    started = False

    def finish():
        nonlocal entry, started, target
        if started and entry.msgid:
            entries.append(entry)
        entry, started, target = Entry(), False, None

    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#"):
            if started:
                finish()
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            elif line.startswith("#:"):
                entry.references += line[2:].split()
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if target is None:
                raise ValueError(f"{path}:{number}: continuation line without a keyword")
            keyword, rest = None, line
        elif keyword in {"msgctxt", "msgid"} and target and target[0] == "msgstr":
            # A new message starts right after the previous one's msgstr.
            finish()
        if keyword is not None:
            started = True
            entry.line = entry.line or number
            if keyword.startswith("msgstr["):
                target = ("msgstr", int(keyword[7:-1]))
            elif keyword in {"msgid", "msgctxt", "msgid_plural", "msgstr"}:
                target = (keyword, 0)
            else:
                raise ValueError(f"{path}:{number}: unknown keyword {keyword}")
            _append(entry, target, "")
        _append(entry, target, _unquote(rest, path, number))
    finish()
    return entries


def _append(entry, target, text):
    name, index = target
    if name == "msgstr":
        entry.msgstr[index] = entry.msgstr.get(index, "") + text
    else:
        setattr(entry, name, (getattr(entry, name) or "") + text)


def stale_mo_problems(entries, mo_path):
    """Differences between the translated .po entries and the compiled .mo next to it."""
    if not Path(mo_path).exists():
        return [f"{mo_path} is missing; run compilemessages."]
    with open(mo_path, "rb") as handle:
        catalog = dict(gettext.GNUTranslations(handle)._catalog)
    catalog.pop("", None)
    expected = {}
    for entry in entries:
        if entry.needs_work:
            continue
        if entry.msgid_plural is None:
            expected[entry.catalog_key] = entry.msgstr[0]
        else:
            base = entry.catalog_key[0]
            for index, text in entry.msgstr.items():
                expected[(base, index)] = text
    problems = []
    for key in sorted(set(expected) - set(catalog), key=str):
        problems.append(f"not compiled yet: {key!r}")
    for key in sorted(set(catalog) - set(expected), key=str):
        problems.append(f"compiled but no longer in the .po: {key!r}")
    for key in sorted(set(expected) & set(catalog), key=str):
        if expected[key] != catalog[key]:
            problems.append(f"compiled translation differs: {key!r}")
    return problems


# What makemessages reads: the project's own sources, never the virtualenv, the
# browser-test helpers or the tests (their strings are not shown to users).
SOURCE_DIRS = ("delegates", "meetings", "portal", "templates")


def extract_from_sources(po_path, source_root=BASE_DIR, source_dirs=SOURCE_DIRS):
    """The entries of `po_path` after makemessages has merged in every string of the
    sources, run on a temporary copy so the real catalogue is left as it is.

    A string of a template or a Python module that is not in the catalogue yet comes
    back with an empty msgstr, so `needs_work` reports it like any untranslated one.
    """
    po_path = Path(po_path)
    language = po_path.parent.parent.name
    with tempfile.TemporaryDirectory(prefix="messages-") as tmp:
        root = Path(tmp)
        for name in source_dirs:
            if (Path(source_root) / name).is_dir():
                (root / name).symlink_to(Path(source_root) / name, target_is_directory=True)
        target = root / "locale" / language / "LC_MESSAGES"
        target.mkdir(parents=True)
        shutil.copy(po_path, target / po_path.name)
        env = {**os.environ, "DEBUG": "1", "PYTHONPATH": str(BASE_DIR)}
        command = [sys.executable, str(BASE_DIR / "manage.py"), "makemessages", "-l", language]
        command += ["--symlinks", "--no-obsolete", "--verbosity", "0"]
        subprocess.run(command, cwd=root, env=env, check=True)
        return parse_po(target / po_path.name)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("po", nargs="?", default=str(DEFAULT_PO), help="the .po file")
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit with status 1 if a message needs work or the .mo does not match the .po",
    )
    parser.add_argument(
        "--sources",
        action="store_true",
        help="extract the strings of the templates and Python modules first (needs Django)"
        " and report those missing from the catalogue too",
    )
    args = parser.parse_args(argv)
    entries = extract_from_sources(args.po) if args.sources else parse_po(args.po)
    todo = [entry for entry in entries if entry.needs_work]
    for entry in todo:
        reason = "fuzzy" if "fuzzy" in entry.flags else "empty"
        context = f" [context {entry.msgctxt!r}]" if entry.msgctxt else ""
        where = entry.references[0] if entry.references else f"line {entry.line}"
        print(f"{reason}: {entry.msgid!r}{context} ({where})")
    print(f"{len(entries) - len(todo)} of {len(entries)} messages translated, {len(todo)} to do.")
    if not args.check:
        return 0
    problems = stale_mo_problems(parse_po(args.po), Path(args.po).with_suffix(".mo"))
    for problem in problems:
        print(problem)
    return 1 if todo or problems else 0


if __name__ == "__main__":
    sys.exit(main())
