"""Validation: SHACL shapes and structural checks on the graph, in one typed :class:`Report`.

:func:`check` runs two kinds of rules over what queries see (every named graph: the documents,
and the inferred graph when there is one):

* the SHACL shapes of ``ontology/shapes.ttl`` (or your own). They are compiled to SPARQL and
  run inside the store (``engine="sparql"``), or validated by pySHACL on an in-memory copy
  (``engine="pyshacl"``, the reference; the test suite checks that both report the same
  results). ``engine="auto"`` compiles when every constraint is one the compiler knows and
  falls back to pySHACL otherwise, and uses pySHACL on the in-memory rdflib store, whose SPARQL
  engine cannot cast literals to check that they are well formed.
* structural checks on NetworkX projections of the graph: citation cycles and citations of later
  articles, place-containment cycles, entities connected to no article, duplicate candidates
  (different IRIs whose normalised names or aliases collide), endorsements that do not run from
  an agent to a work, series or outlet; plus a summary of the connected components.

Each finding has a severity (``violation``, ``warning``), the rule that found it (the local name
of a shape in ``ontology/shapes.ttl``, or one of :data:`NETWORK_RULES`), the focus node and a
message a researcher can act on. ``mediakg check`` exits 1 when there is a violation.

Examples
--------
>>> from mediakg import KnowledgeGraph
>>> from mediakg.records import Article, Place
>>> kg = KnowledgeGraph.memory()
>>> _ = kg.add_records([
...     Article(title="Rain Returns", url="https://news.example/rain", locations=("Atyrau",)),
...     Place(name="Atyrau", within="Kazakhstan"),
...     Place(name="Kazakhstan", within="Atyrau"),
... ], graph="urn:example:doc")
>>> report = check(kg)
>>> report.conforms
False
>>> [(f.severity, f.rule, f.focus) for f in report.findings]
[('violation', 'place-cycle', 'https://w3id.org/mediakg/id/place/atyrau')]
>>> print(report.findings[0].message)
Places contain each other in a cycle: Atyrau -> Kazakhstan -> Atyrau.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD

from mediakg.errors import MediaKGError, UnknownNameError
from mediakg.stores.base import rdflib_internal_deprecations

if TYPE_CHECKING:
    import networkx as nx

    from mediakg.kg import KnowledgeGraph
    from mediakg.stores import Store

__all__ = [
    "ENGINES",
    "NETWORK_RULES",
    "SEVERITIES",
    "SHAPES_NS",
    "ComponentSummary",
    "Finding",
    "Report",
    "ShapeError",
    "check",
    "compile_shapes",
    "load_shapes",
    "network_findings",
    "shacl_findings",
]

SEVERITIES = ("violation", "warning", "info")
"""Severities, most serious first (SHACL's ``sh:Violation``, ``sh:Warning``, ``sh:Info``)."""

ENGINES = ("auto", "sparql", "pyshacl")
"""How SHACL shapes are evaluated: compiled to SPARQL in the store, by pySHACL, or whichever fits."""

SHAPES_NS = "https://w3id.org/mediakg/shapes#"
"""Namespace of the shapes in ``ontology/shapes.ttl``; a shape's local name is its rule name."""

NETWORK_RULES = {
    "citation-cycle": "violation",
    "citation-order": "violation",
    "place-cycle": "violation",
    "endorsement-direction": "violation",
    "endorsement-outlet": "warning",
    "orphan-entity": "warning",
    "duplicate-candidate": "warning",
}
"""The structural checks run on NetworkX projections, with their severity."""

_SCHEMA = "http://schema.org/"
_MKG = "https://w3id.org/mediakg/ontology#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_ARTICLE_TYPES = ("NewsArticle", "Report", "Article", "CreativeWork")
_WORK_TYPES = {f"{_SCHEMA}{t}" for t in _ARTICLE_TYPES} | {
    f"{_SCHEMA}CreativeWorkSeries",
    f"{_MKG}Series",
    f"{_SCHEMA}NewsMediaOrganization",
}
_AGENT_TYPES = {
    f"{_SCHEMA}Person",
    f"{_SCHEMA}Organization",
    f"{_SCHEMA}NewsMediaOrganization",
}
_ENTITY_TYPES = {
    f"{_SCHEMA}Person": "person",
    f"{_SCHEMA}Organization": "organisation",
    f"{_SCHEMA}NewsMediaOrganization": "organisation",
    f"{_SCHEMA}Place": "place",
    f"{_MKG}Series": "series",
    f"{_MKG}Role": "role",
    f"{_SKOS}Concept": "topic",
}
_FAMILY_ORDER = ("person", "organisation", "place", "series", "role", "topic")
_SEVERITY_IRIS = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


class ShapeError(MediaKGError, ValueError):
    """A shapes graph holds a constraint the SPARQL compiler does not support, or is malformed."""


# -- the report ---------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Finding:
    """One problem found in the graph.

    Attributes
    ----------
    severity : str
        ``violation`` (the graph is wrong), ``warning`` (weaker than it should be) or ``info``.
    rule : str
        The shape's local name in ``ontology/shapes.ttl``, or a key of :data:`NETWORK_RULES`.
    focus : str
        The IRI (or ``_:`` blank node) the problem is about.
    message : str
        What is wrong, for a researcher.
    value : str or None
        The offending value, when there is one.
    path : str or None
        The property the problem is on, for shape results that have one.
    label : str or None
        The focus node's name or title, when it has one.
    """

    severity: str
    rule: str
    focus: str
    message: str
    value: str | None = None
    path: str | None = None
    label: str | None = None


@dataclass(frozen=True)
class ComponentSummary:
    """The connected components of the graph of resources linked by any property.

    Attributes
    ----------
    nodes, edges : int
        Resources (IRIs and blank nodes in subject or object position) and distinct links.
    components : int
        Connected components.
    largest : int
        Resources in the largest component.
    without_article : int
        Components that hold no article.
    """

    nodes: int = 0
    edges: int = 0
    components: int = 0
    largest: int = 0
    without_article: int = 0

    def summary(self) -> str:
        """Return one line, such as ``'120 resources, 300 links, 1 component'``."""
        parts = [f"{self.nodes} resources", f"{self.edges} links"]
        plural = "s" if self.components != 1 else ""
        parts.append(f"{self.components} component{plural}")
        if self.components > 1:
            parts.append(f"largest {self.largest}")
            parts.append(f"{self.without_article} without an article")
        return ", ".join(parts)


@dataclass(frozen=True)
class Report:
    """Everything :func:`check` found, with how it was checked.

    Attributes
    ----------
    findings : tuple of Finding
        Sorted by severity, rule and focus node.
    components : ComponentSummary
        The connected components of the graph.
    engine : str
        ``sparql`` or ``pyshacl``: how the shapes were evaluated.
    seconds : float
        Wall-clock time of the check.
    """

    findings: tuple[Finding, ...]
    components: ComponentSummary = field(default_factory=ComponentSummary)
    engine: str = "sparql"
    seconds: float = 0.0

    @property
    def conforms(self) -> bool:
        """True when there is no violation (warnings allowed)."""
        return self.count("violation") == 0

    def count(self, severity: str) -> int:
        """Return the number of findings of one severity."""
        return sum(1 for f in self.findings if f.severity == severity)

    def rules(self) -> dict[str, int]:
        """Return the number of findings per rule, sorted by rule name."""
        out: dict[str, int] = {}
        for f in sorted(self.findings, key=lambda f: f.rule):
            out[f.rule] = out.get(f.rule, 0) + 1
        return out

    def failed(self, fail_on: str = "violation") -> bool:
        """Return whether a finding of severity ``fail_on`` or more serious was found.

        Raises
        ------
        UnknownNameError
            If ``fail_on`` is not one of :data:`SEVERITIES`.
        """
        if fail_on not in SEVERITIES:
            raise UnknownNameError(
                f"unknown severity {fail_on!r}; severities: {', '.join(SEVERITIES)}"
            )
        serious = SEVERITIES[: SEVERITIES.index(fail_on) + 1]
        return any(f.severity in serious for f in self.findings)

    def summary(self) -> str:
        """Return one line with the counts, such as ``'1 violation, 2 warnings'``.

        Examples
        --------
        >>> Report((Finding("warning", "orphan-entity", "urn:x", "m"),)).summary()
        '0 violations, 1 warning'
        """
        counts = [(self.count("violation"), "violation"), (self.count("warning"), "warning")]
        if self.count("info"):
            counts.append((self.count("info"), "info"))
        return ", ".join(
            f"{n} {word}{'s' if n != 1 and word != 'info' else ''}" for n, word in counts
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the report as plain data (what ``--format json`` prints)."""
        return {
            "conforms": self.conforms,
            "violations": self.count("violation"),
            "warnings": self.count("warning"),
            "infos": self.count("info"),
            "engine": self.engine,
            "seconds": round(self.seconds, 3),
            "components": asdict(self.components),
            "rules": self.rules(),
            "findings": [asdict(f) for f in self.findings],
        }

    def to_json(self) -> str:
        """Return :meth:`to_dict` as indented JSON."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def to_text(self, *, limit: int | None = 20) -> str:
        """Return the report for people: counts, components, then findings grouped by rule.

        Parameters
        ----------
        limit : int or None
            Findings shown per rule; the rest are counted. ``None`` shows all.
        """
        lines = [
            f"{self.summary()} (shapes by {self.engine}, {self.seconds:.1f} s)",
            f"graph: {self.components.summary()}",
        ]
        groups: dict[tuple[int, str], list[Finding]] = {}
        for f in self.findings:
            groups.setdefault((SEVERITIES.index(f.severity), f.rule), []).append(f)
        for (_, rule), items in sorted(groups.items()):
            lines.append("")
            lines.append(f"{items[0].severity} {rule} ({len(items)})")
            shown = items if limit is None else items[:limit]
            for f in shown:
                name = f' "{f.label}"' if f.label else ""
                lines.append(f"  {_compact(f.focus)}{name}")
                value = f" [{_compact(f.value)}]" if f.value not in (None, f.focus) else ""
                lines.append(f"    {f.message}{value}")
            if len(items) > len(shown):
                lines.append(f"  ... and {len(items) - len(shown)} more (--format json lists all)")
        return "\n".join(lines) + "\n"


def _compact(iri: str) -> str:
    base = "https://w3id.org/mediakg/id/"
    return "id:" + iri[len(base) :] if iri.startswith(base) else iri


# -- checking -------------------------------------------------------------------------------------


def check(
    kg: KnowledgeGraph,
    *,
    shapes: Graph | str | os.PathLike[str] | None = None,
    engine: str = "auto",
    network: bool = True,
) -> Report:
    """Validate ``kg`` against SHACL shapes and run the structural checks.

    Parameters
    ----------
    kg : KnowledgeGraph
        The graph to check: every named graph, as queries see it.
    shapes : rdflib.Graph or path, optional
        The SHACL shapes; defaults to ``ontology/shapes.ttl``.
    engine : {"auto", "sparql", "pyshacl"}
        How the shapes are evaluated (see the module documentation).
    network : bool
        Also run the NetworkX checks and count the connected components.

    Returns
    -------
    Report
        The findings, sorted by severity, rule and focus node.

    Raises
    ------
    UnknownNameError
        If ``engine`` is not one of :data:`ENGINES`.
    ShapeError
        If ``engine="sparql"`` and a shape uses a constraint the compiler does not support.
    ParseError
        If a shapes file cannot be read or parsed.

    Examples
    --------
    >>> from mediakg import KnowledgeGraph
    >>> check(KnowledgeGraph.memory()).summary()
    '0 violations, 0 warnings'
    >>> check(KnowledgeGraph.memory(), engine="jena")
    Traceback (most recent call last):
    ...
    mediakg.errors.UnknownNameError: unknown validation engine 'jena'; engines: auto, sparql, pyshacl
    """
    if engine not in ENGINES:
        raise UnknownNameError(
            f"unknown validation engine {engine!r}; engines: {', '.join(ENGINES)}"
        )
    started = time.perf_counter()
    shapes_graph = load_shapes(shapes)
    used = engine
    if engine == "auto" and kg.store.kind == "memory":
        # rdflib's SPARQL cannot cast literals (xsd:date("2024-02-30")), which the compiled
        # datatype checks rely on; the in-memory store is small, and pySHACL exact.
        used = "pyshacl"
    elif engine == "auto":
        try:
            compile_shapes(shapes_graph)
            used = "sparql"
        except ShapeError:
            used = "pyshacl"
    findings = shacl_findings(kg, shapes_graph, engine=used)
    components = ComponentSummary()
    labels = _labels(kg.store)
    if network:
        extra, components = network_findings(kg.store, labels=labels)
        findings.extend(extra)
    labelled = [
        Finding(f.severity, f.rule, f.focus, f.message, f.value, f.path, labels.get(f.focus))
        for f in findings
    ]
    return Report(
        tuple(sorted(labelled, key=_order)), components, used, time.perf_counter() - started
    )


def _order(f: Finding) -> tuple[int, str, str, str]:
    return SEVERITIES.index(f.severity), f.rule, f.focus, f.value or ""


def load_shapes(source: Graph | str | os.PathLike[str] | None = None) -> Graph:
    """Return the SHACL shapes: ``ontology/shapes.ttl``, a file, or a graph as given.

    Raises
    ------
    ParseError
        If the file cannot be read or is not valid RDF.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> (URIRef(SHAPES_NS + "endorsement-endorser"), None, None) in load_shapes()
    True
    """
    from mediakg.resources import read_data_graph

    return read_data_graph(
        source, default="shapes.ttl", what="the shapes", invalid="valid SHACL shapes"
    )


# -- SHACL: the two engines -----------------------------------------------------------------------


def shacl_findings(kg: KnowledgeGraph, shapes: Graph, *, engine: str = "sparql") -> list[Finding]:
    """Return the results of validating ``kg`` against ``shapes`` as findings (without labels).

    ``engine="sparql"`` runs :func:`compile_shapes`' queries in the store; ``engine="pyshacl"``
    copies every named graph into memory and runs pySHACL.

    Raises
    ------
    ShapeError
        If ``engine="sparql"`` and a constraint cannot be compiled.
    """
    if engine == "pyshacl":
        return _pyshacl_findings(kg.to_rdflib(kg.graphs()), shapes)
    out: list[Finding] = []
    for constraint in compile_shapes(shapes):
        # Values as their lexical form, as SHACL reports them (not as the Python values the
        # store would convert them to: 1.50 would read 1.5).
        query = f"SELECT ?this (STR(?value) AS ?text) WHERE {{ {{ {constraint.query} }} }}"
        if constraint.query.lstrip().startswith("PREFIX"):
            head, _, rest = constraint.query.partition("SELECT")
            query = f"{head}SELECT ?this (STR(?value) AS ?text) WHERE {{ {{ SELECT{rest} }} }}"
        for focus, value in kg.store.select(query).rows:
            # As SHACL specifies, a node shape's result has the focus node as its value.
            if value is None and constraint.path is None:
                value = focus
            out.append(constraint.finding(focus, value))
    return _distinct(out)


def _distinct(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(set(findings), key=_order)


def _pyshacl_findings(data: Graph, shapes: Graph) -> list[Finding]:
    import pyshacl

    try:
        with rdflib_internal_deprecations():
            _, results, _ = pyshacl.validate(
                data, shacl_graph=shapes, inference="none", allow_warnings=True, allow_infos=True
            )
    except Exception as exc:  # pySHACL raises its own error types, and asserts, on bad shapes
        raise ShapeError(f"pySHACL cannot validate with these shapes: {exc}") from exc
    assert isinstance(results, Graph)
    out = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        shape = results.value(result, SH.sourceShape)
        focus = results.value(result, SH.focusNode)
        severity = _severity_name(results.value(result, SH.resultSeverity))
        value = results.value(result, SH.value)
        path = results.value(result, SH.resultPath)
        out.append(
            Finding(
                severity,
                _rule_name(shape),
                _text(focus),
                _message(shapes, shape),
                _text(value) if value is not None else None,
                str(path) if isinstance(path, URIRef) else None,
            )
        )
    return _distinct(out)


def _text(term: object) -> str:
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        return str(term)
    return str(term)


def _rule_name(shape: object) -> str:
    text = str(shape)
    if text.startswith(SHAPES_NS):
        return text[len(SHAPES_NS) :]
    return f"_:{shape}" if isinstance(shape, BNode) else text


def _message(shapes: Graph, shape: object, constraint: object = None) -> str:
    for node in (constraint, shape):
        if node is None:
            continue
        messages = sorted(str(m) for m in shapes.objects(node, SH.message))  # type: ignore[arg-type]
        if messages:
            return messages[0]
    return f"The shape {_rule_name(shape)} is not satisfied."


# -- SHACL: the compiler --------------------------------------------------------------------------


@dataclass(frozen=True)
class CompiledConstraint:
    """One SHACL constraint as a SELECT of ``?this`` (focus) and ``?value`` over the store."""

    shape: str
    severity: str
    message: str
    path: str | None
    query: str

    def finding(self, focus: object, value: object) -> Finding:
        """Return the finding for one solution of :attr:`query`."""
        return Finding(
            self.severity,
            _rule_name(URIRef(self.shape)) if not self.shape.startswith("_:") else self.shape,
            str(focus),
            self.message,
            None if value is None else str(value),
            self.path,
        )


# Shape predicates that are not constraints: they are read where needed or ignored.
_NOT_CONSTRAINTS = {
    RDF.type,
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.property,
    SH.path,
    SH.severity,
    SH.message,
    SH.name,
    SH.description,
    SH.order,
    SH.group,
    SH.deactivated,
    SH.defaultValue,
    URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
    URIRef("http://www.w3.org/2000/01/rdf-schema#comment"),
}
_PROPERTY_CONSTRAINTS = {
    SH.minCount,
    SH.maxCount,
    SH.datatype,
    SH["class"],
    SH["or"],
    SH.minInclusive,
    SH.maxInclusive,
    SH.minExclusive,
    SH.maxExclusive,
    SH.pattern,
    SH.flags,
    SH.minLength,
    SH.maxLength,
    SH["in"],
}
_NODE_CONSTRAINTS = {SH["or"], SH.sparql}

# xsd datatypes whose lexical form the store can check by casting.
_CASTABLE = {
    XSD.date,
    XSD.dateTime,
    XSD.decimal,
    XSD.integer,
    XSD.double,
    XSD.float,
    XSD.boolean,
}


def compile_shapes(shapes: Graph) -> list[CompiledConstraint]:
    """Compile the constraints of ``shapes`` to SPARQL queries run over the union of all graphs.

    Supported: targets by class, node, subjects-of and objects-of; property shapes with an IRI
    path and ``sh:minCount``, ``sh:maxCount``, ``sh:datatype``, ``sh:class``, ``sh:or`` of
    classes or of datatypes, ``sh:min/maxInclusive``, ``sh:min/maxExclusive``, ``sh:pattern``,
    ``sh:min/maxLength`` and ``sh:in``; node shapes with ``sh:or`` of required properties and
    SPARQL-based constraints (``sh:sparql`` with ``sh:select``).

    Raises
    ------
    ShapeError
        Naming the shape and the constraint that cannot be compiled.

    Examples
    --------
    >>> constraints = compile_shapes(load_shapes())
    >>> sorted({c.shape.rsplit("#", 1)[1] for c in constraints})[:3]
    ['affiliation-end', 'affiliation-member', 'affiliation-organisation']
    """
    prefixes = _prefixes(shapes)
    out: list[CompiledConstraint] = []
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)) | _targeted(shapes), key=str):
        if _deactivated(shapes, shape):
            continue
        targets = _targets(shapes, shape)
        if not targets:
            continue
        if (shape, SH.path, None) in shapes:
            out.extend(_property_constraints(shapes, shape, targets, shape))
            continue
        _check_supported(shapes, shape, _NODE_CONSTRAINTS, "node shape")
        severity = _severity(shapes, shape)
        message = _message(shapes, shape)
        for alternatives in shapes.objects(shape, SH["or"]):
            out.append(_node_or(shapes, shape, targets, alternatives, severity, message))
        for constraint in shapes.objects(shape, SH.sparql):
            out.append(_sparql_constraint(shapes, shape, constraint, targets, severity, prefixes))
        for prop in sorted(shapes.objects(shape, SH.property), key=str):
            if not _deactivated(shapes, prop):
                out.extend(_property_constraints(shapes, prop, targets, prop))
    return out


