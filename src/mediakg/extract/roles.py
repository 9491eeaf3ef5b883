"""Roles and affiliations: who works for which organisation, in which role.

Four patterns, each anchored on a person mention and an organisation mention of the same
sentence: apposition ("X, an analyst with the Y think-tank"), relative clause ("X, who heads the
Z programme of the Moscow-based Y group"), premodifier ("Y researcher X") and copula ("X is Y
editor in Z", "X is an analyst at Y").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mediakg.extract._lexicon import ROLE_NOUNS
from mediakg.extract._text import Mentioned, TextIndex
from mediakg.extract.entities import Entities

__all__ = ["FoundAffiliation", "find_affiliations"]

_ROLE_WORD = "|".join(sorted(ROLE_NOUNS, key=len, reverse=True))
_BASED = r"(?:[A-Z][\w'’-]*-based\s+)?"
# With an article, any short lower-case noun phrase is a role ("a hydrologist with"); without
# one, the phrase must end in a known role word ("chairman of the Union").
_APPOSITION = re.compile(
    rf"^\s*,\s+(?:a|an|the)\s+(?P<role>[a-z][\w'’-]*(?:\s+[a-z][\w'’-]*){{0,4}})"
    rf"\s+(?:with|at|of|for|from|in)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+(?:firm|group|company|agency|charity|think-tank|organisation|organization|newspaper|outlet|network)\s+)?{_BASED}$"
)
_BARE_APPOSITION = re.compile(
    rf"^\s*,\s+(?P<role>(?:[a-z][\w-]*\s+){{0,2}}(?:{_ROLE_WORD}))\s+(?:of|at|with|for)\s+(?:the\s+)?{_BASED}$"
)
_OF_ORG = re.compile(rf"^\s*,\s+(?:of|from)\s+(?:the\s+)?{_BASED}$")
_ORG_POSSESSIVE_ROLE = re.compile(
    r"^(?:'s|’s)\s+(?P<role>(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)\s*[,.]"
)
_RELATIVE = re.compile(
    rf"^\s*,\s+who\s+(?P<verb>heads|leads|runs|directs|chairs|manages|coordinates|edits|founded)"
    rf"\s+(?P<unit>(?:the\s+|its\s+)?[\w\s'’-]{{2,60}}?)\s+(?:of|at|for)\s+(?:the\s+)?{_BASED}$"
)
_RELATIVE_POSSESSIVE = re.compile(
    r"^\s*,\s+who\s+(?P<verb>heads|leads|runs|directs|chairs|manages|coordinates|edits)\s+(?:the\s+)?$"
)
_RELATIVE_DIRECT = re.compile(
    rf"^\s*,\s+who\s+(?P<verb>heads|leads|runs|directs|chairs|founded)\s+(?:the\s+)?{_BASED}$"
)
_WORKS_FOR = re.compile(rf"^\s*,\s+who\s+works\s+(?:for|at|with)\s+(?:the\s+)?{_BASED}$")
_AS_ROLE = re.compile(rf"^\s+as\s+(?:a|an|the)?\s*(?P<role>[\w\s-]{{0,30}}?\b(?:{_ROLE_WORD}))\b")
_COPULA_BEFORE = re.compile(
    rf"^\s+(?:is|was|has been|serves as)\s+(?:a|an|the)\s+(?P<role>[\w\s'’-]{{0,40}}?\b(?:{_ROLE_WORD}))"
    rf"\s+(?:with|at|of|for|in)\s+(?:the\s+)?{_BASED}$"
)
_COPULA_ORG_FIRST = re.compile(r"^\s+(?:is|was|has been)\s+(?:the\s+)?(?:(?:an?|the)\s+)?$")
_ROLE_AFTER_ORG = re.compile(
    rf"^(?:'s|’s)?\s+(?P<role>(?:[\w-]+\s+){{0,3}}?(?:{_ROLE_WORD})(?:\s+(?:in|for)\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)?)\b"
)
_PREMODIFIER = re.compile(rf"^(?:'s|’s)?\s+(?P<role>(?:[\w-]+\s+){{0,2}}?(?:{_ROLE_WORD}))\s+$")
_VERB_ROLES = {
    "heads": "head",
    "leads": "head",
    "runs": "head",
    "directs": "director",
    "chairs": "chair",
    "manages": "manager",
    "coordinates": "coordinator",
    "edits": "editor",
    "founded": "founder",
}


@dataclass(frozen=True)
class FoundAffiliation:
    """A person's role in an organisation, with the span that states it."""

    person: str
    organization: str
    role: str
    start: int
    end: int


