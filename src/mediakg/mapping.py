"""Records to triples: the only module that knows the RDF shape of a record.

:func:`to_triples` maps the records of one document to the triples of its named graph. It reuses
schema.org, PROV-O, Web Annotation, ORG and SKOS terms, adds the ``mkg:`` terms of
``ontology/mediakg.ttl`` where no standard one fits, and creates no blank nodes, so a document
always maps to the same triples, IRI for IRI.

Examples
--------
>>> from mediakg.records import Person, Quotation
>>> triples = to_triples([
...     Person(name="Ada Example"),
...     Quotation(text="We checked.", speaker="Ada Example", article="https://news.example/a"),
... ])
>>> from mediakg.namespace import SCHEMA
>>> sorted(str(o) for s, p, o in triples if p == SCHEMA.text)
['We checked.']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS, XSD

from mediakg.errors import RecordError
from mediakg.namespace import CITO, ID, MKG, OA, ORG, SCHEMA, WGS84
from mediakg.records import (
    Affiliation,
    Article,
    Citation,
    Endorsement,
    EvidenceSpan,
    Mention,
    Organization,
    Person,
    Place,
    Quotation,
    Record,
    Series,
    Topic,
)
from mediakg.resolve import DocumentIndex, name_key, role_iri, short_hash, topic_iri

__all__ = ["Triple", "to_triples"]

Triple = tuple[URIRef, URIRef, URIRef | Literal]


def to_triples(records: Iterable[Record]) -> list[Triple]:
    """Map the records of one document to the triples of its named graph.

    Parameters
    ----------
    records : iterable of Record
        Everything one source document holds. Names are resolved across all of them, so an
        alias declared on a :class:`~mediakg.records.Person` works in a quotation.

    Returns
    -------
    list of tuple
        Distinct triples, sorted, so that equal input gives equal output.

    Raises
    ------
    RecordError
        If a record refers to something it cannot resolve (an endorsement target that names
        nothing in the document, say).
    """
    records = list(records)
    index = DocumentIndex.from_records(records)
    mapper = _Mapper(index, records)
    out: set[Triple] = set()
    for rec in records:
        out.update(mapper.map(rec))
    return sorted(out)


class _Mapper:
    def __init__(self, index: DocumentIndex, records: list[Record]) -> None:
        self.index = index
        # Endorsements point to the quotation they were read from: find it among the document's
        # quotations by speaker, article and text, before creating one.
        self.quotations: dict[tuple[URIRef, URIRef, str], URIRef] = {}
        for rec in records:
            if isinstance(rec, Quotation):
                key = self._quotation_key(rec.speaker, rec.article, rec.text)
                self.quotations[key] = self._quotation_iri(key)

    def map(self, rec: Record) -> Iterator[Triple]:
        handler = getattr(self, f"_{type(rec).__name__.lower()}")
        yield from handler(rec)

    # -- entities ---------------------------------------------------------------------------

    def _person(self, rec: Person) -> Iterator[Triple]:
        iri = self.index.person(rec.name)
        yield from self._named(iri, SCHEMA.Person, rec.name)
        yield from ((iri, SKOS.altLabel, Literal(a)) for a in rec.aliases)
        if rec.description:
            yield iri, SCHEMA.description, Literal(rec.description)

    def _organization(self, rec: Organization) -> Iterator[Triple]:
        iri = self.index.organization(rec.name)
        yield from self._named(iri, SCHEMA.Organization, rec.name)
        if rec.outlet:
            yield iri, RDF.type, SCHEMA.NewsMediaOrganization
        yield from ((iri, SKOS.altLabel, Literal(a)) for a in rec.aliases)
        if rec.url:
            yield iri, SCHEMA.url, Literal(rec.url, datatype=XSD.anyURI)
        if rec.location:
            place = self.index.place(rec.location)
            yield from self._named(place, SCHEMA.Place, rec.location)
            yield iri, SCHEMA.location, place
        if rec.description:
            yield iri, SCHEMA.description, Literal(rec.description)

    def _place(self, rec: Place) -> Iterator[Triple]:
        iri = self.index.place(rec.name)
        yield from self._named(iri, SCHEMA.Place, rec.name)
        yield from ((iri, SKOS.altLabel, Literal(a)) for a in rec.aliases)
        if rec.latitude is not None:
            yield iri, WGS84.lat, _decimal(rec.latitude)
        if rec.longitude is not None:
            yield iri, WGS84.long, _decimal(rec.longitude)
        if rec.within:
            container = self.index.place(rec.within)
            yield from self._named(container, SCHEMA.Place, rec.within)
            yield iri, SCHEMA.containedInPlace, container
        if rec.geonames_id is not None:
            yield iri, SKOS.exactMatch, URIRef(f"https://sws.geonames.org/{rec.geonames_id}/")

    def _topic(self, rec: Topic) -> Iterator[Triple]:
        iri = topic_iri(rec.name)
        yield iri, RDF.type, SKOS.Concept
        yield iri, SKOS.prefLabel, Literal(rec.name)
        if rec.broader:
            yield iri, SKOS.broader, topic_iri(rec.broader)
            yield topic_iri(rec.broader), RDF.type, SKOS.Concept
            yield topic_iri(rec.broader), SKOS.prefLabel, Literal(rec.broader)

    def _series(self, rec: Series) -> Iterator[Triple]:
        iri = self.index.series(rec.name)
        yield from self._named(iri, MKG.Series, rec.name)
        yield iri, RDF.type, SCHEMA.CreativeWorkSeries
        if rec.outlet:
            yield from self._outlet(iri, rec.outlet)
        for part in rec.parts:
            article = self._article_ref(part)
            yield iri, SCHEMA.hasPart, article
            yield article, SCHEMA.isPartOf, iri
        if rec.description:
            yield iri, SCHEMA.description, Literal(rec.description)

    # -- articles and what they say ----------------------------------------------------------

    def _article(self, rec: Article) -> Iterator[Triple]:
        iri = self.index.article(rec.url or rec.identifier or rec.title)
        yield iri, RDF.type, SCHEMA[rec.kind]
        yield iri, SCHEMA.headline, Literal(rec.title)
        if rec.url:
            yield iri, SCHEMA.url, Literal(rec.url, datatype=XSD.anyURI)
        if rec.identifier:
            yield iri, SCHEMA.identifier, Literal(rec.identifier)
        if rec.published:
            yield iri, SCHEMA.datePublished, _date(rec.published)
        if rec.outlet:
            yield from self._outlet(iri, rec.outlet)
        for author in rec.authors:
            person = self.index.person(author)
            yield from self._named(person, SCHEMA.Person, author)
            yield iri, SCHEMA.author, person
        for prop, value in (
            (SCHEMA.description, rec.description),
            (SCHEMA.articleBody, rec.body),
            (SCHEMA.inLanguage, rec.language),
        ):
            if value:
                yield iri, prop, Literal(value)
        for name in rec.locations:
            place = self.index.place(name)
            yield from self._named(place, SCHEMA.Place, name)
            yield iri, SCHEMA.contentLocation, place
        for name in rec.topics:
            yield topic_iri(name), RDF.type, SKOS.Concept
            yield topic_iri(name), SKOS.prefLabel, Literal(name)
            yield iri, SCHEMA.about, topic_iri(name)
        for name in rec.about:
            yield iri, SCHEMA.about, self._entity(name)
        for name in rec.mentions:
            yield iri, SCHEMA.mentions, self._entity(name)
        for name in rec.series:
            series = self.index.series(name)
            yield from self._named(series, MKG.Series, name)
            yield iri, SCHEMA.isPartOf, series
            yield series, SCHEMA.hasPart, iri

    def _quotation(self, rec: Quotation) -> Iterator[Triple]:
        key = self._quotation_key(rec.speaker, rec.article, rec.text)
        yield from self._quotation_triples(self.quotations[key], rec, key)

    def _quotation_triples(
        self, iri: URIRef, rec: Quotation, key: tuple[URIRef, URIRef, str]
    ) -> Iterator[Triple]:
        speaker, article, _ = key
        yield iri, RDF.type, MKG.Quotation
        yield iri, RDF.type, SCHEMA.Quotation
        yield iri, SCHEMA.text, Literal(rec.text)
        yield iri, SCHEMA.spokenByCharacter, speaker
        yield iri, PROV.wasAttributedTo, speaker
        yield iri, SCHEMA.isPartOf, article
        yield iri, MKG.isDirect, Literal(rec.direct)
        yield from self._agent(speaker, rec.speaker)
        yield from self._article_stub(article, rec.article)
        yield article, SCHEMA.mentions, speaker
        yield from self._evidence(iri, article, rec.evidence)

    def _endorsement(self, rec: Endorsement) -> Iterator[Triple]:
        endorser = self.index.agent(rec.endorser)
        target = self.index.target(rec.target)
        article = self._article_ref(rec.article)
        key = self._quotation_key(rec.endorser, rec.article, rec.quote)
        quotation = self._find_quotation(key)
        if quotation is None:
            quotation = self._quotation_iri(key)
            implied = Quotation(
                text=rec.quote, speaker=rec.endorser, article=rec.article, evidence=rec.evidence
            )
            yield from self._quotation_triples(quotation, implied, key)
        iri = ID[f"endorsement/{short_hash(endorser, target, quotation)}"]
        rating = URIRef(f"{iri}#rating")
        yield iri, RDF.type, MKG.Endorsement
        yield iri, RDF.type, SCHEMA.EndorseAction
        yield iri, SCHEMA.agent, endorser
        yield iri, SCHEMA.object, target
        yield iri, PROV.wasDerivedFrom, quotation
        yield iri, SCHEMA.result, rating
        yield rating, RDF.type, SCHEMA.EndorsementRating
        yield rating, SCHEMA.ratingValue, _decimal(rec.polarity)
        yield rating, SCHEMA.worstRating, _decimal(-1)
        yield rating, SCHEMA.bestRating, _decimal(1)
        if rec.date:
            yield iri, SCHEMA.startTime, _date(rec.date)
        yield endorser, MKG.endorses, target
        yield from self._agent(endorser, rec.endorser)
        yield article, SCHEMA.mentions, endorser
        if target != article:
            yield article, SCHEMA.mentions, target
        yield from self._evidence(iri, article, rec.evidence)

    def _affiliation(self, rec: Affiliation) -> Iterator[Triple]:
        person = self.index.person(rec.person)
        org = self.index.organization(rec.organization)
        iri = ID[f"affiliation/{short_hash(person, org, name_key(rec.role or ''))}"]
        yield iri, RDF.type, MKG.Affiliation
        yield iri, RDF.type, ORG.Membership
        yield iri, ORG.member, person
        yield iri, ORG.organization, org
        yield person, MKG.affiliatedWith, org
        yield from self._named(person, SCHEMA.Person, rec.person)
        yield from self._named(org, SCHEMA.Organization, rec.organization)
        if rec.role:
            role = role_iri(rec.role)
            yield iri, ORG.role, role
            yield role, RDF.type, MKG.Role
            yield role, SKOS.prefLabel, Literal(rec.role)
        if rec.start:
            yield iri, SCHEMA.startDate, _date(rec.start)
        if rec.end:
            yield iri, SCHEMA.endDate, _date(rec.end)
        if rec.article:
            article = self._article_ref(rec.article)
            yield iri, PROV.hadPrimarySource, article
            yield article, SCHEMA.mentions, person
            yield article, SCHEMA.mentions, org
            yield from self._evidence(iri, article, rec.evidence)

    def _mention(self, rec: Mention) -> Iterator[Triple]:
        entity = {
            "person": self.index.person,
            "organization": self.index.organization,
            "place": self.index.place,
        }[rec.kind](rec.name)
        article = self._article_ref(rec.article)
        yield article, SCHEMA.mentions, entity
        if rec.evidence is None:
            return
        span = self._span_iri(article, rec.evidence)
        iri = ID[f"mention/{short_hash(entity, span)}"]
        yield iri, RDF.type, MKG.Mention
        yield iri, RDF.type, OA.Annotation
        yield iri, OA.hasBody, entity
        yield iri, OA.hasTarget, span
        yield from self._evidence(iri, article, rec.evidence, prop=None)

    def _citation(self, rec: Citation) -> Iterator[Triple]:
        article = self._article_ref(rec.article)
        cited = self._article_ref(rec.cited)
        yield article, SCHEMA.citation, cited
        if rec.relation:
            yield article, CITO[rec.relation], cited
        yield from self._evidence(article, article, rec.evidence, prop=None)

    # -- helpers -----------------------------------------------------------------------------

    def _named(self, iri: URIRef, cls: URIRef, name: str) -> Iterator[Triple]:
        yield iri, RDF.type, cls
        yield iri, SCHEMA.name, Literal(name)

    def _agent(self, iri: URIRef, name: str) -> Iterator[Triple]:
        if iri in self.index.organizations.values():
            yield from self._named(iri, SCHEMA.Organization, name)
        elif iri not in self.index.people.values():
            yield from self._named(iri, SCHEMA.Person, name)

    def _outlet(self, work: URIRef, name: str) -> Iterator[Triple]:
        outlet = self.index.organization(name)
        yield from self._named(outlet, SCHEMA.Organization, name)
        yield outlet, RDF.type, SCHEMA.NewsMediaOrganization
        yield work, SCHEMA.publisher, outlet

    def _entity(self, name: str) -> URIRef:
        key = name_key(name)
        for table in (
            self.index.people,
            self.index.organizations,
            self.index.places,
            self.index.series_names,
            self.index.articles,
        ):
            if key in table:
                return table[key]
        raise RecordError(
            f"article mentions {name!r}, which no person, organisation, place, series or article "
            "record of this document declares"
        )

    def _article_ref(self, ref: str) -> URIRef:
        return self.index.article(ref)

    def _article_stub(self, iri: URIRef, ref: str) -> Iterator[Triple]:
        # An article known only by a reference still needs a type to be found by queries.
        if not self.index.is_known_article(ref):
            yield iri, RDF.type, SCHEMA.CreativeWork

    def _quotation_key(self, speaker: str, article: str, text: str) -> tuple[URIRef, URIRef, str]:
        return self.index.agent(speaker), self._article_ref(article), " ".join(text.split())

    @staticmethod
    def _quotation_iri(key: tuple[URIRef, URIRef, str]) -> URIRef:
        return ID[f"quotation/{short_hash(*key)}"]

    def _find_quotation(self, key: tuple[URIRef, URIRef, str]) -> URIRef | None:
        speaker, article, text = key
        if key in self.quotations:
            return self.quotations[key]
        # An endorsement often quotes only the telling phrase of a longer quotation.
        for (q_speaker, q_article, q_text), iri in sorted(self.quotations.items()):
            if q_speaker == speaker and q_article == article and text in q_text:
                return iri
        return None

    @staticmethod
    def _span_iri(article: URIRef, span: EvidenceSpan) -> URIRef:
        return ID[f"span/{short_hash(article, span.start, span.end)}"]

    def _evidence(
        self,
        fact: URIRef,
        article: URIRef,
        span: EvidenceSpan | None,
        prop: URIRef | None = MKG.hasEvidence,
    ) -> Iterator[Triple]:
        if span is None:
            return
        iri = self._span_iri(article, span)
        position, quote = URIRef(f"{iri}#position"), URIRef(f"{iri}#quote")
        if prop is not None:
            yield fact, prop, iri
        yield iri, RDF.type, MKG.EvidenceSpan
        yield iri, RDF.type, OA.SpecificResource
        yield iri, OA.hasSource, article
        yield iri, OA.hasSelector, position
        yield iri, OA.hasSelector, quote
        yield position, RDF.type, OA.TextPositionSelector
        yield position, OA.start, Literal(span.start)
        yield position, OA.end, Literal(span.end)
        yield quote, RDF.type, OA.TextQuoteSelector
        yield quote, OA.exact, Literal(span.exact)
        if span.prefix:
            yield quote, OA.prefix, Literal(span.prefix)
        if span.suffix:
            yield quote, OA.suffix, Literal(span.suffix)


def _date(value: dt.date | str) -> Literal:
    # Records built in Python (not read from a file) may carry an ISO date as text.
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError as exc:
            raise RecordError(f"not an ISO 8601 date: {value!r}") from exc
    return Literal(value.isoformat(), datatype=XSD.date)


def _decimal(value: float) -> Literal:
    # Through str(float) so that 47.1 is written as 47.1, not as its binary expansion, and 1 as
    # 1.0: the canonical decimal form, which Turtle writes back as the same literal.
    return Literal(Decimal(str(float(value))), datatype=XSD.decimal)