def _targeted(shapes: Graph) -> set[Any]:
    found: set[Any] = set()
    for predicate in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
        found |= set(shapes.subjects(predicate, None))
    return found


def _deactivated(shapes: Graph, shape: Any) -> bool:
    value = shapes.value(shape, SH.deactivated)
    return isinstance(value, Literal) and value.toPython() is True


def _severity(shapes: Graph, shape: Any) -> str:
    return _severity_name(shapes.value(shape, SH.severity))


def _severity_name(iri: object) -> str:
    return _SEVERITY_IRIS.get(iri, "violation") if isinstance(iri, URIRef) else "violation"


def _where(shape: Any) -> str:
    return f"shape {_rule_name(shape)}"


def _check_supported(shapes: Graph, shape: Any, allowed: set[URIRef], kind: str) -> None:
    for p in set(shapes.predicates(shape, None)):
        if p in _NOT_CONSTRAINTS or p in allowed:
            continue
        raise ShapeError(
            f"{_where(shape)}: the {kind} constraint {_n3(p)} cannot be compiled to SPARQL; "
            "use engine='pyshacl' (mediakg check --engine pyshacl)"
        )


def _n3(term: Any) -> str:
    text = str(term)
    return "sh:" + text[len(str(SH)) :] if text.startswith(str(SH)) else f"<{text}>"


