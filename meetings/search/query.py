"""What the user typed, as a query both engines understand.

Every whitespace-separated word, and every "quoted phrase", is one clause; a trip
piece must match every clause. A clause is a phrase of index terms that must appear
next to each other (so 單一窗口 needs 單一 一窗 窗口 in a row). A clause that names a
glossary term also matches the term's other forms (WCO ↔ 世界關務組織).

Nothing the user types reaches an engine as syntax: only the terms produced by
`tokens.tokenize` (letters, digits and CJK characters) are quoted into the engine's
query language, so ", *, NEAR(, AND, - and parentheses are plain text.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .tokens import is_cjk, normalize, tokenize

# Words of a query that count. Each is one condition; a pasted page of hundreds of
# words builds a query the database refuses (SQLite: "Expression tree is too
# large"). The intranet search and every admin search box use this cap and message.
MAX_QUERY_WORDS = 30
TOO_MANY_WORDS = _("Only the first %(max)d words of the search were used.")

QUOTED = re.compile(r'"([^"]*)"')
QUOTE_FORMS = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"'})


@dataclass(frozen=True)
class Phrase:
    terms: tuple

    @property
    def prefix(self):
        """A lone CJK character: it is matched as the start of a bigram too."""
        return len(self.terms) == 1 and len(self.terms[0]) == 1 and is_cjk(self.terms[0])


@dataclass
class Clause:
    text: str
    alternatives: list = field(default_factory=list)


@dataclass
class Query:
    clauses: list
    # Words past MAX_QUERY_WORDS were left out.
    truncated: bool = False

    def __bool__(self):
        return bool(self.clauses)

    @property
    def terms(self):
        """Every index term of every alternative, for highlighting."""
        return {t for c in self.clauses for p in c.alternatives for t in p.terms}

    @property
    def prefixes(self):
        return {p.terms[0] for c in self.clauses for p in c.alternatives if p.prefix}

    def lookup_keys(self):
        return {" ".join(c.text.split()) for c in self.clauses}

    def expand(self, glossary_terms):
        """Add the other forms of any glossary term a clause names."""
        from ..models.glossary import term_key

        by_key = {}
        for term in glossary_terms:
            for form in term.forms:
                by_key.setdefault(term_key(form), []).append(term)
        for clause in self.clauses:
            for term in by_key.get(" ".join(clause.text.split()), []):
                for form in term.forms:
                    phrase = Phrase(tuple(tokenize(form)))
                    if phrase.terms and phrase not in clause.alternatives:
                        clause.alternatives.append(phrase)
        return self

    def fts5(self):
        """An SQLite FTS5 MATCH expression."""
        parts = []
        for clause in self.clauses:
            options = []
            for phrase in clause.alternatives:
                quoted = '"' + " ".join(phrase.terms) + '"'
                options.append(quoted + "*" if phrase.prefix else quoted)
            parts.append(options[0] if len(options) == 1 else "(" + " OR ".join(options) + ")")
        return " AND ".join(parts)

    def tsquery(self):
        """A PostgreSQL to_tsquery('simple', …) expression."""
        parts = []
        for clause in self.clauses:
            options = []
            for phrase in clause.alternatives:
                lexemes = [f"'{t}'" + (":*" if phrase.prefix else "") for t in phrase.terms]
                options.append("(" + " <-> ".join(lexemes) + ")")
            parts.append("(" + " | ".join(options) + ")")
        return " & ".join(parts)


def parse(text):
    """The Query for what the user typed (empty when it has no searchable term)."""
    text = normalize(text).translate(QUOTE_FORMS)
    chunks = QUOTED.findall(text)
    rest = QUOTED.sub(" ", text).replace('"', " ")
    chunks += rest.split()
    chunks = list(dict.fromkeys(chunks))
    truncated = len(chunks) > MAX_QUERY_WORDS
    chunks = chunks[:MAX_QUERY_WORDS]
    clauses = []
    for chunk in chunks:
        terms = tuple(tokenize(chunk))
        if terms:
            clauses.append(Clause(text=chunk.strip(), alternatives=[Phrase(terms)]))
    return Query(clauses, truncated)
