"""Reasoning: materialise what the ontology entails into the inferred named graph.

Three profiles, chosen by name (see :data:`PROFILES`):

``fast`` (the default)
    The ontology's own entailments as SPARQL Update rules run inside the store and iterated to a
    fixpoint: class and property hierarchies (``rdfs:subClassOf``, ``rdfs:subPropertyOf``, their
    ``owl:equivalent*`` forms), ``rdfs:domain`` and ``rdfs:range``, ``owl:inverseOf``,
    ``owl:SymmetricProperty``, ``owl:TransitiveProperty``, ``owl:propertyChainAxiom`` and the
    ``owl:sameAs`` equality rules. The rules are compiled from the ontology, so they are exactly
    the OWL-RL rules that fire on it; the test suite checks that they derive the same triples as
    owlrl on sample graphs.
``owlrl``
    owlrl's OWL 2 RL closure, computed in memory on a copy of the asserted triples plus the
    ontology. The reference, and pure Python: minutes for 100k triples.
``rdfs``
    owlrl's RDFS closure, likewise.

Whatever the profile, only entailments that carry meaning are kept (:func:`is_meaningful`): no
``rdfs:Resource`` or ``owl:Thing`` typing, no statements about classes and properties, no
reflexive ``owl:sameAs``, nothing already asserted. They are written to the named graph
:data:`mediakg.kg.INFERRED_GRAPH`, which is dropped and recomputed on every run; the asserted
document graphs are never touched, and the run-record graph is not reasoned over.

This is the only module that imports owlrl, and only when an owlrl profile runs.

Examples
--------
>>> from mediakg import KnowledgeGraph
>>> from mediakg.records import Place
>>> kg = KnowledgeGraph.memory()
>>> _ = kg.add_records([Place(name="Atyrau", within="Kazakhstan"),
...                     Place(name="Kazakhstan", within="Central Asia")], graph="urn:example:doc")
>>> report = infer(kg)
>>> report.profile, report.triples
('fast', 6)
>>> kg.query('''PREFIX mkg: <https://w3id.org/mediakg/ontology#>
...     SELECT ?inside WHERE { ?inside mkg:withinPlace <https://w3id.org/mediakg/id/place/central-asia> }
...     ORDER BY ?inside''')["inside"].tolist()
['https://w3id.org/mediakg/id/place/atyrau', 'https://w3id.org/mediakg/id/place/kazakhstan']
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD

from mediakg.errors import UnknownNameError
from mediakg.stores.base import rdflib_internal_deprecations

if TYPE_CHECKING:
    from mediakg.kg import KnowledgeGraph
    from mediakg.stores import Store

__all__ = [
    "PROFILES",
    "InferenceReport",
    "Rule",
    "compile_rules",
    "entailments",
    "infer",
    "is_meaningful",
    "load_ontology",
]

PROFILES = ("fast", "owlrl", "rdfs")
"""Reasoning profiles: ``fast`` (SPARQL rules in the store), ``owlrl`` and ``rdfs`` (owlrl)."""

Triple = tuple[URIRef | BNode, URIRef, URIRef | BNode | Literal]

# Namespaces whose terms describe the vocabulary, not the data: entailments about them, and
# typing with them, are the noise a closure adds (rdfs:Resource, owl:Thing, rdf:Property ...).
_META = (str(RDF), str(RDFS), str(OWL), str(XSD))


# -- the inference run ----------------------------------------------------------------------------


@dataclass(frozen=True)
class InferenceReport:
    """What a reasoning run wrote to the inferred graph.

    Attributes
    ----------
    profile : str
        The profile that ran, one of :data:`PROFILES`.
    triples : int
        The number of entailed triples now in the inferred graph.
    graph : str
        The IRI of the inferred named graph.
    seconds : float
        Wall-clock time of the run, including dropping the old inferences.
    rounds : int
        Fixpoint rounds of the ``fast`` profile (0 for the owlrl profiles).
    """

    profile: str
    triples: int
    graph: str
    seconds: float
    rounds: int = 0

    def summary(self) -> str:
        """Return one line for people: profile, triples, graph and time.

        Examples
        --------
        >>> InferenceReport("fast", 12, "urn:g", 0.25, 2).summary()
        'fast: 12 inferred triples in <urn:g> (2 rounds, 0.2 s)'
        """
        rounds = f"{self.rounds} rounds, " if self.rounds else ""
        return (
            f"{self.profile}: {self.triples} inferred triples in <{self.graph}> "
            f"({rounds}{self.seconds:.1f} s)"
        )


def infer(
    kg: KnowledgeGraph,
    *,
    profile: str = "fast",
    ontology: Graph | str | os.PathLike[str] | None = None,
) -> InferenceReport:
    """Drop the inferred graph of ``kg`` and recompute it with ``profile``.

    Parameters
    ----------
    kg : KnowledgeGraph
        The graph to reason over: the union of its document graphs (not the run records).
    profile : {"fast", "owlrl", "rdfs"}
        ``fast`` runs SPARQL rules in the store; ``owlrl`` and ``rdfs`` run owlrl in memory on
        a copy of the document graphs.
    ontology : rdflib.Graph or path, optional
        The ontology to reason with; defaults to ``ontology/mediakg.ttl``. A path is parsed as
        Turtle (or any format rdflib guesses from its suffix).

    Returns
    -------
    InferenceReport
        The profile, the number of inferred triples and the time taken.

    Raises
    ------
    UnknownNameError
        If ``profile`` is not one of :data:`PROFILES`.
    ParseError
        If an ontology file cannot be read or parsed.
    QueryError, StoreError
        If the store rejects a rule (a remote endpoint without SPARQL Update, say).

    Examples
    --------
    >>> from mediakg import KnowledgeGraph
    >>> infer(KnowledgeGraph.memory(), profile="hermit")
    Traceback (most recent call last):
    ...
    mediakg.errors.UnknownNameError: unknown reasoning profile 'hermit'; profiles: fast, owlrl, rdfs
    """
    from mediakg.kg import INFERRED_GRAPH

    _check_profile(profile)
    onto = load_ontology(ontology)
    started = time.perf_counter()
    kg.store.drop_graph(INFERRED_GRAPH)
    rounds = 0
    if profile == "fast":
        rounds = _run_rules(kg.store, compile_rules(onto))
    else:
        derived = entailments(kg.to_rdflib(kg.document_graphs()), profile=profile, ontology=onto)
        kg.store.replace_graph(INFERRED_GRAPH, sorted(derived))
    count = _count(kg.store, INFERRED_GRAPH)
    return InferenceReport(
        profile, count, str(INFERRED_GRAPH), time.perf_counter() - started, rounds
    )


def _check_profile(profile: str) -> None:
    if profile not in PROFILES:
        raise UnknownNameError(
            f"unknown reasoning profile {profile!r}; profiles: {', '.join(PROFILES)}"
        )


def load_ontology(source: Graph | str | os.PathLike[str] | None = None) -> Graph:
    """Return the ontology to reason with: ``ontology/mediakg.ttl``, a file, or a graph as given.

    Raises
    ------
    ParseError
        If the file cannot be read or is not valid RDF.

    Examples
    --------
    >>> from mediakg.namespace import MKG
    >>> from rdflib.namespace import OWL, RDF
    >>> (MKG.withinPlace, RDF.type, OWL.TransitiveProperty) in load_ontology()
    True
    """
    from mediakg.resources import read_data_graph

    return read_data_graph(
        source, default="mediakg.ttl", what="the ontology", invalid="a valid ontology"
    )


# -- keeping what carries meaning ---------------------------------------------------------------


def is_meaningful(triple: tuple[object, object, object], vocabulary: frozenset[object]) -> bool:
    """Return whether an entailed triple says something about the data.

    Dropped: statements whose subject is a literal, a class or property of ``vocabulary`` or of
    the RDF, RDFS, OWL or XSD namespaces; predicates of those namespaces other than ``rdf:type``
    and ``owl:sameAs``; typing with their classes (``rdfs:Resource``, ``owl:Thing``,
    ``rdf:Property`` ...) or with datatypes; and reflexive ``owl:sameAs``.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> from rdflib.namespace import OWL, RDF, RDFS
    >>> x = URIRef("https://example.org/x")
    >>> is_meaningful((x, RDF.type, URIRef("http://schema.org/Person")), frozenset())
    True
    >>> is_meaningful((x, RDF.type, RDFS.Resource), frozenset())
    False
    >>> is_meaningful((x, OWL.sameAs, x), frozenset())
    False
    """
    s, p, o = triple
    if not isinstance(s, URIRef | BNode) or not isinstance(p, URIRef):
        return False
    if s in vocabulary or str(s).startswith(_META):
        return False
    if p == RDF.type:
        return isinstance(o, URIRef) and not str(o).startswith(_META)
    if p == OWL.sameAs:
        return s != o and not isinstance(o, Literal)
    return not str(p).startswith(_META)


def _vocabulary(ontology: Graph) -> frozenset[object]:
    return frozenset(s for s in ontology.subjects() if isinstance(s, URIRef))


def entailments(
    data: Graph, *, profile: str = "owlrl", ontology: Graph | None = None
) -> set[Triple]:
    """Return the meaningful triples that ``data`` and ``ontology`` entail, computed in memory.

    ``data`` is not changed: owlrl expands a copy. The ``fast`` profile runs its SPARQL rules on
    a temporary in-memory store, so all three profiles can be compared on the same input.

    Parameters
    ----------
    data : rdflib.Graph
        Asserted triples.
    profile : {"owlrl", "rdfs", "fast"}
        The closure to compute.
    ontology : rdflib.Graph, optional
        Defaults to ``ontology/mediakg.ttl``.

    Returns
    -------
    set of tuple
        The entailed triples that are neither asserted nor noise (see :func:`is_meaningful`).

    Raises
    ------
    UnknownNameError
        If ``profile`` is not one of :data:`PROFILES`.

    Examples
    --------
    >>> from rdflib import Graph, URIRef
    >>> from mediakg.namespace import MKG, SCHEMA
    >>> a, b, c = (URIRef(f"https://example.org/{n}") for n in "abc")
    >>> g = Graph()
    >>> _ = g.add((a, SCHEMA.containedInPlace, b)).add((b, SCHEMA.containedInPlace, c))
    >>> (a, MKG.withinPlace, c) in entailments(g, profile="owlrl")
    True
    >>> entailments(g, profile="owlrl") == entailments(g, profile="fast")
    True
    """
    _check_profile(profile)
    onto = ontology if ontology is not None else load_ontology()
    if profile == "fast":
        return _fast_in_memory(data, onto)
    import owlrl

    closure = Graph()
    for t in data:
        closure.add(t)
    for t in onto:
        closure.add(t)
    semantics = owlrl.OWLRL_Semantics if profile == "owlrl" else owlrl.RDFS_Semantics
    with rdflib_internal_deprecations():
        owlrl.DeductiveClosure(semantics).expand(closure)
    vocabulary = _vocabulary(onto)
    known_bnodes = {t for triple in data for t in triple if isinstance(t, BNode)}
    # owlrl's RDFS closure stands literals in with blank nodes and, restoring them, confuses
    # literals of equal Python value (1.0 and true): RDFS derives a literal value only through
    # a sub-property, so a real entailment repeats a subject-literal pair that is asserted.
    literal_pairs = {(s, o) for s, _, o in data if isinstance(o, Literal)}
    out: set[Triple] = set()
    for s, p, o in closure:
        if (s, p, o) in data or (s, p, o) in onto:
            continue
        if any(isinstance(t, BNode) and t not in known_bnodes for t in (s, o)):
            continue  # owlrl's own blank nodes (literal proxies, list cells)
        if profile == "rdfs" and isinstance(o, Literal) and (s, o) not in literal_pairs:
            continue
        if is_meaningful((s, p, o), vocabulary):
            out.add((s, p, o))  # type: ignore[arg-type]
    return out


def _fast_in_memory(data: Graph, ontology: Graph) -> set[Triple]:
    from mediakg.kg import INFERRED_GRAPH
    from mediakg.stores.embedded import OxigraphStore

    store = OxigraphStore()  # in memory; Oxigraph runs the rules far faster than rdflib
    store.replace_graph(URIRef("urn:mediakg:asserted"), data)  # type: ignore[arg-type]
    _run_rules(store, compile_rules(ontology))
    return {(s, p, o) for s, p, o, _ in store.iter_quads([INFERRED_GRAPH])}  # type: ignore[misc]


# -- the fast profile: rules compiled from the ontology -----------------------------------------


@dataclass(frozen=True)
class Rule:
    """One SPARQL Update that adds what an axiom of the ontology entails.

    Attributes
    ----------
    name : str
        The OWL 2 RL rule it implements and the axioms it covers, for people.
    inputs : frozenset of str
        What it reads: predicate IRIs, ``"a <class IRI>"`` for typing with a class, or ``"*"``
        for everything. A rule whose inputs gained no triple in a round adds nothing new in the
        next one, so it is skipped.
    update : str
        The SPARQL Update, reading every named graph but the run records and writing to the
        inferred graph.
    delta : str or None
        For a rule with one premise, the same update reading only the inferred graph: after the
        first round, anything new it could derive must start there.
    """

    name: str
    inputs: frozenset[str]
    update: str
    delta: str | None = None


def compile_rules(ontology: Graph | None = None) -> list[Rule]:
    """Compile the axioms of ``ontology`` into the ``fast`` profile's SPARQL rules.

    Class and property hierarchies are closed transitively here, so one round applies a whole
    hierarchy; inverses, symmetric and transitive properties, property chains and ``owl:sameAs``
    are iterated by :func:`infer` until nothing new is derived.

    Examples
    --------
    >>> [rule.name.split(":")[0] for rule in compile_rules()]  # doctest: +NORMALIZE_WHITESPACE
    ['cax-sco', 'prp-spo1', 'prp-inv', 'prp-dom', 'prp-rng', 'prp-trp', 'prp-trp', 'prp-trp',
     'prp-spo2', 'eq-sym', 'eq-trans', 'eq-rep-s', 'eq-rep-p', 'eq-rep-o']
    """
    onto = ontology if ontology is not None else load_ontology()
    rules: list[Rule] = []
    sub_class = _closure(_pairs(onto, RDFS.subClassOf, OWL.equivalentClass))
    if sub_class:
        rules.append(
            _rule(
                f"cax-sco: {len(sub_class)} subclass pairs",
                {f"a {c}" for c, _ in sub_class},
                "?x a ?d",
                "?x a ?c",
                values=("?c ?d", sub_class),
            )
        )
    sub_prop = _closure(_pairs(onto, RDFS.subPropertyOf, OWL.equivalentProperty))
    if sub_prop:
        rules.append(
            _rule(
                f"prp-spo1: {len(sub_prop)} subproperty pairs",
                {p for p, _ in sub_prop},
                "?x ?q ?y",
                "?x ?p ?y",
                values=("?p ?q", sub_prop),
            )
        )
    inverse = sorted({pair for p, q in _pairs(onto, OWL.inverseOf) for pair in ((p, q), (q, p))})
    if inverse:
        rules.append(
            _rule(
                f"prp-inv: {len(inverse) // 2} inverse pairs",
                {p for p, _ in inverse},
                "?y ?q ?x",
                "?x ?p ?y",
                values=("?p ?q", inverse),
                object_is_resource="?y",
            )
        )
    symmetric = sorted(_typed(onto, OWL.SymmetricProperty))
    if symmetric:
        rules.append(
            _rule(
                f"prp-symp: {len(symmetric)} symmetric properties",
                set(symmetric),
                "?y ?p ?x",
                "?x ?p ?y",
                values=("?p", [(p,) for p in symmetric]),
                object_is_resource="?y",
            )
        )
    domain = sorted((p, c) for p, c in onto.subject_objects(RDFS.domain) if _iris(p, c))
    if domain:
        rules.append(
            _rule(
                f"prp-dom: {len(domain)} domains",
                {str(p) for p, _ in domain},
                "?x a ?c",
                "?x ?p ?y",
                values=("?p ?c", [(str(p), str(c)) for p, c in domain]),
            )
        )
    range_ = sorted((p, c) for p, c in onto.subject_objects(RDFS.range) if _iris(p, c))
    if range_:
        rules.append(
            _rule(
                f"prp-rng: {len(range_)} ranges",
                {str(p) for p, _ in range_},
                "?y a ?c",
                "?x ?p ?y",
                values=("?p ?c", [(str(p), str(c)) for p, c in range_]),
                object_is_resource="?y",
            )
        )
    for p in sorted(_typed(onto, OWL.TransitiveProperty)):
        rules.append(_chain_rule(f"prp-trp: {_short(p)} is transitive", p, [p, p]))
    for p, chain in _chains(onto):
        rules.append(
            _chain_rule(f"prp-spo2: {_short(p)} <- {' o '.join(map(_short, chain))}", p, chain)
        )
    rules.extend(_same_as_rules())
    return rules


def _pairs(onto: Graph, sub: URIRef, equivalent: URIRef | None = None) -> set[tuple[str, str]]:
    out = {(str(a), str(b)) for a, b in onto.subject_objects(sub) if _iris(a, b) and a != b}
    if equivalent is not None:
        for a, b in onto.subject_objects(equivalent):
            if _iris(a, b) and a != b:
                out |= {(str(a), str(b)), (str(b), str(a))}
    return out


def _closure(pairs: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """Close a set of (sub, super) pairs transitively, dropping reflexive ones."""
    supers: dict[str, set[str]] = {}
    for a, b in pairs:
        supers.setdefault(a, set()).add(b)
    out: set[tuple[str, str]] = set()
    for start in supers:
        stack, seen = [start], set()
        while stack:
            for nxt in supers.get(stack.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        out |= {(start, b) for b in seen if b != start}
    return sorted(out)


def _typed(onto: Graph, cls: URIRef) -> set[str]:
    return {str(p) for p in onto.subjects(RDF.type, cls) if isinstance(p, URIRef)}


def _chains(onto: Graph) -> list[tuple[str, list[str]]]:
    out = []
    for p, head in onto.subject_objects(OWL.propertyChainAxiom):
        chain = list(Collection(onto, head))
        if isinstance(p, URIRef) and chain and all(isinstance(c, URIRef) for c in chain):
            out.append((str(p), [str(c) for c in chain]))
    return sorted(out)


def _iris(*terms: object) -> bool:
    return all(isinstance(t, URIRef) for t in terms)


def _short(iri: str) -> str:
    from mediakg.namespace import PREFIXES

    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return f"<{iri}>"


# SPARQL building blocks. Every premise is read from the named graphs but the run records (in
# later rounds, single-premise rules read only the inferred graph, where anything new must be);
# each is projected DISTINCT first, because a triple asserted in many document graphs would
# otherwise multiply every join it takes part in. What is already known, asserted or inferred,
# is taken away with MINUS against the conclusion's own predicates or classes: Oxigraph answers
# that one join far faster than a NOT EXISTS per row, and writing a quad costs more than reading
# many, so nothing is written that is already there.


def _source(var: str, pattern: str, *, inferred_only: bool = False) -> str:
    from mediakg.kg import INFERRED_GRAPH
    from mediakg.pipeline import RUNS_GRAPH

    if inferred_only:
        return f"GRAPH <{INFERRED_GRAPH}> {{ {pattern} }}"
    return f"GRAPH ?{var} {{ {pattern} }} FILTER(?{var} != <{RUNS_GRAPH}>)"


def _premise(
    pattern: str, var: str, project: str, *, extra: str = "", guard: str = "", delta: bool = False
) -> str:
    source = _source(var, pattern, inferred_only=delta)
    return f"{{ SELECT DISTINCT {project} WHERE {{ {extra}{source} {guard}}} }}"


def _insert(template: str, where: str, *, known: str | None = "") -> str:
    """The update adding ``template`` for each solution of ``where`` not already known.

    ``known`` is put before the pattern that looks the conclusion up (a VALUES clause binding
    its predicate or class); ``None`` looks it up with NOT EXISTS instead, for rules with an
    open predicate that fire rarely (the owl:sameAs rules).
    """
    from mediakg.kg import INFERRED_GRAPH

    lookup = _source("known", template)
    check = f"MINUS {{ {known}{lookup} }}"
    if known is None:
        check = f"FILTER NOT EXISTS {{ {lookup} }}"
    return (
        f"INSERT {{ GRAPH <{INFERRED_GRAPH}> {{ {template} }} }}\n"
        f"WHERE {{\n  {where}\n  {check}\n}}"
    )


def _values(names: str, rows: Sequence[tuple[str, ...]]) -> str:
    cells = " ".join("(" + " ".join(f"<{v}>" for v in row) + ")" for row in rows)
    return f"VALUES ({names}) {{ {cells} }} "


def _rule(
    name: str,
    inputs: Iterable[str],
    template: str,
    premise: str,
    *,
    values: tuple[str, Sequence[tuple[str, ...]]],
    object_is_resource: str | None = None,
) -> Rule:
    names, rows = values
    variables = " ".join(sorted({v for v in template.split() if v.startswith("?")}))
    guard = f"FILTER(!isLiteral({object_is_resource})) " if object_is_resource else ""
    extra = _values(names, rows)
    # The conclusion's predicate or class is the last VALUES column: look up only those.
    conclusion = names.split()[-1]
    known = _values(conclusion, sorted({(row[-1],) for row in rows}))
    full, delta = (
        _insert(
            template,
            _premise(premise, "g0", variables, extra=extra, guard=guard, delta=d),
            known=known,
        )
        for d in (False, True)
    )
    return Rule(name, frozenset(inputs), full, delta)


def _chain_rule(name: str, target: str, chain: list[str]) -> Rule:
    parts = [
        _premise(f"?x{i} <{prop}> ?x{i + 1}", f"g{i}", f"?x{i} ?x{i + 1}")
        for i, prop in enumerate(chain)
    ]
    last = f"?x{len(chain)}"
    where = "\n  ".join(parts) + f"\n  FILTER(!isLiteral({last}))"
    return Rule(name, frozenset(chain), _insert(f"?x0 <{target}> {last}", where))


def _same_as_rules() -> list[Rule]:
    same = f"<{OWL.sameAs}>"
    everything = frozenset({"*"})
    return [
        Rule(
            "eq-sym: owl:sameAs is symmetric",
            frozenset({str(OWL.sameAs)}),
            _insert(
                f"?y {same} ?x",
                _premise(f"?x {same} ?y", "g0", "?x ?y") + " FILTER(!isLiteral(?y) && ?x != ?y)",
                known=None,
            ),
        ),
        Rule(
            "eq-trans: owl:sameAs is transitive",
            frozenset({str(OWL.sameAs)}),
            _insert(
                f"?x {same} ?z",
                _premise(f"?x {same} ?y", "g0", "?x ?y")
                + _premise(f"?y {same} ?z", "g1", "?y ?z")
                + " FILTER(!isLiteral(?z) && ?x != ?z)",
                known=None,
            ),
        ),
        Rule(
            "eq-rep-s: statements about a resource hold for its owl:sameAs",
            everything,
            _insert(
                "?s2 ?p ?o",
                _premise(f"?s {same} ?s2", "g0", "?s ?s2")
                + _premise("?s ?p ?o", "g1", "?s ?p ?o")
                + f" FILTER(!isLiteral(?s2) && ?s != ?s2 && (?p != {same} || ?s2 != ?o))",
                known=None,
            ),
        ),
        Rule(
            "eq-rep-p: statements with a property hold for its owl:sameAs",
            everything,
            _insert(
                "?s ?p2 ?o",
                _premise(f"?p {same} ?p2", "g0", "?p ?p2")
                + _premise("?s ?p ?o", "g1", "?s ?p ?o")
                + f" FILTER(isIRI(?p2) && ?p != ?p2 && (?p2 != {same} || ?s != ?o))",
                known=None,
            ),
        ),
        Rule(
            "eq-rep-o: statements about a value hold for its owl:sameAs",
            everything,
            _insert(
                "?s ?p ?o2",
                _premise(f"?o {same} ?o2", "g0", "?o ?o2")
                + _premise("?s ?p ?o", "g1", "?s ?p ?o")
                + f" FILTER(?o != ?o2 && (?p != {same} || ?s != ?o2))",
                known=None,
            ),
        ),
    ]


def _inferred_profile(store: Store) -> dict[str, int]:
    """Count the inferred triples by predicate, and typing triples by class."""
    from mediakg.kg import INFERRED_GRAPH

    rows = store.select(
        f"SELECT ?p ?c (COUNT(*) AS ?n) WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} "
        f"BIND(IF(?p = <{RDF.type}>, ?o, ?p) AS ?c) }} GROUP BY ?p ?c"
    ).rows
    out: dict[str, int] = {}
    for p, c, n in rows:
        out[f"a {c}" if p == str(RDF.type) else str(p)] = int(n)
    return out


def _has_same_as(store: Store) -> bool:
    rows = store.select(f"ASK {{ GRAPH ?g {{ ?x <{OWL.sameAs}> ?y }} }}").rows
    return bool(rows and rows[0][0])


def _run_rules(store: Store, rules: list[Rule], *, max_rounds: int = 100) -> int:
    """Apply ``rules`` until a round derives nothing new; return the number of rounds."""
    changed: set[str] | None = None  # None: the first round runs every rule
    before = _inferred_profile(store)
    rounds = 0
    while changed is None or changed:
        rounds += 1
        same_as = _has_same_as(store)
        for rule in _due(rules, changed):
            if "*" in rule.inputs and not same_as:
                continue  # the equality rules need an owl:sameAs to start from
            store.update(rule.delta if rounds > 1 and rule.delta else rule.update)
        after = _inferred_profile(store)
        changed = {key for key, n in after.items() if n != before.get(key, 0)}
        before = after
        if rounds >= max_rounds:  # pragma: no cover - monotone rules over finite data converge
            break
    return rounds


def _due(rules: list[Rule], changed: set[str] | None) -> Iterator[Rule]:
    for rule in rules:
        if changed is None or "*" in rule.inputs or rule.inputs & changed:
            yield rule


def _count(store: Store, graph: URIRef) -> int:
    rows = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows
    return int(rows[0][0]) if rows else 0