def _targets(shapes: Graph, shape: Any) -> str:
    """The group pattern that binds ``?this`` to each focus node of ``shape``, DISTINCT."""
    branches = []
    classes = sorted(shapes.objects(shape, SH.targetClass), key=str)
    if classes:
        values = " ".join(_sparql_term(c) for c in classes)
        branches.append(f"VALUES ?targetClass {{ {values} }} ?this a ?targetClass .")
    nodes = sorted(shapes.objects(shape, SH.targetNode), key=str)
    if nodes:
        branches.append(f"VALUES ?this {{ {' '.join(_sparql_term(n) for n in nodes)} }}")
    for p in sorted(shapes.objects(shape, SH.targetSubjectsOf), key=str):
        branches.append(f"?this {_sparql_term(p)} ?targetValue .")
    for p in sorted(shapes.objects(shape, SH.targetObjectsOf), key=str):
        branches.append(f"?targetValue {_sparql_term(p)} ?this .")
    # Property shapes used by node shapes inherit the node shapes' targets.
    parents = sorted(shapes.subjects(SH.property, shape), key=str)
    inherited = [_targets(shapes, parent) for parent in parents]
    parts = [f"{{ {b} }}" for b in branches]
    parts.extend(t for t in inherited if t)
    if not parts:
        return ""
    union = " UNION ".join(parts)
    return f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"


