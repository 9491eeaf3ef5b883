"""What every loader yields: :class:`Document`, one source document and its named graph."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from rdflib import URIRef

from mediakg.records import ArticleText, Record

if TYPE_CHECKING:
    import pyoxigraph

__all__ = ["Document", "Loader", "graph_iri_for"]


@dataclass(frozen=True)
class Document:
    """One source document: the unit of a named graph, of a transaction and of a failure.

    Parameters
    ----------
    source : str
        Where it came from (a path, or a path and an entry for a feed), for messages.
    graph : URIRef
        The named graph it is loaded into; loading it again replaces that graph.
    format : str
        The key of the loader that read it.
    records : tuple of Record
        Typed records, mapped to triples by :mod:`mediakg.mapping`.
    quads : sequence of pyoxigraph.Quad
        Triples read from an RDF file, already parsed. Those in the default graph go into
        ``graph``; those in a named graph keep it.
    article : ArticleText, optional
        An article to extract facts from (article loaders); its records are added at ingest.
    backend : str
        What produced the facts: ``"records"`` for structured input, an NLP pipeline's name.
    replace : bool
        False when the document continues a graph an earlier document of the same file began
        (an N-Quads file whose graphs are not contiguous): its quads are added, not replacing.
    members : tuple of URIRef
        For a batch of whole graphs from one quad file, written in one transaction: all of them.
    """

    source: str
    graph: URIRef
    format: str
    records: tuple[Record, ...] = ()
    quads: Sequence[pyoxigraph.Quad] = field(default=(), repr=False)
    article: ArticleText | None = None
    backend: str = "records"
    replace: bool = True
    members: tuple[URIRef, ...] = ()

    @property
    def graphs(self) -> tuple[URIRef, ...]:
        """Every named graph this document writes (several for a batch of a quad file)."""
        return self.members or (self.graph,)


class Loader(Protocol):
    """A source format: built from a path, it yields that path's documents.

    A loader reads and checks everything before yielding a document, so a malformed file
    raises before anything reaches the store.
    """

    def __init__(self, path: str | os.PathLike[str], **options: Any) -> None: ...

    def iter_documents(self) -> Iterator[Document]:
        """Yield the documents of the path this loader was built with."""
        ...


def graph_iri_for(path: str | os.PathLike[str]) -> URIRef:
    """Return the named graph of a file: its absolute ``file:`` URI.

    Examples
    --------
    >>> graph_iri_for("/data/news.yaml")
    rdflib.term.URIRef('file:///data/news.yaml')
    """
    return URIRef(Path(path).resolve().as_uri())
