"""Entity resolution and IRI minting.

Every resource mediakg creates gets its IRI here, from what identifies it (a person's name, an
article's URL), so the same facts always yield the same IRIs, whichever loader read them and in
whatever order. :class:`DocumentIndex` resolves the names one document's records use for each
other: aliases, acronyms and articles referred to by URL, identifier or title.

Examples
--------
>>> person_iri("Zoë  O'Neill")
rdflib.term.URIRef('https://w3id.org/mediakg/id/person/zoe-o-neill')
>>> article_iri(url="https://www.Example.org/news/a-story/?x=1#top")
rdflib.term.URIRef('https://w3id.org/mediakg/id/article/example-org-news-a-story-x-1')
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from rdflib import URIRef

from mediakg.errors import RecordError
from mediakg.namespace import ID
from mediakg.records import Article, Organization, Person, Place, Record, Series

__all__ = [
    "DocumentIndex",
    "article_iri",
    "name_key",
    "normalise_url",
    "organization_iri",
    "person_iri",
    "place_iri",
    "role_iri",
    "series_iri",
    "short_hash",
    "slugify",
    "topic_iri",
]

_NON_WORD = re.compile(r"[^\w]+")
_URL_LIKE = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def slugify(text: str) -> str:
    """Return a lower-case, hyphenated form of ``text`` fit for an IRI path segment.

    Accents are dropped, other letters (Cyrillic, say) are kept; text with no letters or digits
    falls back to a hash so that it still gets a stable, distinct slug.

    Examples
    --------
    >>> slugify("Kazakhstan's Islamists: Radicals?")
    'kazakhstan-s-islamists-radicals'
    >>> slugify("Алматы")
    'алматы'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    slug = _NON_WORD.sub("-", stripped.casefold()).replace("_", "-").strip("-")
    slug = re.sub(r"-{2,}", "-", slug)
    return slug or f"h{short_hash(text)}"


def short_hash(*parts: object) -> str:
    """Return 16 hex digits of SHA-256 over the parts: stable across runs and machines.

    Examples
    --------
    >>> short_hash("a", 1) == short_hash("a", 1) != short_hash("a", 2)
    True
    """
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return digest.hexdigest()[:16]


def name_key(name: str) -> str:
    """Return the key under which names are compared: case, accents, spacing and quotes folded.

    Examples
    --------
    >>> name_key("  Dmitry   ORLOV ") == name_key("dmitry orlov")
    True
    """
    if name.isascii():  # the common case, and a hot path of entity resolution
        return " ".join(name.casefold().strip(" \"'").split())
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(stripped.casefold().strip(" \"'").split())


def normalise_url(url: str) -> str:
    """Return the part of a URL that identifies a page: host without ``www.``, path, query.

    The scheme and fragment are dropped, so http and https forms of one page match.

    Examples
    --------
    >>> normalise_url("HTTPS://www.example.org/a/b/")
    'example.org/a/b'
    """
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    return host + path + (f"?{parts.query}" if parts.query else "")


def person_iri(name: str) -> URIRef:
    """Return the IRI of the person called ``name``."""
    return ID[f"person/{slugify(name)}"]


def organization_iri(name: str) -> URIRef:
    """Return the IRI of the organisation called ``name``."""
    return ID[f"organization/{slugify(name)}"]


def place_iri(name: str) -> URIRef:
    """Return the IRI of the place called ``name``."""
    return ID[f"place/{slugify(name)}"]


def topic_iri(name: str) -> URIRef:
    """Return the IRI of the topic called ``name``."""
    return ID[f"topic/{slugify(name)}"]


def role_iri(name: str) -> URIRef:
    """Return the IRI of the role (job title) called ``name``."""
    return ID[f"role/{slugify(name)}"]


def series_iri(name: str) -> URIRef:
    """Return the IRI of the series called ``name``."""
    return ID[f"series/{slugify(name)}"]


def article_iri(
    *, url: str | None = None, identifier: str | None = None, title: str | None = None
) -> URIRef:
    """Return the IRI of an article from its URL, else its identifier, else its title.

    Raises
    ------
    RecordError
        If none of the three is given.

    Examples
    --------
    >>> article_iri(title="A Quiet Week")
    rdflib.term.URIRef('https://w3id.org/mediakg/id/article/a-quiet-week')
    """
    if url:
        return ID[f"article/{slugify(normalise_url(url))}"]
    if identifier:
        return ID[f"article/{slugify(identifier)}"]
    if title:
        return ID[f"article/{slugify(title)}"]
    raise RecordError("an article needs a url, an identifier or a title")