def _sparql_term(term: Any) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return str(term.n3())
    raise ShapeError(f"cannot use the blank node {term} as a constant in a compiled shape")


def _property_constraints(
    shapes: Graph, shape: Any, targets: str, source: Any
) -> Iterator[CompiledConstraint]:
    _check_supported(shapes, shape, _PROPERTY_CONSTRAINTS, "property shape")
    path = shapes.value(shape, SH.path)
    if not isinstance(path, URIRef):
        raise ShapeError(
            f"{_where(shape)}: only a single property (an IRI) is supported as sh:path; "
            "use engine='pyshacl' for property paths"
        )
    severity = _severity(shapes, shape)
    message = _message(shapes, shape)
    name = _shape_id(source)
    p = f"<{path}>"
    values = f"{{ SELECT DISTINCT ?this ?value WHERE {{ ?this {p} ?value }} }}"

    def make(query: str) -> CompiledConstraint:
        return CompiledConstraint(name, severity, message, str(path), query)

    def per_value(condition: str, extra: str = "") -> CompiledConstraint:
        return make(
            f"SELECT DISTINCT ?this ?value WHERE {{ {targets} {values} {extra}"
            f"FILTER({condition}) }}"
        )

    min_count = _int(shapes.value(shape, SH.minCount))
    if min_count == 1:
        yield make(f"SELECT DISTINCT ?this ?value WHERE {{ {targets} MINUS {{ ?this {p} ?any }} }}")
    elif min_count is not None and min_count > 1:
        yield make(
            f"SELECT ?this (SAMPLE(?none) AS ?value) WHERE {{ {targets} OPTIONAL {values} }} "
            f"GROUP BY ?this HAVING(COUNT(DISTINCT ?value) < {min_count})"
        )
    max_count = _int(shapes.value(shape, SH.maxCount))
    if max_count is not None:
        yield make(
            f"SELECT ?this (SAMPLE(?none) AS ?value) WHERE {{ {targets} {values} }} "
            f"GROUP BY ?this HAVING(COUNT(DISTINCT ?value) > {max_count})"
        )
    for datatype in shapes.objects(shape, SH.datatype):
        yield per_value(f"!({_datatype_test(datatype)})")
    for cls in shapes.objects(shape, SH["class"]):
        yield make(
            f"SELECT DISTINCT ?this ?value WHERE {{ {targets} {values} "
            f"MINUS {{ ?value a {_sparql_term(cls)} }} }}"
        )
    for alternatives in shapes.objects(shape, SH["or"]):
        yield make(_value_or(shapes, shape, alternatives, targets, values))
    for predicate, op in (
        (SH.minInclusive, ">="),
        (SH.maxInclusive, "<="),
        (SH.minExclusive, ">"),
        (SH.maxExclusive, "<"),
    ):
        for bound in shapes.objects(shape, predicate):
            yield per_value(f"!COALESCE(?value {op} {_sparql_term(bound)}, false)")
    flags = shapes.value(shape, SH.flags)
    for pattern in shapes.objects(shape, SH.pattern):
        args = _sparql_term(Literal(str(pattern)))
        if flags is not None:
            args += f", {_sparql_term(Literal(str(flags)))}"
        yield per_value(f"isBlank(?value) || !REGEX(STR(?value), {args})")
    for predicate, op in ((SH.minLength, "<"), (SH.maxLength, ">")):
        for length in shapes.objects(shape, predicate):
            yield per_value(f"isBlank(?value) || STRLEN(STR(?value)) {op} {_int(length)}")
    for members in shapes.objects(shape, SH["in"]):
        allowed = " || ".join(
            f"sameTerm(?value, {_sparql_term(m)})" for m in Collection(shapes, members)
        )
        yield per_value(f"!({allowed or 'false'})")


