"""Typed records: what loaders produce and :mod:`mediakg.mapping` turns into triples.

Records refer to each other by name (a person's name, an article's URL or title), never by IRI:
IRIs are minted later, in one place (:mod:`mediakg.resolve`), so that every loader yields the same
graph for the same facts.

A record file (YAML, JSON Lines or CSV) is a list of mappings, each with a ``type`` field naming
one of :data:`RECORD_TYPES`; :func:`record_from_mapping` checks and converts one of them.

Examples
--------
>>> rec = record_from_mapping({"type": "person", "name": "Ada Example", "aliases": ["A. Example"]})
>>> rec
Person(name='Ada Example', aliases=('A. Example',), description=None)
>>> record_from_mapping({"type": "person"}, where="people.jsonl:3")
Traceback (most recent call last):
...
mediakg.errors.RecordError: people.jsonl:3: person record: required field 'name' is missing
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

from mediakg.errors import RecordError

__all__ = [
    "RECORD_TYPES",
    "Affiliation",
    "Article",
    "ArticleText",
    "Citation",
    "Endorsement",
    "EvidenceSpan",
    "MarkupSpan",
    "Mention",
    "Organization",
    "Person",
    "Place",
    "Quotation",
    "Record",
    "Series",
    "Topic",
    "record_from_mapping",
]


@dataclass(frozen=True, kw_only=True)
class EvidenceSpan:
    """A span of an article's text that a fact was read from.

    Offsets count Unicode characters in the article body, ``end`` exclusive, as in the W3C Web
    Annotation ``TextPositionSelector``.
    """

    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise RecordError(
                f"evidence span: start {self.start} and end {self.end} must satisfy "
                "0 <= start <= end"
            )


@dataclass(frozen=True, kw_only=True)
class Article:
    """A news article or report.

    It is identified by ``url`` when known, else by ``identifier``, else by its ``title``.
    """

    title: str
    url: str | None = None
    identifier: str | None = None
    published: dt.date | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    kind: Literal["NewsArticle", "Report"] = "NewsArticle"
    description: str | None = None
    body: str | None = None
    language: str | None = None
    locations: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    about: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    series: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Person:
    """A person: an author, a speaker, an endorser."""

    name: str
    aliases: tuple[str, ...] = ()
    description: str | None = None


@dataclass(frozen=True, kw_only=True)
class Organization:
    """An organisation; with ``outlet=True`` a news media organisation."""

    name: str
    aliases: tuple[str, ...] = ()
    outlet: bool = False
    url: str | None = None
    location: str | None = None
    description: str | None = None


@dataclass(frozen=True, kw_only=True)
class Place:
    """A place, optionally with WGS84 coordinates and the place it lies within."""

    name: str
    aliases: tuple[str, ...] = ()
    latitude: float | None = None
    longitude: float | None = None
    within: str | None = None
    geonames_id: int | None = None

    def __post_init__(self) -> None:
        if self.latitude is not None and not -90.0 <= self.latitude <= 90.0:
            raise RecordError(f"place {self.name!r}: latitude {self.latitude} is not in [-90, 90]")
        if self.longitude is not None and not -180.0 <= self.longitude <= 180.0:
            raise RecordError(
                f"place {self.name!r}: longitude {self.longitude} is not in [-180, 180]"
            )


@dataclass(frozen=True, kw_only=True)
class Topic:
    """A subject heading, optionally under a broader one."""

    name: str
    broader: str | None = None


@dataclass(frozen=True, kw_only=True)
class Series:
    """A series of works, such as an outlet's run of reports on one story."""

    name: str
    outlet: str | None = None
    parts: tuple[str, ...] = ()
    description: str | None = None


@dataclass(frozen=True, kw_only=True)
class Quotation:
    """Words attributed to a speaker in an article, verbatim (``direct``) or reported."""

    text: str
    speaker: str
    article: str
    direct: bool = True
    evidence: EvidenceSpan | None = None


@dataclass(frozen=True, kw_only=True)
class Endorsement:
    """An agent's evaluation of a work, a series or an outlet, as reported in an article.

    ``polarity`` runs from -1 (harsh criticism) to 1 (high praise). ``quote`` is the text of the
    quotation the endorsement was read from; a matching :class:`Quotation` is created when the
    document does not already hold one.
    """

    endorser: str
    target: str
    article: str
    quote: str
    polarity: float = 1.0
    date: dt.date | None = None
    evidence: EvidenceSpan | None = None

    def __post_init__(self) -> None:
        if not -1.0 <= self.polarity <= 1.0:
            raise RecordError(f"endorsement: polarity {self.polarity} is not in [-1, 1]")


