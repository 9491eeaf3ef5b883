"""Loaders to store: the one place that wires reading, mapping and writing together.

Each document is read and checked in full, mapped to triples, and written to its named graph in
one transaction; a document that fails leaves the store as it was, and the others go on.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from mediakg import __version__
from mediakg.errors import MediaKGError
from mediakg.loaders import Document, iter_paths, loader_for
from mediakg.mapping import to_triples
from mediakg.namespace import GRAPH, ID, MKG, SCHEMA
from mediakg.resolve import short_hash
from mediakg.stores.base import Store

__all__ = ["RUNS_GRAPH", "Failure", "IngestReport", "ingest_paths", "write_document"]

RUNS_GRAPH = GRAPH["runs"]
"""The named graph holding the provenance of load runs (kept apart from the documents)."""

SOFTWARE = ID[f"software/mediakg/{__version__}"]


@dataclass(frozen=True)
class Failure:
    """A source that could not be loaded, and why."""

    source: str
    reason: str


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
        """One line for people: documents, quads, records by type, failures."""
        parts = [f"{self.documents} documents", f"{self.quads} quads"]
        parts += [f"{n} {kind}" for kind, n in sorted(self.records.items())]
        parts.append(f"{len(self.failures)} failed")
        return ", ".join(parts)


def write_document(store: Store, doc: Document) -> int:
    """Map one document and replace its named graph with the result; record the run.

    Returns
    -------
    int
        The number of quads written to the document's graph(s).
    """
    started = _now()
    triples = to_triples(doc.records) if doc.records else []
    written = store.replace_graph(doc.graph, triples, doc.quads)
    store.add_triples(RUNS_GRAPH, _run_triples(doc, started))
    return written


def ingest_paths(
    store: Store,
    paths: Iterable[str | os.PathLike[str]],
    *,
    format: str | None = None,
    on_document: Callable[[Document, int], None] | None = None,
) -> IngestReport:
    """Load files and directories into ``store``, one transaction per document.

    A source that cannot be read, parsed or mapped is recorded in the report's ``failures``
    with its path and reason, and the others go on.

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
    """
    report = IngestReport()
    try:
        files = list(iter_paths(paths))
    except MediaKGError as exc:
        report.failures.append(Failure(str(exc).split(":")[0], str(exc)))
        return report
    for path in files:
        try:
            for doc in loader_for(path, format=format).iter_documents():
                written = write_document(store, doc)
                report.documents += 1
                report.quads += written
                report.graphs.append(str(doc.graph))
                report.records.update(type(r).__name__.lower() for r in doc.records)
                if on_document is not None:
                    on_document(doc, written)
        except MediaKGError as exc:
            message = str(exc)
            report.failures.append(
                Failure(str(path), message if str(path) in message else f"{path}: {message}")
            )
    return report


def _run_triples(
    doc: Document, started: dt.datetime
) -> list[tuple[URIRef, URIRef, URIRef | Literal]]:
    ended = _now()
    run = ID[f"run/{short_hash(doc.graph, started.isoformat())}"]
    return [
        (run, RDF.type, MKG.IngestRun),
        (run, RDF.type, PROV.Activity),
        (run, MKG.documentGraph, doc.graph),
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