def _shape_id(shape: Any) -> str:
    return f"_:{shape}" if isinstance(shape, BNode) else str(shape)


def _int(value: object) -> int | None:
    if isinstance(value, Literal):
        number = value.toPython()
        if isinstance(number, int):
            return number
    return None


def _datatype_test(datatype: Any) -> str:
    dt = _sparql_term(datatype)
    test = f"isLiteral(?value) && datatype(?value) = {dt}"
    if datatype in _CASTABLE:
        # An ill-typed literal ("2011-02-30"^^xsd:date) keeps its datatype; casting it fails.
        test += f" && COALESCE({dt}(STR(?value)) = ?value, false)"
    return test


def _value_or(shapes: Graph, shape: Any, alternatives: Any, targets: str, values: str) -> str:
    members = list(Collection(shapes, alternatives))
    classes, datatypes = [], []
    for member in members:
        keys = set(shapes.predicates(member, None)) - {RDF.type}
        if keys == {SH["class"]}:
            classes.append(shapes.value(member, SH["class"]))
        elif keys == {SH.datatype}:
            datatypes.append(shapes.value(member, SH.datatype))
        else:
            raise ShapeError(
                f"{_where(shape)}: sh:or is compiled only when every member is a single "
                "sh:class or a single sh:datatype; use engine='pyshacl'"
            )
    if classes and datatypes:
        raise ShapeError(
            f"{_where(shape)}: sh:or mixing sh:class and sh:datatype cannot be compiled; "
            "use engine='pyshacl'"
        )
    if classes:
        listed = " ".join(_sparql_term(c) for c in classes)
        return (
            f"SELECT DISTINCT ?this ?value WHERE {{ {targets} {values} "
            f"MINUS {{ VALUES ?orClass {{ {listed} }} ?value a ?orClass }} }}"
        )
    tests = " || ".join(f"({_datatype_test(d)})" for d in datatypes)
    return f"SELECT DISTINCT ?this ?value WHERE {{ {targets} {values} FILTER(!({tests})) }}"