def find_affiliations(text: str, entities: Entities, index: TextIndex) -> list[FoundAffiliation]:
    """Return the affiliations stated in ``text`` between its person and organisation mentions."""
    found: dict[tuple[str, str], FoundAffiliation] = {}
    people = [m for m in entities.mentions if m.kind == "person"]
    orgs = [m for m in entities.mentions if m.kind == "organization"]
    for person in people:
        sent_start, sent_end = index.sentence(person.start)
        for org in orgs:
            if not (sent_start <= org.start < sent_end):
                continue
            hit = _match(text, person, org)
            if hit is not None:
                role, start, end = hit
                key = (person.name, org.name)
                if key not in found:
                    found[key] = FoundAffiliation(person.name, org.name, role, start, end)
    return list(found.values())


def _match(text: str, person: Mentioned, org: Mentioned) -> tuple[str, int, int] | None:
    if org.start >= person.end:
        mid = text[person.end : org.start]
        if len(mid) > 160:
            return None
        if m := _APPOSITION.match(mid):
            return _clean(m.group("role")), person.start, org.end
        if m := _BARE_APPOSITION.match(mid):
            return _clean(m.group("role")), person.start, org.end
        if _OF_ORG.match(mid):
            return "", person.start, org.end
        if re.match(r"^\s*,\s+(?:the\s+)?$", mid):
            # "Callum Reid, IFR's programme director,"
            after = _ORG_POSSESSIVE_ROLE.match(text[org.end : org.end + 60])
            if after:
                return _clean(after.group("role")), person.start, org.end + after.end("role")
        if m := _RELATIVE.match(mid):
            unit = re.sub(r"^(?:its)\s+", "the ", m.group("unit").strip())
            return f"{_VERB_ROLES[m.group('verb')]} of {unit}", person.start, org.end
        if m := _RELATIVE_POSSESSIVE.match(mid):
            # "who directs the Open Airwaves Trust's monitoring programme"
            owned = re.match(
                r"^(?:'s|’s)\s+(?P<unit>(?:[\w-]+\s+){0,3}?(?:programme|program|desk|department|unit|team|project|office|section|council|service|division))\b",
                text[org.end : org.end + 80],
            )
            if owned:
                return (
                    f"{_VERB_ROLES[m.group('verb')]} of the {owned.group('unit')}",
                    person.start,
                    org.end + owned.end("unit"),
                )
            return _VERB_ROLES[m.group("verb")], person.start, org.end
        if m := _RELATIVE_DIRECT.match(mid):
            return _VERB_ROLES[m.group("verb")], person.start, org.end
        if _WORKS_FOR.match(mid):
            after = _AS_ROLE.match(text[org.end : org.end + 60])
            return (_clean(after.group("role")) if after else "member"), person.start, org.end
        if m := _COPULA_BEFORE.match(mid):
            return _clean(m.group("role")), person.start, org.end
        if _COPULA_ORG_FIRST.match(mid):
            after = _ROLE_AFTER_ORG.match(text[org.end : org.end + 80])
            if after:
                return _clean(after.group("role")), person.start, org.end + after.end("role")
        return None
    mid = text[org.end : person.start]
    if m := _PREMODIFIER.match(mid):
        return _clean(m.group("role")), org.start, person.end
    return None


def _clean(role: str) -> str:
    words = role.split()
    return " ".join(
        w if w[:1].isupper() and w.lower() not in ROLE_NOUNS else w.lower() for w in words
    )