@dataclass(frozen=True, kw_only=True)
class Affiliation:
    """A person's membership of, or role in, an organisation."""

    person: str
    organization: str
    role: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    article: str | None = None
    evidence: EvidenceSpan | None = None


@dataclass(frozen=True, kw_only=True)
class Citation:
    """An article referring to another; ``relation`` is an optional CiTO property name."""

    article: str
    cited: str
    relation: str | None = None
    evidence: EvidenceSpan | None = None


@dataclass(frozen=True, kw_only=True)
class Mention:
    """An entity named at a span of an article: the evidence that the article names it.

    ``kind`` is ``person``, ``organization`` or ``place``.
    """

    name: str
    kind: Literal["person", "organization", "place"]
    article: str
    evidence: EvidenceSpan | None = None


@dataclass(frozen=True, kw_only=True)
class MarkupSpan:
    """A stretch of an article's body that was marked up in its source: bold text or a link.

    Offsets are characters in :attr:`ArticleText.body`, ``end`` exclusive.
    """

    start: int
    end: int
    kind: Literal["bold", "link"]
    href: str | None = None


@dataclass(frozen=True, kw_only=True)
class ArticleText:
    """An article as read from its source, before extraction: metadata and plain-text body.

    Article loaders (markdown, HTML, feeds, plain text) produce it; :mod:`mediakg.extract` turns
    it into records. ``markup`` keeps the bold spans and links of the source, which is where
    references to other articles usually are.
    """

    title: str
    body: str
    url: str | None = None
    authors: tuple[str, ...] = ()
    published: dt.date | None = None
    outlet: str | None = None
    locations: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    language: str | None = None
    description: str | None = None
    markup: tuple[MarkupSpan, ...] = ()

    @property
    def key(self) -> str:
        """How records of this article refer to it: its URL, else its title."""
        return self.url or self.title


Record: TypeAlias = (
    Article
    | Person
    | Organization
    | Place
    | Topic
    | Series
    | Quotation
    | Endorsement
    | Affiliation
    | Citation
    | Mention
)

RECORD_TYPES: dict[str, type[Record]] = {
    "article": Article,
    "person": Person,
    "organization": Organization,
    "place": Place,
    "topic": Topic,
    "series": Series,
    "quotation": Quotation,
    "endorsement": Endorsement,
    "affiliation": Affiliation,
    "citation": Citation,
    "mention": Mention,
}
"""Record type names as written in record files, with their classes."""

# Spellings researchers use for the same type; plural forms let a file named ``people.csv`` or a
# YAML section ``people:`` say the type once.
TYPE_ALIASES: dict[str, str] = {
    "organisation": "organization",
    "outlet": "organization",
    "report": "article",
    "newsarticle": "article",
    "quote": "quotation",
    "people": "person",
    "persons": "person",
    "articles": "article",
    "organizations": "organization",
    "organisations": "organization",
    "places": "place",
    "topics": "topic",
    "quotations": "quotation",
    "quotes": "quotation",
    "endorsements": "endorsement",
    "affiliations": "affiliation",
    "citations": "citation",
    "mentions": "mention",
}


def canonical_type(name: str) -> str | None:
    """Return the record type a (possibly plural or British) name stands for, or ``None``.

    Examples
    --------
    >>> canonical_type("Organisations"), canonical_type("series"), canonical_type("chairs")
    ('organization', 'series', None)
    """
    key = name.strip().lower()
    if key in RECORD_TYPES:
        return key
    return TYPE_ALIASES.get(key)