def _node_or(
    shapes: Graph, shape: Any, targets: str, alternatives: Any, severity: str, message: str
) -> CompiledConstraint:
    minus: list[str] = []
    for member in Collection(shapes, alternatives):
        keys = set(shapes.predicates(member, None)) - {RDF.type}
        path = shapes.value(member, SH.path)
        if keys != {SH.path, SH.minCount} or _int(shapes.value(member, SH.minCount)) != 1:
            raise ShapeError(
                f"{_where(shape)}: a node shape's sh:or is compiled only when every member is "
                "a property shape with just sh:path and sh:minCount 1; use engine='pyshacl'"
            )
        if not isinstance(path, URIRef):
            raise ShapeError(f"{_where(shape)}: sh:or member paths must be IRIs")
        minus.append(f"MINUS {{ ?this <{path}> ?any{len(minus)} }}")
    query = f"SELECT DISTINCT ?this ?value WHERE {{ {targets} {' '.join(minus)} }}"
    return CompiledConstraint(_shape_id(shape), severity, message, None, query)


_THIS = re.compile(r"\$this\b")


def _sparql_constraint(
    shapes: Graph,
    shape: Any,
    constraint: Any,
    targets: str,
    severity: str,
    prefixes: dict[str, str],
) -> CompiledConstraint:
    select = shapes.value(constraint, SH.select)
    if select is None:
        raise ShapeError(f"{_where(shape)}: a SPARQL constraint needs sh:select")
    body = _THIS.sub("?this", str(select)).strip()
    if re.search(r"\$\w+", body):
        raise ShapeError(
            f"{_where(shape)}: pre-bound variables other than $this are not supported; "
            "use engine='pyshacl'"
        )
    if re.search(r"^\s*(PREFIX|BASE)\b", body, re.IGNORECASE | re.MULTILINE):
        raise ShapeError(f"{_where(shape)}: declare prefixes with sh:prefixes, not in sh:select")
    header = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(prefixes.items()))
    query = f"{header}SELECT DISTINCT ?this ?value WHERE {{ {targets} {{ {body} }} }}"
    message = _message(shapes, shape, constraint)
    return CompiledConstraint(_shape_id(shape), severity, message, None, query)


