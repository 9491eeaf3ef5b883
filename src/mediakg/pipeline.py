"""Loaders to store: the one place that wires reading, mapping and writing together.

Each document is read and checked in full, mapped to triples, and written to its named graph in
one transaction; a document that fails leaves the store as it was, and the others go on.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from mediakg import __version__
from mediakg.errors import MediaKGError
from mediakg.loaders import Document, iter_paths, loader_for
from mediakg.mapping import to_triples
from mediakg.namespace import GRAPH, ID, MKG, SCHEMA
from mediakg.resolve import short_hash
from mediakg.stores.base import Store

if TYPE_CHECKING:
    from mediakg.extract.entities import KnownEntities

__all__ = [
    "RUNS_GRAPH",
    "Failure",
    "IngestReport",
    "ingest_paths",
    "known_entities",
    "write_document",
]

RUNS_GRAPH = GRAPH["runs"]
"""The named graph holding the provenance of load runs (kept apart from the documents)."""

SOFTWARE = ID[f"software/mediakg/{__version__}"]


@dataclass(frozen=True)
class Failure:
    """A source that could not be loaded, and why."""

    source: str
    reason: str


_LABELS = {
    "article": "articles",
    "person": "people",
    "organization": "organisations",
    "place": "places",
    "quotation": "quotations",
    "endorsement": "endorsements",
    "citation": "references",
    "affiliation": "affiliations",
    "mention": "mentions",
    "topic": "topics",
    "series": "series",
}
_ORDER = (
    "articles",
    "people",
    "organisations",
    "places",
    "quotations",
    "endorsements",
    "references",
    "affiliations",
    "mentions",
    "topics",
    "series",
)


@dataclass
class IngestReport:
    """What an ingest did: documents and quads written, records by type, failures."""

    documents: int = 0
    quads: int = 0
    records: Counter[str] = field(default_factory=Counter)
    graphs: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every source loaded."""
        return not self.failures

    def summary(self) -> str:
        """One line for people: documents, quads, facts by kind, failures.

        Examples
        --------
        >>> IngestReport(documents=2, quads=40, records=Counter(person=3, citation=1)).summary()
        '2 documents, 40 quads, 3 people, 1 references, 0 failed'
        """
        parts = [f"{self.documents} documents", f"{self.quads} quads"]
        counts = Counter({_LABELS.get(k, k): n for k, n in self.records.items()})
        parts += [f"{counts[label]} {label}" for label in _ORDER if counts[label]]
        parts += [f"{n} {label}" for label, n in sorted(counts.items()) if label not in _ORDER]
        parts.append(f"{len(self.failures)} failed")
        return ", ".join(parts)


def write_document(
    store: Store, doc: Document, *, run: URIRef | None = None, first: bool = True
) -> int:
    """Map one document and replace its named graph with the result; record the run.

    Parameters
    ----------
    store : Store
        Where to write.
    doc : Document
        The document; with ``replace=False`` its quads are added to what the graph holds.
    run : URIRef, optional
        The run's IRI; by default one minted from the source and the time.
    first : bool
        False for the later graphs of one N-Quads or TriG file, which share the run recorded
        with the first: they are only linked to it.

    Returns
    -------
    int
        The number of quads written to the document's graph(s).
    """
    started = _now()
    triples = to_triples(doc.records) if doc.records else []
    if doc.replace:
        written = store.replace_graph(doc.graph, triples, doc.quads)
    else:
        from mediakg.stores._oxterms import from_ox

        added = [(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)) for q in doc.quads]
        store.add_triples(doc.graph, added)
        written = len(added)
    run = run if run is not None else run_iri(doc, started)
    links: list[tuple[URIRef, URIRef, URIRef | Literal]] = [
        (run, MKG.documentGraph, g) for g in doc.graphs
    ]
    if first:
        store.add_triples(RUNS_GRAPH, _run_triples(doc, run, started) + links)
    else:
        store.add_triples(RUNS_GRAPH, links)
    return written


def run_iri(doc: Document, started: dt.datetime) -> URIRef:
    """Return the IRI of the run that loads ``doc`` starting at ``started``."""
    return ID[f"run/{short_hash(doc.source, started.isoformat())}"]


