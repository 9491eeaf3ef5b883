"""Named queries: list them, load them, bind their parameters.

A named query is a file ``queries/<name>.rq`` whose leading comment is its summary. Parameters
are declared in that comment as ``# @param NAME ?variable  description`` and are bound to the
variable at run time (never spliced into the text). Running a query is
:meth:`mediakg.KnowledgeGraph.query` or :func:`run_query`.

Examples
--------
>>> [q.name for q in list_queries()][:3]
['affiliations', 'articles', 'citations']
>>> load_query("endorsers_of").params[0].name
'target'
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef

from mediakg.errors import QueryError, UnknownNameError
from mediakg.resources import data_dir
from mediakg.stores.base import Term

if TYPE_CHECKING:
    import pandas as pd

    from mediakg.kg import KnowledgeGraph

__all__ = ["NamedQuery", "Parameter", "list_queries", "load_query", "run_query", "to_term"]

_NAME = re.compile(r"^[A-Za-z_][\w-]*$")
_PARAM = re.compile(r"^#\s*@param\s+(\w+)\s+\?(\w+)\s*(.*)$")
_IRI = re.compile(r"^(?:[a-z][a-z0-9+.-]*://\S+|urn:\S+|mailto:\S+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Parameter:
    """A parameter of a named query: its name, the variable it binds, what it means."""

    name: str
    variable: str
    description: str


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query with a name, a one-line summary and declared parameters."""

    name: str
    text: str
    summary: str = ""
    params: tuple[Parameter, ...] = ()
    path: Path | None = None

    @classmethod
    def from_text(cls, text: str, *, name: str = "query", path: Path | None = None) -> NamedQuery:
        """Build a query from SPARQL text, reading the summary and ``@param`` lines."""
        summary_lines: list[str] = []
        params: list[Parameter] = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            if match := _PARAM.match(line):
                params.append(Parameter(match.group(1), match.group(2), match.group(3).strip()))
            elif not params and line.strip("# ").strip():
                summary_lines.append(line.strip("# ").strip())
            elif summary_lines and not line.strip("# "):
                params = params or []
                summary_lines.append("\n")
        summary = " ".join(summary_lines).split("\n")[0].strip()
        return cls(name=name, text=text, summary=summary, params=tuple(params), path=path)

    def bindings(self, params: dict[str, Any] | None) -> dict[str, Term]:
        """Turn ``name=value`` parameters into variable bindings.

        Raises
        ------
        QueryError
            If a declared parameter is missing or an undeclared one is given.
        """
        given = dict(params or {})
        out: dict[str, Term] = {}
        for param in self.params:
            if param.name not in given:
                raise QueryError(
                    f"query {self.name!r} needs parameter {param.name!r} ({param.description}); "
                    f"give it as --param {param.name}=VALUE"
                )
            out[param.variable] = to_term(given.pop(param.name))
        if given:
            declared = ", ".join(p.name for p in self.params) or "none"
            raise QueryError(
                f"query {self.name!r} has no parameter {', '.join(map(repr, sorted(given)))}; "
                f"its parameters: {declared}"
            )
        return out


def to_term(value: Any) -> Term:
    """Return the RDF term a parameter value stands for.

    ``<...>`` and strings that look like absolute IRIs become IRIs; other strings, numbers and
    dates become literals; rdflib terms are kept.

    Examples
    --------
    >>> to_term("https://example.org/a"), to_term("Example Outlet")
    (rdflib.term.URIRef('https://example.org/a'), rdflib.term.Literal('Example Outlet'))
    """
    if isinstance(value, URIRef | Literal):
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("<") and text.endswith(">"):
            return URIRef(text[1:-1])
        return URIRef(text) if _IRI.match(text) else Literal(text)
    return Literal(value)


def list_queries() -> list[NamedQuery]:
    """Return the named queries shipped in ``queries/``, sorted by name."""
    folder = data_dir("queries")
    return [load_query(p.stem) for p in sorted(folder.glob("*.rq"))]


def load_query(query: str | os.PathLike[str]) -> NamedQuery:
    """Return a named query, a query file, or SPARQL text as a :class:`NamedQuery`.

    Parameters
    ----------
    query : str or os.PathLike
        A query name (``people``), a path to a ``.rq`` or ``.sparql`` file, or SPARQL text.

    Raises
    ------
    UnknownNameError
        If ``query`` looks like a name but no such named query exists; the message lists them.
    QueryError
        If a query file cannot be read.
    """
    text = os.fspath(query)
    path = Path(text)
    if path.suffix in (".rq", ".sparql") and "\n" not in text:
        try:
            return NamedQuery.from_text(path.read_text(encoding="utf-8"), name=path.stem, path=path)
        except OSError as exc:
            raise QueryError(f"{path}: cannot read query file: {exc.strerror}") from exc
    if _NAME.match(text):
        file = data_dir("queries") / f"{text}.rq"
        if not file.is_file():
            known = ", ".join(p.stem for p in sorted(data_dir("queries").glob("*.rq")))
            raise UnknownNameError(f"unknown query {text!r}; named queries: {known}")
        return NamedQuery.from_text(file.read_text(encoding="utf-8"), name=text, path=file)
    return NamedQuery.from_text(text)


def run_query(
    query: str | os.PathLike[str],
    *,
    graph: KnowledgeGraph | str | os.PathLike[str] | None = None,
    params: dict[str, Any] | None = None,
    allow_update: bool = False,
) -> pd.DataFrame:
    """Run a named query, a query file or SPARQL text and return the rows as a DataFrame.

    Parameters
    ----------
    query : str or os.PathLike
        See :func:`load_query`.
    graph : KnowledgeGraph or path, optional
        The graph to query; a path opens the embedded store there read-only; ``None`` opens the
        default store (``$MEDIAKG_STORE`` or ``./mediakg-store``).
    params : dict, optional
        Values of the query's declared parameters.
    allow_update : bool
        Run a SPARQL Update instead of refusing it (an update returns an empty DataFrame).

    Returns
    -------
    pandas.DataFrame
        One column per projected variable, in order; IRIs as ``str``, typed literals as Python
        values, unbound as ``None``.

    Raises
    ------
    QueryError
        For a syntax error, a missing parameter, or an update without ``allow_update``.
    UnknownNameError
        For an unknown query name.

    Examples
    --------
    >>> from mediakg import KnowledgeGraph
    >>> from mediakg.records import Person
    >>> kg = KnowledgeGraph.memory()
    >>> _ = kg.add_records([Person(name="Ada Example")], graph="urn:example:doc")
    >>> run_query("people", graph=kg)[["name", "articles"]].to_dict("records")
    [{'name': 'Ada Example', 'articles': 0}]
    """
    from mediakg.kg import KnowledgeGraph

    if isinstance(graph, KnowledgeGraph):
        return graph.query(query, params=params, allow_update=allow_update)
    with KnowledgeGraph.open(graph, read_only=not allow_update) as kg:
        return kg.query(query, params=params, allow_update=allow_update)
