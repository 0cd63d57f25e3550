"""How each field of a parsed trip document was found (its provenance).

``parse_report(text, provenance={})`` fills the dict it is given with
``path -> how``: paths are dotted with list indices (``title``,
``travelers.0.unit``, ``meetings.1.start_date``) and *how* is one of the
constants below.  The provenance is never part of the trip document itself.

The import preview highlights the :data:`FLAGGED` entries: a value guessed from
context, filled in by default, or not found at all is for an editor to check.
"""

LABEL = "label"  # read from a labelled field (日期：…, 出國人員：…)
TABLE = "table"  # read from a table cell (Word table, space/tab-aligned columns)
HEADING = "heading"  # read from a heading / numbered section structure
INFERENCE = "inference"  # guessed from context (e.g. agency from a traveller's agency)
DEFAULT = "default"  # a default filled in (e.g. year of a year-less date taken from the trip)
MISSING = "missing"  # expected but not found (value is null/[])
KINDS = (LABEL, TABLE, HEADING, INFERENCE, DEFAULT, MISSING)
FLAGGED = frozenset({INFERENCE, DEFAULT, MISSING})

SCALAR_PATHS = (
    "title",
    "category",
    "agency",
    "start_date",
    "end_date",
    "report_date",
    "pages",
    "destinations",
    "contact",
    "summary",
    "keywords",
    "follow_ups",
    "lessons",
    "attachments",
)
TRAVELER_FIELDS = ("name", "title", "unit", "agency")
MEETING_FIELDS = ("title", "start_date", "end_date", "location", "agenda")


def flagged(provenance: dict) -> dict:
    """The entries of ``provenance`` an editor should check ({path: how})."""
    return {path: how for path, how in provenance.items() if how in FLAGGED}


def is_empty(value) -> bool:
    """True for a value the report did not state (None, "", [] or a dict of Nones)."""
    if isinstance(value, dict):
        return all(is_empty(v) for v in value.values())
    return value is None or value == "" or value == []


def expected_paths(doc: dict) -> list:
    """Every path that gets a provenance entry for ``doc``."""
    paths = list(SCALAR_PATHS)
    if not doc.get("travelers"):
        # Every trip has travellers: none found (a masked cover block 江○○等五人) is flagged.
        paths.append("travelers")
    for index, _traveler in enumerate(doc.get("travelers") or []):
        paths.extend(f"travelers.{index}.{name}" for name in TRAVELER_FIELDS)
    for index, _meeting in enumerate(doc.get("meetings") or []):
        paths.extend(f"meetings.{index}.{name}" for name in MEETING_FIELDS)
    return paths


def value_at(doc: dict, path: str):
    """The value of ``doc`` at a dotted ``path`` (list indices as numbers)."""
    value = doc
    for part in path.split("."):
        value = value[int(part)] if isinstance(value, list) else value.get(part)
    return value


def complete(doc: dict, found: dict, out: dict) -> dict:
    """Fill ``out`` with an entry for every expected path of ``doc``.

    ``found`` holds what the parser recorded while reading; a path with an
    empty value is MISSING whatever was recorded, and a path with a value but
    no record is taken as read from a heading (the body's numbered structure).
    """
    out.clear()
    for path in expected_paths(doc):
        if is_empty(value_at(doc, path)):
            out[path] = MISSING
        else:
            out[path] = found.get(path, HEADING)
    return out


__all__ = [
    "DEFAULT",
    "FLAGGED",
    "HEADING",
    "INFERENCE",
    "KINDS",
    "LABEL",
    "MISSING",
    "TABLE",
    "complete",
    "expected_paths",
    "flagged",
    "value_at",
]