def _prefixes(shapes: Graph) -> dict[str, str]:
    out: dict[str, str] = {}
    for declaration in shapes.objects(None, SH.declare):
        prefix = shapes.value(declaration, SH.prefix)
        namespace = shapes.value(declaration, SH.namespace)
        if prefix is not None and namespace is not None:
            out[str(prefix)] = str(namespace)
    return out


# -- structural checks with NetworkX --------------------------------------------------------------


def network_findings(
    store: Store, *, labels: dict[str, str] | None = None
) -> tuple[list[Finding], ComponentSummary]:
    """Run the structural checks of :data:`NETWORK_RULES` and summarise the components.

    Examples
    --------
    >>> from mediakg.stores import open_store
    >>> findings, components = network_findings(open_store("memory"))
    >>> findings, components.components
    ([], 0)
    """
    import networkx as nx

    names = labels if labels is not None else _labels(store)
    findings = _citation_findings(store, names, nx)
    findings += _place_cycles(store, names, nx)
    findings += _endorsement_findings(store, names)
    findings += _duplicates(store, nx)
    orphans, components = _components(store, nx)
    findings += orphans
    return findings, components


def _rows(store: Store, sparql: str) -> list[tuple[Any, ...]]:
    prefixes = (
        f"PREFIX schema: <{_SCHEMA}>\nPREFIX mkg: <{_MKG}>\nPREFIX skos: <{_SKOS}>\n"
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
    )
    return store.select(prefixes + sparql).rows


def _labels(store: Store) -> dict[str, str]:
    """Every resource's name, title or (for quotations) words: one query, not one per finding."""
    rows = _rows(
        store,
        "SELECT ?x (MIN(?n) AS ?name) WHERE { { SELECT DISTINCT ?x ?n WHERE "
        "{ ?x schema:name|schema:headline|schema:text ?n } } } GROUP BY ?x",
    )
    return {str(x): str(n) for x, n in rows}


def _cycle_text(cycle: Sequence[str], names: dict[str, str]) -> str:
    labels = [names.get(n, _compact(n)) for n in cycle]
    return " -> ".join([*labels, labels[0]])


def _cycles(graph: nx.DiGraph, nx: Any) -> Iterator[list[str]]:
    """One cycle (as a node list) per strongly connected component that has one."""
    for component in nx.strongly_connected_components(graph):
        nodes = sorted(component)
        if len(nodes) == 1 and not graph.has_edge(nodes[0], nodes[0]):
            continue
        sub = graph.subgraph(nodes)
        edges = nx.find_cycle(sub, source=nodes[0])
        yield [u for u, _ in edges]


def _citation_findings(store: Store, names: dict[str, str], nx: Any) -> list[Finding]:
    edges = _rows(store, "SELECT DISTINCT ?a ?b WHERE { ?a schema:citation ?b FILTER(isIRI(?b)) }")
    graph = nx.DiGraph()
    graph.add_edges_from((str(a), str(b)) for a, b in edges)
    out = []
    for cycle in _cycles(graph, nx):
        if len(cycle) == 1:
            text = f"The article cites itself: {_cycle_text(cycle, names)}."
        else:
            text = f"Articles cite each other in a cycle: {_cycle_text(cycle, names)}."
        out.append(Finding("violation", "citation-cycle", cycle[0], text))
    dates: dict[str, Any] = {}
    for article, date in _rows(
        store,
        "SELECT ?a (MIN(?d) AS ?date) WHERE { { SELECT DISTINCT ?a ?d WHERE "
        "{ ?a schema:datePublished ?d } } } GROUP BY ?a",
    ):
        if not isinstance(date, str):  # an ill-typed date comes back as text: article-date
            dates[str(article)] = date
    for a, b in sorted(graph.edges):
        if a in dates and b in dates and dates[a] < dates[b]:
            out.append(
                Finding(
                    "violation",
                    "citation-order",
                    a,
                    f"Published {dates[a]}, it cites an article published later, on "
                    f"{dates[b]}: {names.get(b, _compact(b))}.",
                    b,
                )
            )
    return out


def _place_cycles(store: Store, names: dict[str, str], nx: Any) -> list[Finding]:
    edges = _rows(
        store,
        "SELECT DISTINCT ?a ?b WHERE { { ?a schema:containedInPlace|mkg:withinPlace ?b } "
        "UNION { ?b mkg:containsPlace ?a } FILTER(isIRI(?a) && isIRI(?b)) }",
    )
    graph = nx.DiGraph()
    graph.add_edges_from((str(a), str(b)) for a, b in edges)
    out = []
    for cycle in _cycles(graph, nx):
        if len(cycle) == 1:
            text = f"The place is contained in itself: {_cycle_text(cycle, names)}."
        else:
            text = f"Places contain each other in a cycle: {_cycle_text(cycle, names)}."
        out.append(Finding("violation", "place-cycle", cycle[0], text))
    return out


