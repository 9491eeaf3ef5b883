"""Extraction: from an article's text to records, each fact with its evidence.

:func:`extract_records` is a pure function of an article, its spaCy parse and the names already
known: the same input always gives the same records. The pipeline runs spaCy over many articles
at once (:class:`Extractor`), on both cores, and this rule layer on each result.

Examples
--------
>>> from mediakg.records import ArticleText, Quotation
>>> article = ArticleText(
...     title="Water Talks Resume", url="https://steppe-herald.example/water-talks",
...     outlet="Steppe Herald", authors=("Ada Example",),
...     body='Nurlan Abenov, an analyst with the Caspian Policy Institute, said the talks '
...          'were overdue. "Both sides need the water deal more than they admit," Abenov added.')
>>> records = Extractor().extract(article)
>>> [(r.speaker, r.text) for r in records if isinstance(r, Quotation) and r.direct]
[('Nurlan Abenov', 'Both sides need the water deal more than they admit')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from mediakg.extract._text import TextIndex, evidence
from mediakg.extract.endorsements import find_endorsements
from mediakg.extract.entities import KnownEntities, find_entities
from mediakg.extract.nlp import Pipeline, load_pipeline
from mediakg.extract.quotations import find_quotations
from mediakg.extract.references import find_references
from mediakg.extract.roles import find_affiliations
from mediakg.records import (
    Affiliation,
    Article,
    ArticleText,
    Citation,
    Endorsement,
    Mention,
    Organization,
    Person,
    Place,
    Quotation,
    Record,
)
from mediakg.resolve import name_key, normalise_url

__all__ = ["Extractor", "KnownEntities", "extract_records", "learn"]

_JOURNALIST = re.compile(
    r"\b(?:editor|reporter|correspondent|journalist|writer|critic|columnist)\b"
)


def extract_records(
    article: ArticleText, doc: Any, *, known: KnownEntities | None = None, statistical: bool = True
) -> list[Record]:
    """Turn one parsed article into records: the article, its entities and facts with evidence.

    Parameters
    ----------
    article : ArticleText
        The article as its loader read it.
    doc : spacy.tokens.Doc
        ``article.body`` parsed by the pipeline.
    known : KnownEntities, optional
        Names already in the store, to resolve surnames, acronyms and referenced titles.
    statistical : bool
        False when ``doc`` comes from the rules-only pipeline (no entities, no parse).
    """
    known = known or KnownEntities()
    text = article.body
    sentence_starts = (
        [s.start_char for s in doc.sents] if doc.has_annotation("SENT_START") else None
    )
    index = TextIndex(text, sentence_starts)
    entities = find_entities(article, doc, known, statistical=statistical)
    quotations = find_quotations(article, entities, index)
    affiliations = find_affiliations(text, entities, index)
    references = find_references(article, known)
    authors = article.authors
    if not authors or entities.outlet is None:
        # The closing bio line ("X is Y editor in Z") names the author and the outlet when the
        # metadata does not.
        bio = [
            a for a in affiliations if a.start >= text.rfind("\n\n") and _JOURNALIST.search(a.role)
        ]
        if bio:
            authors = authors or (bio[-1].person,)
            if entities.outlet is None and bio[-1].person in authors:
                entities.outlet = bio[-1].organization
                entities.outlets.add(bio[-1].organization)
    if authors != article.authors:
        article = replace(article, authors=authors)
    endorsements = find_endorsements(article, entities, quotations, references)
    key = article.key

    records: list[Record] = [
        Article(
            title=article.title,
            url=article.url,
            published=article.published,
            outlet=entities.outlet,
            authors=article.authors,
            body=text,
            language=article.language,
            description=article.description,
            topics=article.topics,
            locations=tuple(
                p.name for p in (entities.places.get(n) for n in _located(article, entities)) if p
            ),
        )
    ]
    records += [
        Person(name=n, aliases=tuple(sorted(a))) for n, a in sorted(entities.people.items())
    ]
    records += [
        Organization(name=n, aliases=tuple(sorted(a)), outlet=n in entities.outlets)
        for n, a in sorted(entities.organizations.items())
    ]
    for place in sorted(entities.places.values(), key=lambda p: p.name):
        records.append(
            Place(
                name=place.name,
                latitude=place.latitude,
                longitude=place.longitude,
                within=place.country,
                geonames_id=place.geonames_id,
            )
        )
        if place.country is not None:
            from mediakg.extract.gazetteer import country

            container = country(place.country_code)
            if container is not None:
                records.append(
                    Place(
                        name=container.name,
                        latitude=container.latitude,
                        longitude=container.longitude,
                    )
                )
    records += [
        Mention(name=m.name, kind=m.kind, article=key, evidence=evidence(text, m.start, m.end))  # type: ignore[arg-type]
        for m in entities.mentions
    ]
    records += [
        Quotation(
            text=q.text,
            speaker=q.speaker,
            article=key,
            direct=q.direct,
            evidence=evidence(text, q.start, q.end),
        )
        for q in quotations
    ]
    records += [
        Affiliation(
            person=a.person,
            organization=a.organization,
            role=a.role or None,
            article=key,
            evidence=evidence(text, a.start, a.end),
        )
        for a in affiliations
    ]
    for ref in references:
        # The referenced article, by the identity it has in the store if it is known: the
        # document then says the same thing whether or not it was loaded before.
        title = known.titles.get(ref.ref) or ref.title or ref.ref
        url = ref.ref if ref.ref != title and "://" in ref.ref else ref.url
        records.append(Article(title=title, url=url))
        records.append(
            Citation(article=key, cited=ref.ref, evidence=evidence(text, ref.start, ref.end))
        )
    records += [
        Endorsement(
            endorser=e.endorser,
            target=e.target,
            article=key,
            quote=e.quotation.text,
            polarity=e.polarity,
            date=article.published,
            evidence=evidence(text, e.start, e.end),
        )
        for e in endorsements
    ]
    return records


def _located(article: ArticleText, entities: Any) -> list[str]:
    from mediakg.extract.gazetteer import lookup

    names = []
    for loc in article.locations:
        place = lookup(loc)
        if place is not None:
            names.append(place.name)
    return names


def learn(known: KnownEntities, records: Iterable[Record]) -> None:
    """Add the names in ``records`` to ``known``, so later articles resolve against them."""
    for rec in records:
        if isinstance(rec, Person):
            for name in (rec.name, *rec.aliases):
                if " " in name.strip() or name == rec.name:
                    known.people.setdefault(name_key(name), rec.name)
        elif isinstance(rec, Organization):
            for name in (rec.name, *rec.aliases):
                known.organizations.setdefault(name_key(name), rec.name)
            if rec.outlet:
                known.outlets.add(rec.name)
        elif isinstance(rec, Article):
            ref = rec.url or rec.title
            known.articles.setdefault(name_key(rec.title), ref)
            known.titles.setdefault(ref, rec.title)
            if rec.url:
                known.articles.setdefault(f"url:{normalise_url(rec.url)}", ref)


class Extractor:
    """Runs the NLP pipeline over articles and the rule layer over each result.

    Parameters
    ----------
    model : str, optional
        The spaCy model to use (see :func:`mediakg.extract.nlp.load_pipeline`).
    workers : int
        Processes for spaCy when given many articles at once (``nlp.pipe(n_process=...)``).
    """

    def __init__(self, model: str | None = None, *, workers: int = 1) -> None:
        self.pipeline: Pipeline = load_pipeline(model)
        self.workers = workers

    @property
    def backend(self) -> str:
        """The NLP backend's name and version, as recorded in the graph."""
        return self.pipeline.backend

    def extract(self, article: ArticleText, known: KnownEntities | None = None) -> list[Record]:
        """Extract the records of one article."""
        doc = self.pipeline.nlp(article.body)
        return extract_records(article, doc, known=known, statistical=self.pipeline.statistical)

    def parse(self, articles: Iterable[tuple[ArticleText, Any]]) -> Iterator[tuple[Any, Any]]:
        """Parse many articles (with a context object each), on ``workers`` processes.

        Yields ``(doc, context)`` in input order.
        """
        pairs = ((a.body, ctx) for a, ctx in articles)
        n_process = self.workers if self.workers > 1 else 1
        yield from self.pipeline.nlp.pipe(pairs, as_tuples=True, n_process=n_process, batch_size=8)