def ingest_paths(
    store: Store,
    paths: Iterable[str | os.PathLike[str]],
    *,
    format: str | None = None,
    on_document: Callable[[Document, int], None] | None = None,
    model: str | None = None,
    workers: int | None = None,
) -> IngestReport:
    """Load files and directories into ``store``, one transaction per document.

    Record and RDF files are written as they are read; articles (markdown, HTML, feeds, text)
    then go through spaCy together, on ``workers`` processes, and the extraction rules, in path
    order, each resolved against the names already in the store. A source that cannot be read,
    parsed or mapped is recorded in the report's ``failures`` with its path and reason, and the
    others go on.

    Parameters
    ----------
    store : Store
        Where to write.
    paths : iterable of path
        Files and directories (walked recursively for known suffixes).
    format : str, optional
        A loader key to use for every file instead of choosing by suffix.
    on_document : callable, optional
        Called with each written document and its quad count (for progress display).
    model : str, optional
        spaCy model for article extraction (default: see :func:`mediakg.extract.nlp.load_pipeline`).
    workers : int, optional
        Processes for spaCy; by default both cores when there are more than a few articles.
    """
    report = IngestReport()
    try:
        files = list(iter_paths(paths))
    except MediaKGError as exc:
        report.failures.append(Failure(str(exc).split(":")[0], str(exc)))
        return report

    runs: dict[str, URIRef] = {}

    def done(doc: Document) -> None:
        # The graphs of one RDF file share one run record.
        first = doc.source not in runs
        run = runs.setdefault(doc.source, run_iri(doc, _now()))
        written = write_document(store, doc, run=run, first=first)
        report.documents += len(doc.graphs) if doc.replace else 0
        report.quads += written
        report.graphs.extend(str(g) for g in doc.graphs)
        report.records.update(type(r).__name__.lower() for r in doc.records)
        if on_document is not None:
            on_document(doc, written)

    def failed(source: str, exc: MediaKGError) -> None:
        message = str(exc)
        reason = message if source in message else f"{source}: {message}"
        report.failures.append(Failure(source, reason))

    articles: list[Document] = []
    for path in files:
        try:
            for doc in loader_for(path, format=format).iter_documents():
                if doc.article is not None:
                    articles.append(doc)
                else:
                    done(doc)
        except MediaKGError as exc:
            failed(str(path), exc)
    if articles:
        _extract_articles(store, articles, done, failed, model=model, workers=workers)
    return report


def _extract_articles(
    store: Store,
    articles: list[Document],
    done: Callable[[Document], None],
    failed: Callable[[str, MediaKGError], None],
    *,
    model: str | None,
    workers: int | None,
) -> None:
    from mediakg.extract import Extractor, extract_records, learn

    if workers is None:
        workers = min(2, os.cpu_count() or 1) if len(articles) >= 16 else 1
    extractor = Extractor(model, workers=workers)
    known = known_entities(store)
    pairs = ((doc.article, doc) for doc in articles if doc.article is not None)
    for parsed, doc in extractor.parse(pairs):
        assert doc.article is not None
        try:
            records = extract_records(
                doc.article, parsed, known=known, statistical=extractor.pipeline.statistical
            )
            done(replace(doc, records=tuple(records), backend=extractor.backend))
        except MediaKGError as exc:
            failed(doc.source, exc)
            continue
        learn(known, records)


_KNOWN_QUERY = """
PREFIX schema: <http://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?kind ?name ?label ?outlet WHERE {
  {
    ?s a schema:Person ; schema:name ?name .
    OPTIONAL { ?s skos:altLabel ?label }
    BIND("person" AS ?kind)
  } UNION {
    ?s a schema:Organization ; schema:name ?name .
    OPTIONAL { ?s skos:altLabel ?label }
    BIND(EXISTS { ?s a schema:NewsMediaOrganization } AS ?outlet)
    BIND("organization" AS ?kind)
  } UNION {
    ?s schema:headline ?name .
    OPTIONAL { ?s schema:url ?label }
    BIND("article" AS ?kind)
  }
}
"""


def known_entities(store: Store) -> KnownEntities:
    """Return the people, organisations and articles already in the store, for resolution."""
    from mediakg.extract.entities import KnownEntities
    from mediakg.resolve import name_key, normalise_url

    known = KnownEntities()
    for kind, name, label, outlet in sorted(store.select(_KNOWN_QUERY).rows, key=str):
        if kind == "person":
            known.people.setdefault(name_key(name), name)
            if label and " " in label:
                known.people.setdefault(name_key(label), name)
        elif kind == "organization":
            for value in (name, label):
                if value:
                    known.organizations.setdefault(name_key(value), name)
            if outlet:
                known.outlets.add(name)
        else:
            ref = label or name
            known.articles.setdefault(name_key(name), ref)
            known.titles.setdefault(ref, name)
            if label:
                known.articles.setdefault(f"url:{normalise_url(label)}", ref)
    return known


def _run_triples(
    doc: Document, run: URIRef, started: dt.datetime
) -> list[tuple[URIRef, URIRef, URIRef | Literal]]:
    ended = _now()
    return [
        (run, RDF.type, MKG.IngestRun),
        (run, RDF.type, PROV.Activity),
        (run, MKG.sourceFormat, Literal(doc.format)),
        (run, MKG.nlpBackend, Literal(doc.backend)),
        (run, PROV.startedAtTime, Literal(started.isoformat(), datatype=XSD.dateTime)),
        (run, PROV.endedAtTime, Literal(ended.isoformat(), datatype=XSD.dateTime)),
        (run, PROV.wasAssociatedWith, SOFTWARE),
        (run, RDFS.label, Literal(f"{doc.format} load of {doc.source}")),
        (SOFTWARE, RDF.type, PROV.SoftwareAgent),
        (SOFTWARE, SCHEMA.name, Literal("mediakg")),
        (SOFTWARE, SCHEMA.softwareVersion, Literal(__version__)),
    ]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)
