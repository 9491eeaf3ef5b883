"""People, organisations and places in an article: the model's entities, corrected by rules.

The small statistical model misses names and mistypes them (surnames as organisations, small
towns as organisations), so its entities are only one source of candidates. Rules add the names
that context makes certain (the subject of a speech verb, a name in apposition to a role, a name
after a role word), acronyms and "the X group" phrases; then every candidate is typed again
(a known person's surname is that person; a place must be in the gazetteer) and resolved to one
canonical name per entity (surname-only mentions, acronyms, spelling variants, names already in
the store).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from mediakg.extract._lexicon import MEDIA_WORDS, ORG_HEADS, ORG_TYPES, ROLE_NOUNS, SPEECH_VERBS
from mediakg.extract._text import Mentioned
from mediakg.extract.gazetteer import GazetteerPlace, lookup
from mediakg.records import ArticleText
from mediakg.resolve import name_key

__all__ = ["Entities", "KnownEntities", "find_entities"]

_WORD = r"[^\W\d_][\w'’.\-]*[\w]|[^\W\d_]"
_CAP = r"(?:[A-ZÀ-ÖØ-ÞĀ-ſА-Я][\w'’\-]*[\w]|[A-Z]\.)"
_NAME = rf"{_CAP}(?:\s+(?:(?:van|von|de|del|der|da|di|la|le|bin|ibn|al)\s+)?{_CAP}){{1,3}}"
_ROLE = "|".join(sorted(ROLE_NOUNS, key=len, reverse=True))
_STOP_CAPS = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "For",
        "From",
        "With",
        "By",
        "Of",
        "And",
        "But",
        "Or",
        "If",
        "When",
        "While",
        "As",
        "After",
        "Before",
        "Since",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "Its",
        "He",
        "She",
        "They",
        "We",
        "I",
        "You",
        "His",
        "Her",
        "Their",
        "Our",
        "My",
        "Your",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Prof",
        "Sir",
        "Unfortunately",
        "However",
        "Meanwhile",
        "Another",
        "Other",
        "Leading",
        "Subsequent",
        "See",
        "According",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
)
# Words that occur in capitalised titles and series names but not in people's names.
_NOT_NAMES = frozenset(
    [
        "Papers",
        "Files",
        "Leaks",
        "Part",
        "Chapter",
        "Series",
        "Report",
        "Reports",
        "Story",
        "Project",
    ]
)
_ACRONYM_STOP = frozenset(
    [
        "US",
        "UK",
        "EU",
        "UN",
        "TV",
        "CEO",
        "NGO",
        "AM",
        "PM",
        "OK",
        "ID",
        "PDF",
        "HTML",
        "USA",
        "UAE",
        "GDP",
        "JSC",
        "LLP",
        "LLC",
        "SAC",
        "PLC",
        "AG",
    ]
)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
# Lower-case directions make a part of a country ("west Kazakhstan"); capitalised ones name a
# region of its own ("Central Asia", "West Bank"), which the gazetteer must know by that name.
_DIRECTIONS = re.compile(
    r"^(?:the\s+)?(?:(?:north|south|east|west|central|northern|southern|eastern|western|"
    r"north-?west|north-?east|south-?west|south-?east)(?:ern)?\s+(?:of\s+)?)+",
)


@dataclass
class KnownEntities:
    """Names already in the store, used to resolve an article's mentions across the corpus.

    ``people`` maps a name key to the canonical name; ``organizations`` maps a name or alias key
    to the canonical name; ``outlets`` holds canonical names of news outlets; ``articles`` maps a
    title key or ``url:...`` key to how records refer to that article, and ``titles`` maps that
    reference back to the article's title.
    """

    people: dict[str, str] = field(default_factory=dict)
    organizations: dict[str, str] = field(default_factory=dict)
    outlets: set[str] = field(default_factory=set)
    articles: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)

    def surname(self, token: str) -> str | None:
        """Return the one known person whose last name is ``token``, else ``None``."""
        key = name_key(token)
        found = {full for k, full in self.people.items() if k.split()[-1:] == [key] and " " in k}
        return found.pop() if len(found) == 1 else None


@dataclass
class Entities:
    """What :func:`find_entities` found: mentions, and per entity its aliases and facts."""

    mentions: list[Mentioned]
    people: dict[str, set[str]]
    organizations: dict[str, set[str]]
    outlets: set[str]
    places: dict[str, GazetteerPlace]
    outlet: str | None

    def at(self, start: int, end: int, kind: str | None = None) -> Mentioned | None:
        """Return the mention covering exactly ``[start, end)`` (of ``kind``), if any."""
        for m in self.mentions:
            if m.start == start and m.end == end and (kind is None or m.kind == kind):
                return m
        return None

    def within(self, start: int, end: int, kind: str | None = None) -> list[Mentioned]:
        """Return the mentions inside ``[start, end)``, in text order."""
        return [
            m
            for m in self.mentions
            if m.start >= start and m.end <= end and (kind is None or m.kind == kind)
        ]


@dataclass
class _Candidate:
    start: int
    end: int
    kind: str
    priority: int
    surface: str


def find_entities(
    article: ArticleText, doc: Any, known: KnownEntities, *, statistical: bool
) -> Entities:
    """Find, type and resolve the people, organisations and places of an article.

    Parameters
    ----------
    article : ArticleText
        The article; its metadata (authors, outlet, locations) count as entities too.
    doc : spacy.tokens.Doc
        The parsed body; only its entities are used (none with the rules-only pipeline).
    known : KnownEntities
        Names already in the store.
    statistical : bool
        Whether ``doc`` comes from a statistical model.
    """
    text = article.body
    candidates: list[_Candidate] = []
    if statistical:
        for ent in doc.ents:
            kind = {
                "PERSON": "person",
                "ORG": "organization",
                "GPE": "place",
                "LOC": "place",
                "FAC": "place",
            }.get(ent.label_)
            if kind:
                candidates.append(_Candidate(ent.start_char, ent.end_char, kind, 1, ent.text))
    candidates += _rule_people(text)
    candidates += _rule_organizations(text)
    candidates += _rule_places(text)
    bold = [(s.start, s.end) for s in article.markup if s.kind == "bold"]
    return _resolve(article, candidates, known, bold)


def _rule_people(text: str) -> Iterable[_Candidate]:
    patterns = [
        # "Anna Petrova, a researcher at" / "Anna Petrova, who heads"
        rf"(?P<name>{_NAME})(?:'s|’s)?\s*,\s+(?:a|an|the|who|whose|{_ROLE})\b",
        # "Anna Petrova said" / "Anna Petrova told reporters"
        rf"(?P<name>{_NAME})\s+(?:{SPEECH_VERBS})\b",
        # "researcher Anna Petrova" / "analyst Anna Petrova"
        rf"\b(?:{_ROLE})\s+(?P<name>{_NAME})\b",
        # "said Anna Petrova."
        rf"\b(?:{SPEECH_VERBS})\s+(?P<name>{_NAME})\s*[,.;]",
        # "Anna Petrova is the editor" / "is IWPR editor"
        rf"(?P<name>{_NAME})\s+(?:is|was|has been)\s+(?:a|an|the)?\s*[\w\s'’-]{{0,40}}\b(?:{_ROLE})\b",
    ]
    for pattern in patterns:
        for m in re.finditer(pattern, text):
            start, end = m.span("name")
            surface = _clean_person(text[start:end])
            if surface:
                start = text.index(surface, start)
                yield _Candidate(start, start + len(surface), "person", 3, surface)


def _clean_person(surface: str) -> str | None:
    words = surface.split()
    while words and words[0].strip(".") in _STOP_CAPS:
        words = words[1:]
    if len(words) < 2 or any(w in ORG_HEADS or w in MEDIA_WORDS or w in _NOT_NAMES for w in words):
        return None
    # "Asia-watchers", "Kremlin-backed": a lower-case part makes it a description, not a name.
    if any(part[:1].islower() for w in words for part in w.split("-")[1:]):
        return None
    return " ".join(words)


def _rule_organizations(text: str) -> Iterable[_Candidate]:
    # Acronyms: IWPR, CPI; possessives allowed ("IWPR's").
    for m in re.finditer(r"\b[A-Z][A-Z&]{1,6}\b", text):
        if m.group() not in _ACRONYM_STOP:
            yield _Candidate(m.start(), m.end(), "organization", 2, m.group())
    # "the Moscow-based Memorial group", "the Civic Lens group", "the East-West Strategy think-tank"
    for m in re.finditer(
        rf"\b(?:the\s+)?(?:[A-Z][\w'’-]*-based\s+)?(?P<org>{_CAP}(?:\s+(?:of\s+|for\s+|and\s+)?{_CAP}){{0,5}})"
        rf"\s+(?:{ORG_TYPES})\b",
        text,
    ):
        start, end = m.span("org")
        surface = text[start:end]
        # "Islamist group", "Kazak government": an adjective before a type noun is no name.
        if (
            " " not in surface
            and not m.group().startswith(("the ", "The "))
            and "-based" not in m.group()
        ):
            continue
        if re.search(r"(?:ist|ic|ian|ese|ish|i)$", surface) and " " not in surface:
            continue
        yield _Candidate(start, end, "organization", 3, surface)
    # Capitalised phrases ending in an organisation word: "Caspian Press Institute".
    for m in re.finditer(rf"(?:{_CAP}\s+(?:(?:of|for|and|on|the)\s+)*){{0,6}}{_CAP}", text):
        words = m.group().split()
        while words and words[0] in _STOP_CAPS:
            words = words[1:]
        if words:
            words[-1] = _POSSESSIVE.sub("", words[-1])
        if len(words) >= 2 and words[-1] in ORG_HEADS:
            surface = " ".join(words)
            start = text.index(surface, m.start())
            yield _Candidate(start, start + len(surface), "organization", 2, surface)


def _rule_places(text: str) -> Iterable[_Candidate]:
    for m in re.finditer(rf"\b(?P<place>{_CAP}(?:[\s-]{_CAP})?)-based\b", text):
        yield _Candidate(m.start("place"), m.end("place"), "place", 2, m.group("place"))
    for m in re.finditer(
        rf"\b(?:in|from|near|outside|across|to|of)\s+(?P<place>{_CAP}(?:\s{_CAP})?)", text
    ):
        if m.group("place") not in _STOP_CAPS:
            yield _Candidate(m.start("place"), m.end("place"), "place", 0, m.group("place"))


def _strip(surface: str) -> str:
    surface = re.sub(r"^(?:the|The)\s+", "", surface.strip())
    surface = _POSSESSIVE.sub("", surface)
    return surface.strip(" ,.;:\"“”‘’'()")


def _initials(name: str) -> str:
    return "".join(
        w[0]
        for w in re.split(r"[\s-]+", name)
        if w and w[0].isupper() and w.lower() not in {"of", "for", "and", "the", "on"}
    )


def _resolve(
    article: ArticleText,
    candidates: list[_Candidate],
    known: KnownEntities,
    bold: list[tuple[int, int]],
) -> Entities:
    text = article.body
    # Names inside bold spans are article titles, not mentions.
    candidates = [
        c for c in candidates if not any(b0 <= c.start and c.end <= b1 for b0, b1 in bold)
    ]
    for c in candidates:
        stripped = _strip(c.surface)
        if stripped and stripped != c.surface:
            offset = text.find(stripped, c.start, c.end)
            if offset >= 0:
                c.start, c.end, c.surface = offset, offset + len(stripped), stripped
    # Full names of people: from rules, the model, the byline and the store.
    full_names = {name_key(a): a for a in article.authors}
    for c in candidates:
        words = c.surface.split()
        if (
            c.kind == "person"
            and len(words) >= 2
            and not any(w in ORG_HEADS or w in MEDIA_WORDS for w in words)
        ):
            full_names.setdefault(name_key(c.surface), c.surface)
    surnames: dict[str, set[str]] = {}
    for full in full_names.values():
        surnames.setdefault(name_key(full.split()[-1]), set()).add(full)

    def person_name(surface: str) -> str | None:
        key = name_key(surface)
        if key in full_names:
            return full_names[key]
        if key in known.people:
            return known.people[key]
        if " " not in key:
            local = surnames.get(key, set())
            if len(local) == 1:
                return next(iter(local))
            if not local:
                return known.surname(surface)
            return None
        return surface if len(surface.split()) >= 2 else None

    # Organisation names and acronyms: "Full Name (ACR)" in the text, initials, the store.
    org_names: dict[str, str] = {}
    for c in candidates:
        if c.kind == "organization" and len(c.surface.split()) >= 2:
            org_names.setdefault(name_key(c.surface), c.surface)
    if article.outlet:
        org_names.setdefault(name_key(article.outlet), article.outlet)
    acronyms: dict[str, str] = {}
    for m in re.finditer(r"(?P<name>[A-Z][^()]{3,80}?)\s+\((?P<acr>[A-Z][A-Z&]{1,6})\)", text):
        for full in org_names.values():
            if m.group("name").endswith(full):
                acronyms[m.group("acr")] = full
    for full in org_names.values():
        initials = _initials(full)
        if len(initials) >= 2:
            acronyms.setdefault(initials, full)

    def organization_name(surface: str) -> str | None:
        key = name_key(surface)
        if surface in acronyms:
            full = acronyms[surface]
            return known.organizations.get(name_key(full), full)
        if key in known.organizations:
            return known.organizations[key]
        if key in org_names:
            return org_names[key]
        return surface

    country_hint = None
    for loc in article.locations:
        place = lookup(loc)
        if place is not None:
            country_hint = place.country_code
            break

    def place_of(surface: str) -> GazetteerPlace | None:
        core = _DIRECTIONS.sub("", surface).strip()
        return lookup(core, country_code=country_hint) if core else None

    mentions: list[Mentioned] = []
    places: dict[str, GazetteerPlace] = {}
    taken: list[tuple[int, int]] = []
    for c in sorted(candidates, key=lambda c: (-c.priority, -(c.end - c.start), c.start)):
        if c.end <= c.start or any(c.start < e and s < c.end for s, e in taken):
            continue
        kind, name = _type(c, person_name, organization_name, place_of, places)
        if kind is None or name is None:
            continue
        taken.append((c.start, c.end))
        mentions.append(Mentioned(c.start, c.end, c.surface, kind, name))
    # Short mentions the model and the rules both missed: a surname ("Orlov said ..."), or an
    # organisation's one-word name found elsewhere in the article ("Dala researcher ...").
    found_orgs = {name_key(m.name): m.name for m in mentions if m.kind == "organization"}
    # "the Courier's investigation": the last word of one organisation's name stands for it,
    # when no other organisation of the article shares that word.
    by_word: dict[str, set[str]] = {}
    for org in set(found_orgs.values()):
        words = org.split()
        if len(words) >= 2 and words[-1] not in _STOP_CAPS and len(words[-1]) > 3:
            by_word.setdefault(name_key(words[-1]), set()).add(org)
    for key, orgs in by_word.items():
        if len(orgs) == 1 and key not in found_orgs and key not in surnames:
            found_orgs[key] = next(iter(orgs))
    for word in re.finditer(rf"\b{_CAP}\b", text):
        at, end = word.span()
        if any(at < e and s < end for s, e in taken) or word.group() in _STOP_CAPS:
            continue
        surface = _POSSESSIVE.sub("", word.group())
        key = name_key(surface)
        if len(surnames.get(key, ())) == 1:
            mentions.append(Mentioned(at, end, word.group(), "person", next(iter(surnames[key]))))
            taken.append((at, end))
        elif key in found_orgs and not any(b0 <= at < b1 for b0, b1 in bold):
            mentions.append(
                Mentioned(at, at + len(surface), surface, "organization", found_orgs[key])
            )
            taken.append((at, end))
    mentions.sort(key=lambda m: (m.start, m.end))

    people: dict[str, set[str]] = {a: set() for a in article.authors}
    organizations: dict[str, set[str]] = {}
    for found in mentions:
        if found.kind == "person":
            people.setdefault(found.name, set())
            if found.surface != found.name:
                people[found.name].add(found.surface)
        elif found.kind == "organization":
            organizations.setdefault(found.name, set())
            if found.surface != found.name:
                organizations[found.name].add(found.surface)
    for acr in acronyms:
        canonical = organization_name(acr)
        if canonical in organizations and acr in text:
            organizations[canonical].add(acr)
    outlet = _outlet(article, organizations, organization_name)
    if outlet is not None:
        organizations.setdefault(outlet, set())
    outlets = {
        o
        for o in organizations
        if o == outlet or o in known.outlets or any(w in MEDIA_WORDS for w in o.split())
    }
    outlets |= _discussed_outlets(text, mentions)
    for loc in article.locations:
        place = place_of(loc)
        if place is not None:
            places.setdefault(place.name, place)
    return Entities(mentions, people, organizations, outlets, places, outlet)


def _type(
    c: _Candidate,
    person_name: Any,
    organization_name: Any,
    place_of: Any,
    places: dict[str, GazetteerPlace],
) -> tuple[str | None, str | None]:
    surface = c.surface
    words = surface.split()
    # A known person's surname or full name is that person, whatever the model said.
    person = person_name(surface) if words and words[0][0].isupper() else None
    if person is not None and (c.kind == "person" or len(words) == 1) and not surface.isupper():
        return "person", person
    if c.kind == "person":
        # The model calls some outlets people ("Vistula Courier"); their names give them away.
        if (
            any(w in ORG_HEADS or w in MEDIA_WORDS for w in words)
            or organization_name(surface) != surface
        ):
            return "organization", organization_name(surface)
        return (None, None) if person is None else ("person", person)
    if c.kind == "place" or (
        c.kind == "organization"
        and words[-1] not in ORG_HEADS
        and c.priority < 3
        and not surface.isupper()
    ):
        place = place_of(surface)
        if place is not None:
            places.setdefault(place.name, place)
            return "place", place.name
        if c.kind == "place":
            return None, None
    if c.kind == "organization":
        if surface.islower() or surface in _STOP_CAPS:
            return None, None
        name = organization_name(surface)
        # The model tags lone adjectives ("Islamist") as organisations; one capitalised word is
        # an organisation only as an acronym, a name already known, or by a rule's context.
        if len(words) == 1 and not surface.isupper() and c.priority < 3 and name == surface:
            return None, None
        return "organization", name
    return None, None


def _outlet(
    article: ArticleText, organizations: dict[str, set[str]], organization_name: Any
) -> str | None:
    if article.outlet:
        return str(organization_name(article.outlet))
    if article.url:
        # The outlet is often named in the text by the acronym its web address uses.
        host = re.sub(r"^www\.", "", re.sub(r"^[a-z]+://", "", article.url.lower())).split("/")[0]
        label = host.split(".")[0]
        for name, aliases in organizations.items():
            if (
                label in {name_key(a).replace(" ", "") for a in {name, *aliases}}
                or label == _initials(name).lower()
            ):
                return name
    return None


def _discussed_outlets(text: str, mentions: list[Mentioned]) -> set[str]:
    from mediakg.extract._lexicon import WORK_NOUNS

    found = set()
    for m in mentions:
        if m.kind == "organization" and re.match(
            rf"(?:'s|’s)?\s+(?:\w+\s+){{0,2}}(?:{WORK_NOUNS})\b", text[m.end : m.end + 60]
        ):
            found.add(m.name)
    return found
