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

from mediakg.errors import ParseError
from mediakg.loaders.base import Document, graph_iri_for

__all__ = ["RDFLoader", "normalise_schema_iri"]

_HTTPS_SCHEMA = "https://schema.org/"
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