def record_from_mapping(
    data: Mapping[str, Any], *, record_type: str | None = None, where: str = "record"
) -> Record:
    """Check one mapping from a record file and build its typed record.

    Parameters
    ----------
    data : Mapping
        Field names to values. ``type`` names the record type unless ``record_type`` is given.
        Empty strings and ``None`` count as absent. List fields accept a list or a string with
        items separated by ``|``; dates accept ISO 8601 strings.
    record_type : str, optional
        The type to use when the mapping has no ``type`` field.
    where : str
        Where the mapping came from (``path:line``), put at the head of error messages.

    Returns
    -------
    Record
        One of the record classes in :data:`RECORD_TYPES`.

    Raises
    ------
    RecordError
        If the type is unknown, a required field is missing, a field is unknown, or a value
        cannot be converted; the message names the place, the field and the value.

    Examples
    --------
    >>> record_from_mapping({"type": "place", "name": "Testville", "latitude": "47.1"}).latitude
    47.1
    >>> record_from_mapping({"type": "chair", "name": "x"}, where="f.yaml:2")
    Traceback (most recent call last):
    ...
    mediakg.errors.RecordError: f.yaml:2: unknown record type 'chair'; known types: affiliation, \
article, citation, endorsement, mention, organization, person, place, quotation, series, topic
    """
    fields = {k: v for k, v in data.items() if not _is_blank(v)}
    type_name = fields.pop("type", None) or record_type
    if type_name is None:
        raise RecordError(f"{where}: record has no 'type' field")
    canonical = canonical_type(str(type_name))
    if canonical is None:
        known = ", ".join(sorted(RECORD_TYPES))
        raise RecordError(f"{where}: unknown record type {type_name!r}; known types: {known}")
    cls = RECORD_TYPES[canonical]
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for field in dataclasses.fields(cls):
        if field.name in fields:
            raw = fields.pop(field.name)
            try:
                values[field.name] = _convert(raw, hints[field.name])
            except (TypeError, ValueError) as exc:
                raise RecordError(
                    f"{where}: {canonical} record: field {field.name!r}: {exc} (got {raw!r})"
                ) from exc
        elif field.default is dataclasses.MISSING:
            raise RecordError(
                f"{where}: {canonical} record: required field {field.name!r} is missing"
            )
    if fields:
        unknown = ", ".join(repr(k) for k in sorted(fields))
        known = ", ".join(f.name for f in dataclasses.fields(cls))
        raise RecordError(
            f"{where}: {canonical} record: unknown field {unknown}; known fields: {known}"
        )
    try:
        return cls(**values)
    except RecordError as exc:
        raise RecordError(f"{where}: {exc}") from exc


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _convert(raw: Any, hint: Any) -> Any:
    """Convert ``raw`` to the annotated type ``hint`` (the subset records use)."""
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return _convert(raw, options[0])
    if origin is tuple:
        (item,) = typing.get_args(hint)[:1]
        items = raw.split("|") if isinstance(raw, str) else raw
        if not isinstance(items, list | tuple):
            raise TypeError(f"expected a list, not {type(raw).__name__}")
        return tuple(_convert(x.strip() if isinstance(x, str) else x, item) for x in items)
    if origin is Literal:
        allowed = typing.get_args(hint)
        if raw not in allowed:
            raise ValueError(f"expected one of {', '.join(map(str, allowed))}")
        return raw
    if hint is str:
        if isinstance(raw, dict | list | tuple):
            raise TypeError(f"expected text, not {type(raw).__name__}")
        return str(raw).strip()
    if hint is bool:
        return _to_bool(raw)
    if hint is int:
        if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
            raise ValueError("expected a whole number")
        return int(raw)
    if hint is float:
        if isinstance(raw, bool):
            raise ValueError("expected a number")
        return float(raw)
    if hint is dt.date:
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        return dt.date.fromisoformat(str(raw).strip()[:10])
    if hint is EvidenceSpan:
        if isinstance(raw, EvidenceSpan):
            return raw
        if not isinstance(raw, Mapping):
            raise TypeError("expected a mapping with start, end and exact")
        spec = {k: raw[k] for k in ("start", "end", "exact", "prefix", "suffix") if k in raw}
        missing = {"start", "end", "exact"} - spec.keys()
        if missing:
            raise ValueError(f"evidence needs {', '.join(sorted(missing))}")
        return EvidenceSpan(
            start=_convert(spec.pop("start"), int),
            end=_convert(spec.pop("end"), int),
            **{k: str(v) for k, v in spec.items()},
        )
    raise TypeError(f"unsupported field type {hint!r}")  # pragma: no cover - a coding error


def _to_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in {"true", "yes", "1", "y"}:
        return True
    if text in {"false", "no", "0", "n"}:
        return False
    raise ValueError("expected true or false")