@dataclass
class DocumentIndex:
    """The names one document's records use for entities and articles, with their IRIs.

    Build it with :meth:`from_records`; then :meth:`agent`, :meth:`article`, :meth:`target` and
    friends turn the names in a record into IRIs, consistently across the document.

    Examples
    --------
    >>> from mediakg.records import Organization
    >>> idx = DocumentIndex.from_records(
    ...     [Organization(name="Institute of Examples", aliases=("IoE",), outlet=True)])
    >>> idx.agent("IoE") == idx.organization("Institute of Examples")
    True
    >>> idx.agent("Jo Bloggs")
    rdflib.term.URIRef('https://w3id.org/mediakg/id/person/jo-bloggs')
    """

    people: dict[str, URIRef] = field(default_factory=dict)
    organizations: dict[str, URIRef] = field(default_factory=dict)
    places: dict[str, URIRef] = field(default_factory=dict)
    series_names: dict[str, URIRef] = field(default_factory=dict)
    articles: dict[str, URIRef] = field(default_factory=dict)

    @classmethod
    def from_records(cls, records: Iterable[Record]) -> DocumentIndex:
        """Index every name, alias, URL, identifier and title the records declare."""
        index = cls()
        for rec in records:
            if isinstance(rec, Person):
                index._add(index.people, person_iri(rec.name), rec.name, *rec.aliases)
            elif isinstance(rec, Organization):
                iri = organization_iri(rec.name)
                index._add(index.organizations, iri, rec.name, *rec.aliases)
            elif isinstance(rec, Place):
                index._add(index.places, place_iri(rec.name), rec.name, *rec.aliases)
            elif isinstance(rec, Series):
                index._add(index.series_names, series_iri(rec.name), rec.name)
            elif isinstance(rec, Article):
                iri = article_iri(url=rec.url, identifier=rec.identifier, title=rec.title)
                keys = [rec.title, rec.identifier or ""]
                keys += [f"url:{normalise_url(rec.url)}"] if rec.url else []
                index._add(index.articles, iri, *keys)
        return index

    @staticmethod
    def _add(table: dict[str, URIRef], iri: URIRef, *names: str) -> None:
        for name in names:
            if name:
                table.setdefault(name_key(name), iri)

    def person(self, name: str) -> URIRef:
        """Return the IRI of the person known in this document as ``name``."""
        return self.people.get(name_key(name)) or person_iri(name)

    def organization(self, name: str) -> URIRef:
        """Return the IRI of the organisation known in this document as ``name``."""
        return self.organizations.get(name_key(name)) or organization_iri(name)

    def place(self, name: str) -> URIRef:
        """Return the IRI of the place known in this document as ``name``."""
        return self.places.get(name_key(name)) or place_iri(name)

    def series(self, name: str) -> URIRef:
        """Return the IRI of the series known in this document as ``name``."""
        return self.series_names.get(name_key(name)) or series_iri(name)

    def agent(self, name: str) -> URIRef:
        """Return the IRI of a speaker or endorser: an organisation if one has that name."""
        key = name_key(name)
        return self.organizations.get(key) or self.people.get(key) or person_iri(name)

    def is_known_article(self, ref: str) -> bool:
        """Tell whether ``ref`` (URL, identifier or title) names an article of this document."""
        return self._article_key(ref) in self.articles

    def article(self, ref: str) -> URIRef:
        """Return the IRI of the article ``ref`` names: by URL, identifier or exact title."""
        found = self.articles.get(self._article_key(ref))
        if found is not None:
            return found
        if _URL_LIKE.match(ref):
            return article_iri(url=ref)
        return article_iri(title=ref)

    def target(self, ref: str) -> URIRef:
        """Return the IRI of what an endorsement is about: an outlet, a series or an article."""
        key = name_key(ref)
        for table in (self.organizations, self.series_names):
            if key in table:
                return table[key]
        if self.is_known_article(ref) or _URL_LIKE.match(ref):
            return self.article(ref)
        raise RecordError(
            f"endorsement target {ref!r} is not an organisation, series or article of this "
            "document; declare it, or give an article URL"
        )

    @staticmethod
    def _article_key(ref: str) -> str:
        return f"url:{normalise_url(ref)}" if _URL_LIKE.match(ref) else name_key(ref)