def _endorsement_findings(store: Store, names: dict[str, str]) -> list[Finding]:
    edges = _rows(
        store,
        "SELECT DISTINCT ?a ?t WHERE { { ?e a schema:EndorseAction ; schema:agent ?a ; "
        "schema:object ?t } UNION { ?a mkg:endorses ?t } }",
    )
    if not edges:
        return []
    types: dict[str, set[str]] = {}
    for node, cls in _rows(
        store,
        "SELECT DISTINCT ?x ?c WHERE { { SELECT DISTINCT ?x WHERE { { ?e a schema:EndorseAction ;"
        " schema:agent|schema:object ?x } UNION { ?x mkg:endorses ?y } UNION "
        "{ ?y mkg:endorses ?x } } } ?x a ?c }",
    ):
        types.setdefault(str(node), set()).add(str(cls))
    out = []
    for agent, target in sorted((str(a), str(t)) for a, t in edges):
        who, what = names.get(agent, _compact(agent)), names.get(target, _compact(target))
        if not types.get(agent, set()) & _AGENT_TYPES:
            out.append(
                Finding(
                    "violation",
                    "endorsement-direction",
                    agent,
                    f"{who} endorses {what} but is not a person or organisation.",
                    target,
                )
            )
        target_types = types.get(target, set())
        if target_types & _WORK_TYPES:
            continue
        if f"{_SCHEMA}Organization" in target_types:
            out.append(
                Finding(
                    "warning",
                    "endorsement-outlet",
                    agent,
                    f"{who} endorses {what}, an organisation not marked as a news outlet; "
                    "mark it as one (outlet: true) if it publishes, or name the work endorsed.",
                    target,
                )
            )
        else:
            out.append(
                Finding(
                    "violation",
                    "endorsement-direction",
                    agent,
                    f"{who} endorses {what}, which is not a work, series or outlet.",
                    target,
                )
            )
    return out


def _duplicates(store: Store, nx: Any) -> list[Finding]:
    from mediakg.resolve import name_key

    families = {
        f"{_SCHEMA}Person": "person",
        f"{_SCHEMA}Organization": "organisation",
        f"{_SCHEMA}Place": "place",
        f"{_MKG}Series": "series",
    }
    values = " ".join(f"<{c}>" for c in families)
    rows = _rows(
        store,
        f"SELECT DISTINCT ?x ?c ?label WHERE {{ {{ SELECT DISTINCT ?x ?c WHERE "
        f"{{ VALUES ?c {{ {values} }} ?x a ?c }} }} ?x schema:name|skos:altLabel ?label }}",
    )
    # Entities and name keys as one graph: entities linked through any shared key, directly or
    # through a chain of names and aliases, form one candidate group.
    graph = nx.Graph()
    shown: dict[tuple[str, str], str] = {}
    for x, cls, label in rows:
        key = name_key(str(label))
        if not key or not isinstance(x, str) or x.startswith("_:"):
            continue
        family = families[str(cls)]
        graph.add_edge(("entity", family, x), ("name", family, key))
        shown.setdefault((family, key), str(label))
    out = []
    for component in nx.connected_components(graph):
        entities = sorted(n[2] for n in component if n[0] == "entity")
        if len(entities) < 2:
            continue
        family = next(iter(component))[1]
        keys = sorted(shown[(family, n[2])] for n in component if n[0] == "name")
        listed = ", ".join(_compact(e) for e in entities)
        out.append(
            Finding(
                "warning",
                "duplicate-candidate",
                entities[0],
                f"{len(entities)} {family} entities share a name or alias "
                f"({'; '.join(keys)}): {listed}. Merge them if they are one.",
            )
        )
    return out


def _components(store: Store, nx: Any) -> tuple[list[Finding], ComponentSummary]:
    from mediakg.pipeline import RUNS_GRAPH  # run records are about files, not the world

    links = _rows(
        store,
        "SELECT DISTINCT ?s ?o WHERE { GRAPH ?g { ?s ?p ?o } "
        f"FILTER(?g != <{RUNS_GRAPH}> && !isLiteral(?o) && ?p != rdf:type) }}",
    )
    typed = _rows(
        store,
        "SELECT DISTINCT ?x ?c WHERE { VALUES ?c { "
        + " ".join(f"<{c}>" for c in sorted(_ENTITY_TYPES))
        + " "
        + " ".join(f"schema:{t}" for t in _ARTICLE_TYPES)
        + " } ?x a ?c }",
    )
    graph = nx.Graph()
    graph.add_edges_from((str(s), str(o)) for s, o in links)
    articles = {str(x) for x, c in typed if str(c) in {_SCHEMA + t for t in _ARTICLE_TYPES}}
    entities: dict[str, str] = {}
    families = sorted(
        (_FAMILY_ORDER.index(_ENTITY_TYPES[str(c)]), str(x))
        for x, c in typed
        if str(c) in _ENTITY_TYPES
    )
    for rank, x in families:
        # The first family wins: a role is also a skos:Concept (after reasoning).
        entities.setdefault(x, _FAMILY_ORDER[rank])
    graph.add_nodes_from(articles)
    graph.add_nodes_from(entities)
    out = []
    largest = without = 0
    components = list(nx.connected_components(graph))
    for component in components:
        largest = max(largest, len(component))
        if component & articles:
            continue
        without += 1
        for node in sorted(component):
            if node in entities and node not in articles:
                out.append(
                    Finding(
                        "warning",
                        "orphan-entity",
                        node,
                        f"This {entities[node]} is connected to no article, directly or "
                        "through other resources.",
                    )
                )
    summary = ComponentSummary(
        graph.number_of_nodes(), graph.number_of_edges(), len(components), largest, without
    )
    return out, summary
