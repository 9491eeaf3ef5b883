"""RDF files: Turtle, N-Triples, N-Quads, TriG and JSON-LD, parsed by Oxigraph.

Triples in the file's default graph go into the file's named graph; quads that name a graph keep
it. schema.org's ``https://`` IRIs are rewritten to the ``http://`` form the project uses, and a
JSON-LD ``@context`` that names schema.org is replaced by an inline one, since nothing is fetched
from the network.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rdflib import URIRef

from mediakg.errors import ParseError
from mediakg.loaders.base import Document, graph_iri_for

__all__ = ["RDFLoader", "normalise_schema_iri"]

_HTTPS_SCHEMA = "https://schema.org/"
# Whole graphs of a quad file are written together up to about this many quads a transaction:
# one transaction per small graph costs Oxigraph a commit each, one for the file costs memory.
_BATCH_QUADS = 50_000
# Files larger than this are parsed twice (checked, then streamed) rather than held in memory.
_STREAM_ABOVE = 64 * 1024 * 1024
_HTTP_SCHEMA = "http://schema.org/"
_SCHEMA_CONTEXTS = {"http://schema.org", "https://schema.org", _HTTP_SCHEMA, _HTTPS_SCHEMA}


def normalise_schema_iri(iri: str) -> str:
    """Return ``iri`` with schema.org's https form replaced by the http form.

    Examples
    --------
    >>> normalise_schema_iri("https://schema.org/Person")
    'http://schema.org/Person'
    """
    return _HTTP_SCHEMA + iri[len(_HTTPS_SCHEMA) :] if iri.startswith(_HTTPS_SCHEMA) else iri


class RDFLoader:
    """Read one RDF file as one document.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.ttl"
    >>> _ = path.write_text('<http://e/a> a <https://schema.org/Person> .')
    >>> [str(q.object) for d in RDFLoader(path, format="turtle").iter_documents() for q in d.quads]
    ['<http://schema.org/Person>']
    """

    def __init__(self, path: str | os.PathLike[str], *, format: str, **options: Any) -> None:
        self.path = Path(path)
        self.format = format

    def iter_documents(self) -> Iterator[Document]:
        """Yield the file as one document with its parsed quads.

        Raises
        ------
        ParseError
            If the file is not well-formed; the message names the file, line and problem.
        """
        import pyoxigraph as ox

        formats = {
            "turtle": ox.RdfFormat.TURTLE,
            "ntriples": ox.RdfFormat.N_TRIPLES,
            "nquads": ox.RdfFormat.N_QUADS,
            "trig": ox.RdfFormat.TRIG,
            "jsonld": ox.RdfFormat.JSON_LD,
        }
        graph = graph_iri_for(self.path)
        if self.format in ("nquads", "trig"):
            yield from self._stream(ox, formats[self.format], graph)
            return
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            raise ParseError(f"{self.path}: cannot read: {exc.strerror}") from exc
        if self.format == "jsonld":
            data = self._inline_schema_context(data)
        base = self.path.resolve().as_uri()
        try:
            quads = list(ox.parse(data, format=formats[self.format], base_iri=base))
        except SyntaxError as exc:
            raise ParseError(
                f"{self.path}:{exc.lineno or '?'}: malformed {self.format}: {_problem(exc)}"
            ) from exc
        except ValueError as exc:
            raise ParseError(f"{self.path}: malformed {self.format}: {exc}") from exc
        if _HTTPS_SCHEMA.encode() in data:
            quads = [_normalise_quad(ox, q) for q in quads]
        yield Document(source=str(self.path), graph=graph, format=self.format, quads=quads)

    def _stream(self, ox: Any, rdf_format: Any, graph: URIRef) -> Iterator[Document]:
        """Yield each named graph of a quad file as its own document, reading as it goes.

        The file is checked in full first, so a malformed file loads nothing; then each run of
        quads of one graph is a document (one transaction), and memory stays bounded by the
        largest graph rather than the file.
        """
        base = self.path.resolve().as_uri()

        def quads() -> Iterator[Any]:
            try:
                yield from ox.parse(path=self.path, format=rdf_format, base_iri=base)
            except SyntaxError as exc:
                raise ParseError(
                    f"{self.path}:{exc.lineno or '?'}: malformed {self.format}: {_problem(exc)}"
                ) from exc
            except (OSError, ValueError) as exc:
                raise ParseError(f"{self.path}: malformed {self.format}: {exc}") from exc

        if self.path.stat().st_size <= _STREAM_ABOVE:
            # Small enough to hold: parse once.
            parsed: Iterator[Any] = iter(list(quads()))
        else:
            # Check the whole file first, then read it again graph by graph.
            for _ in quads():
                pass
            parsed = quads()
        normalise = self._mentions_https_schema()
        seen: set[Any] = set()
        default: list[Any] = []
        batch: list[Any] = []
        batch_graphs: list[Any] = []
        in_batch: set[Any] = set()  # the same names as batch_graphs, for a cheap membership test
        appending: list[Any] = []

        def flush_batch() -> Iterator[Document]:
            if batch:
                members = tuple(URIRef(g.value) for g in batch_graphs)
                yield Document(
                    source=str(self.path),
                    graph=members[0],
                    format=self.format,
                    quads=list(batch),
                    members=members,
                )
                seen.update(batch_graphs)
                batch.clear()
                batch_graphs.clear()
                in_batch.clear()

        def flush_append() -> Iterator[Document]:
            if appending:
                name = appending[0].graph_name
                yield Document(
                    source=str(self.path),
                    graph=URIRef(name.value),
                    format=self.format,
                    quads=list(appending),
                    replace=False,
                )
                appending.clear()

        for quad in parsed:
            if normalise:
                quad = _normalise_quad(ox, quad)
            name = quad.graph_name
            if isinstance(name, ox.DefaultGraph):
                default.append(quad)
                continue
            if name in seen:
                # A graph resumed later in the file: add to it, do not replace it again.
                yield from flush_batch()
                if appending and appending[0].graph_name != name:
                    yield from flush_append()
                appending.append(quad)
                continue
            yield from flush_append()
            if name not in in_batch:
                if len(batch) >= _BATCH_QUADS:
                    yield from flush_batch()
                batch_graphs.append(name)
                in_batch.add(name)
            batch.append(quad)
        yield from flush_batch()
        yield from flush_append()
        if default or not seen:
            yield Document(source=str(self.path), graph=graph, format=self.format, quads=default)

    def _mentions_https_schema(self) -> bool:
        needle = _HTTPS_SCHEMA.encode()
        with self.path.open("rb") as handle:
            tail = b""
            while chunk := handle.read(1 << 20):
                if needle in tail + chunk:
                    return True
                tail = chunk[-len(needle) :]
        return False

    def _inline_schema_context(self, data: bytes) -> bytes:
        try:
            doc = json.loads(data)
        except json.JSONDecodeError as exc:
            raise ParseError(f"{self.path}:{exc.lineno}: malformed JSON-LD: {exc.msg}") from exc
        return json.dumps(_replace_contexts(doc)).encode()


def _problem(exc: SyntaxError) -> str:
    # pyoxigraph puts "Parser error at line N between columns A and B: problem" in msg.
    return str(exc.msg).split(": ", 1)[-1]


def _replace_contexts(node: Any) -> Any:
    if isinstance(node, list):
        return [_replace_contexts(x) for x in node]
    if not isinstance(node, dict):
        return node
    out = {k: _replace_contexts(v) for k, v in node.items() if k != "@context"}
    if "@context" in node:
        out["@context"] = _inline_context(node["@context"])
    return out


def _inline_context(context: Any) -> Any:
    if isinstance(context, str) and context in _SCHEMA_CONTEXTS:
        return {"@vocab": _HTTP_SCHEMA, "schema": _HTTP_SCHEMA}
    if isinstance(context, list):
        return [_inline_context(c) for c in context]
    if isinstance(context, dict):
        return {
            k: (_HTTP_SCHEMA if isinstance(v, str) and v in _SCHEMA_CONTEXTS else v)
            for k, v in context.items()
        }
    return context


def _normalise_quad(ox: Any, quad: Any) -> Any:
    def fix(term: Any) -> Any:
        if isinstance(term, ox.NamedNode) and term.value.startswith(_HTTPS_SCHEMA):
            return ox.NamedNode(normalise_schema_iri(term.value))
        if isinstance(term, ox.Literal) and term.datatype.value.startswith(_HTTPS_SCHEMA):
            return ox.Literal(
                term.value, datatype=ox.NamedNode(normalise_schema_iri(term.datatype.value))
            )
        return term

    return ox.Quad(fix(quad.subject), fix(quad.predicate), fix(quad.object), fix(quad.graph_name))
