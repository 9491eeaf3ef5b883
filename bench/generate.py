"""Seeded synthetic media graphs in exactly the shape mediakg writes, as N-Quads.

Every article becomes one *document*: the typed records a researcher's record file would hold for
it (the article, its outlet, authors, places, topics, quotations, endorsements, affiliations and
citations). The records go through :func:`mediakg.mapping.to_triples`, the same function
``KnowledgeGraph.add_records`` and the record loaders use, so the triples have mediakg's shape by
construction; they are written to one named graph per document, named like the ``file:`` graph a
per-article record file would get.

Popularity is skewed the way news is: speakers, endorsers, outlets, organisations, places and
cited articles are drawn from Zipf-like distributions, so a few people are quoted and endorse a
lot, and a few outlets and early articles are cited and endorsed a lot.

The output depends only on the seed and the target size (and :data:`GENERATOR_VERSION`), so a file
cached under ``bench/.data/`` is reused until either changes.

Usage::

    python bench/generate.py --triples 100000 --out /tmp/media-100k.nq
    python bench/generate.py --check        # shape check against mediakg's own write path
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from mediakg.mapping import to_triples
from mediakg.records import (
    Affiliation,
    Article,
    Citation,
    Endorsement,
    Organization,
    Person,
    Place,
    Quotation,
    Record,
    Topic,
)
from mediakg.resolve import slugify

__all__ = [
    "DATA_DIR",
    "GENERATOR_VERSION",
    "Dataset",
    "Document",
    "check_shape",
    "ensure_dataset",
    "mapping_fingerprint",
    "generate_documents",
    "write_nquads",
]

GENERATOR_VERSION = 1
"""Bumped whenever the generated data changes, so that stale cached files are not reused."""

DATA_DIR = Path(__file__).resolve().parent / ".data"
"""Where generated files are cached (git-ignored)."""

# Triples per document average about 100 with the mix below; pool sizes and the date range are
# derived from this estimate so that the three target sizes have comparable structure.
_TRIPLES_PER_DOC_ESTIMATE = 100
_FIRST_DAY = dt.date(2017, 1, 1)
_YEARS = 7


# -- deterministic names -------------------------------------------------------------------------

_ONSETS = ("b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z",
           "br", "ch", "dr", "gr", "kl", "st", "tr", "sh", "pl")
_VOWELS = ("a", "e", "i", "o", "u", "a", "e", "o", "ai", "ea", "io", "ou")
_CODAS = ("", "", "", "n", "r", "s", "l", "th", "x", "m")
_WORDS = (
    "budget", "court", "election", "water", "school", "river", "energy", "health", "harvest",
    "border", "market", "union", "police", "bridge", "council", "festival", "drought", "reform",
    "pension", "railway", "factory", "hospital", "museum", "treaty", "protest", "minister",
    "inquiry", "report", "tax", "village", "port", "mine", "forest", "wage", "strike", "vote",
    "grain", "housing", "fuel", "airport", "clinic", "archive", "coast", "storm", "court",
)
_VERBS = ("returns", "divides", "stalls", "reopens", "expands", "splits", "collapses", "rallies",
          "faces scrutiny", "wins backing", "draws criticism", "changes course")
_OUTLET_KINDS = ("Post", "Herald", "Times", "Courier", "Gazette", "Observer", "Review", "Tribune")
_ORG_KINDS = ("Institute", "Foundation", "Ministry", "Union", "Council", "Association", "Bank",
              "Agency", "Party", "University", "Company", "Commission")
_ROLES = ("spokesperson", "director", "minister", "chair", "researcher", "chief executive",
          "press officer", "board member", "founder", "treasurer", "analyst", "secretary")
_BROAD_TOPICS = ("politics", "economy", "environment", "health", "education", "culture",
                 "security", "technology", "justice", "transport")


class _Names:
    """Unique pronounceable names, drawn from one seeded stream so pools never depend on docs."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def word(self, syllables: int) -> str:
        parts = [self.rng.choice(_ONSETS) + self.rng.choice(_VOWELS) for _ in range(syllables)]
        return ("".join(parts) + self.rng.choice(_CODAS)).capitalize()

    def fresh(self, pattern: str, syllables: tuple[int, ...]) -> str:
        # Slugs, not strings, must be unique: mediakg mints IRIs from slugified names, and two
        # names that slugify alike would silently merge two entities.
        while True:
            name = pattern.format(*(self.word(n) for n in syllables))
            key = slugify(name)
            if key not in self.used:
                self.used.add(key)
                return name


# -- skewed sampling -----------------------------------------------------------------------------


class Zipf:
    """Ranks ``0..n-1`` drawn with probability proportional to ``1 / (rank + 1) ** s``.

    ``draw(rng, limit)`` restricts the draw to the first ``limit`` ranks, which is how citations
    pick among the articles published before the citing one; the cumulative weights grow on
    demand so the number of ranks need not be known in advance.
    """

    def __init__(self, s: float, n: int = 0) -> None:
        self.s = s
        self.cum: list[float] = []
        self._grow(n)

    def _grow(self, n: int) -> None:
        total = self.cum[-1] if self.cum else 0.0
        for k in range(len(self.cum), n):
            total += 1.0 / (k + 1) ** self.s
            self.cum.append(total)

    def draw(self, rng: random.Random, limit: int | None = None) -> int:
        hi = len(self.cum) if limit is None else limit
        if hi > len(self.cum):
            self._grow(hi)
        x = rng.random() * self.cum[hi - 1]
        return min(bisect.bisect_right(self.cum, x, 0, hi), hi - 1)

    def sample(self, rng: random.Random, k: int, limit: int | None = None) -> list[int]:
        """Return up to ``k`` distinct ranks (fewer when the pool is smaller)."""
        hi = len(self.cum) if limit is None else limit
        k = min(k, hi)
        out: list[int] = []
        # Bounded retries: with a steep skew the same top ranks come back often, and a document
        # that gets one location fewer than planned is still a valid document.
        for _ in range(k * 8):
            r = self.draw(rng, hi)
            if r not in out:
                out.append(r)
                if len(out) == k:
                    break
        return out


# -- the world the documents talk about ----------------------------------------------------------


@dataclass(frozen=True)
class _Place:
    name: str
    latitude: float
    longitude: float
    within: int | None  # index into the place table


@dataclass(frozen=True)
class _Outlet:
    name: str
    domain: str
    city: int


@dataclass(frozen=True)
class _Org:
    name: str
    acronym: str


@dataclass
class _World:
    people: list[str]
    journalists: list[str]
    outlets: list[_Outlet]
    orgs: list[_Org]
    places: list[_Place]
    cities: list[int]
    topics: list[tuple[str, str]]  # (narrow, broad)


def _build_world(rng: random.Random, triples: int) -> _World:
    """Entity pools scaled to the target size (bigger corpora talk about more entities)."""
    docs = max(1, triples // _TRIPLES_PER_DOC_ESTIMATE)
    names = _Names(rng)
    n_people = max(40, docs // 3)
    n_orgs = max(15, docs // 25)
    n_outlets = max(6, min(120, docs // 80))
    n_countries = max(4, min(20, docs // 400))
    regions_per_country = 6
    cities_per_region = max(3, min(10, docs // 600))

    people = [names.fresh("{} {}", (2, 3)) for _ in range(n_people)]
    journalists = [names.fresh("{} {}", (2, 2)) for _ in range(n_outlets * 5)]
    orgs: list[_Org] = []
    for _ in range(n_orgs):
        kind = rng.choice(_ORG_KINDS)
        name = names.fresh("{} {} " + kind, (2, 2))
        acronym = "".join(w[0] for w in name.split()).upper()
        orgs.append(_Org(name, acronym))

    places: list[_Place] = []
    cities: list[int] = []
    for _ in range(n_countries):
        lat, lon = rng.uniform(-55, 65), rng.uniform(-170, 170)
        country = len(places)
        places.append(_Place(names.fresh("{}", (3,)), _lat(lat), _lon(lon), None))
        for _ in range(regions_per_country):
            rlat, rlon = lat + rng.uniform(-6, 6), lon + rng.uniform(-6, 6)
            region = len(places)
            places.append(_Place(names.fresh("{} Province", (2,)), _lat(rlat), _lon(rlon),
                                 country))
            for _ in range(cities_per_region):
                cities.append(len(places))
                places.append(_Place(names.fresh("{}", (2,)), _lat(rlat + rng.uniform(-1, 1)),
                                     _lon(rlon + rng.uniform(-1, 1)), region))

    outlets: list[_Outlet] = []
    for _ in range(n_outlets):
        name = names.fresh("The {} " + rng.choice(_OUTLET_KINDS), (2,))
        outlets.append(_Outlet(name, f"{slugify(name)}.example", rng.randrange(len(cities))))

    topics = [(f"{broad} {rng.choice(_WORDS)} {i}", broad)
              for broad in _BROAD_TOPICS for i in range(6)]
    return _World(people, journalists, outlets, orgs, places, cities, topics)


def _lat(value: float) -> float:
    # Clamp into the WGS84 range (records reject anything else) and keep four decimals, as a
    # gazetteer would.
    return round(max(-89.9999, min(89.9999, value)), 4)


def _lon(value: float) -> float:
    return round(max(-179.9999, min(179.9999, value)), 4)


# -- documents -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """One article document: its named graph and the records a record file for it would hold."""

    graph: str
    records: tuple[Record, ...]


def generate_documents(triples: int, seed: int = 42) -> Iterator[Document]:
    """Yield article documents, forever; callers stop once they have the triples they want.

    The stream for a given ``(triples, seed)`` is deterministic: ``triples`` only sizes the
    entity pools and the date range, so a prefix of the stream is a valid smaller corpus.
    """
    world = _build_world(random.Random(f"world-{seed}"), triples)
    rng = random.Random(f"docs-{seed}")
    est_docs = max(1, triples // _TRIPLES_PER_DOC_ESTIMATE)
    days_per_doc = _YEARS * 365 / est_docs
    people_z = Zipf(1.05, len(world.people))
    journalist_z = Zipf(0.8, len(world.journalists))
    outlet_z = Zipf(1.1, len(world.outlets))
    org_z = Zipf(1.0, len(world.orgs))
    city_z = Zipf(0.9, len(world.cities))
    topic_z = Zipf(0.8, len(world.topics))
    cite_z = Zipf(1.15)
    urls: list[str] = []
    for i in itertools.count():
        doc = _document(i, rng, world, urls, days_per_doc, people_z, journalist_z, outlet_z,
                        org_z, city_z, topic_z, cite_z)
        yield doc


def _document(
    i: int, rng: random.Random, world: _World, urls: list[str], days_per_doc: float,
    people_z: Zipf, journalist_z: Zipf, outlet_z: Zipf, org_z: Zipf, city_z: Zipf,
    topic_z: Zipf, cite_z: Zipf,
) -> Document:
    published = _FIRST_DAY + dt.timedelta(days=int(i * days_per_doc))
    outlet = world.outlets[outlet_z.draw(rng)]
    topic_ids = topic_z.sample(rng, rng.choice((1, 1, 2, 2, 3)))
    city_ids = city_z.sample(rng, rng.choice((1, 1, 1, 2, 2, 3)))
    lead = world.places[world.cities[city_ids[0]]].name
    first_topic = world.topics[topic_ids[0]][0].split()[1]
    title = f"{first_topic.capitalize()} {rng.choice(_VERBS)} in {lead} ({i})"
    url = (f"https://www.{outlet.domain}/{published.year}/{published.month:02d}/"
           f"{slugify(title)}")
    records: list[Record] = []

    # Places: each location with its whole containment chain, so every document carries the
    # coordinates and hierarchy it relies on, as a researcher's record file would. The outlet's
    # home city is named only (a bare schema:Place), as an outlet record usually does.
    declared_places: set[int] = set()
    hq = world.cities[outlet.city]
    for idx in [world.cities[c] for c in city_ids]:
        cursor: int | None = idx
        while cursor is not None and cursor not in declared_places:
            declared_places.add(cursor)
            p = world.places[cursor]
            within = world.places[p.within].name if p.within is not None else None
            records.append(Place(name=p.name, latitude=p.latitude, longitude=p.longitude,
                                 within=within))
            cursor = p.within

    records.append(Organization(name=outlet.name, outlet=True, url=f"https://www.{outlet.domain}/",
                                location=world.places[hq].name))
    for t in topic_ids:
        narrow, broad = world.topics[t]
        records.append(Topic(name=narrow, broader=broad))

    # Speakers: the skew makes a few people quoted in a large share of the corpus.
    speakers = [world.people[k] for k in people_z.sample(rng, rng.choice((0, 1, 1, 2, 2, 3, 4)))]
    quotes: dict[str, list[str]] = {}
    for speaker in speakers:
        records.append(Person(name=speaker))
        for _ in range(rng.choice((1, 1, 2))):
            text = _sentence(rng)
            quotes.setdefault(speaker, []).append(text)
            records.append(Quotation(text=text, speaker=speaker, article=url,
                                     direct=rng.random() < 0.8))

    # Endorsements: mostly by someone quoted in the article (reusing a phrase of their
    # quotation, as mediakg's substring match expects), otherwise by a frequent endorser with
    # words of their own; targets are outlets or earlier articles, both skewed.
    declared_orgs: set[str] = {outlet.name}
    endorsed: set[tuple[str, str]] = set()
    for _ in range(rng.choice((0, 0, 0, 1, 1, 2))):
        quoted = [s for s in speakers if quotes.get(s)]
        if quoted and rng.random() < 0.6:
            endorser = rng.choice(quoted)
            words = rng.choice(quotes[endorser]).split()
            quote = " ".join(words[: max(3, len(words) // 2)])
        else:
            endorser = world.people[people_z.draw(rng, max(1, len(world.people) // 10))]
            quote = _sentence(rng)
            if endorser not in speakers:
                records.append(Person(name=endorser))
                speakers.append(endorser)
                quotes.setdefault(endorser, [])
        if urls and rng.random() < 0.5:
            target = urls[cite_z.draw(rng, len(urls))]
        else:
            target_outlet = world.outlets[outlet_z.draw(rng)].name
            if target_outlet not in declared_orgs:
                records.append(Organization(name=target_outlet, outlet=True))
                declared_orgs.add(target_outlet)
            target = target_outlet
        # One endorsement per endorser and target in a document: a second one with the same
        # quotation would share the first one's IRI and give it two rating values.
        if (endorser, target) in endorsed:
            continue
        endorsed.add((endorser, target))
        records.append(Endorsement(endorser=endorser, target=target, article=url, quote=quote,
                                   polarity=round(rng.uniform(-1, 1), 2), date=published))

    # Affiliations with roles, read from this article.
    mentioned: list[str] = []
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        person = rng.choice(speakers) if speakers else world.people[people_z.draw(rng)]
        org = world.orgs[org_z.draw(rng)]
        if org.name not in declared_orgs:
            records.append(Organization(name=org.name, aliases=(org.acronym,)))
            declared_orgs.add(org.name)
            mentioned.append(org.name)
        start = published - dt.timedelta(days=rng.randrange(30, 3000))
        records.append(Affiliation(person=person, organization=org.name,
                                   role=rng.choice(_ROLES), start=start, article=url))

    # Citations to earlier articles: rank 0 is the oldest, so early articles become the
    # heavily cited ones.
    if urls:
        for rank in cite_z.sample(rng, rng.choice((0, 1, 1, 2, 3)), len(urls)):
            records.append(Citation(article=url, cited=urls[rank]))

    authors = tuple(world.journalists[k] for k in journalist_z.sample(rng, rng.choice((1, 1, 2))))
    records.insert(0, Article(
        title=title, url=url, published=published, outlet=outlet.name, authors=authors,
        kind="Report" if rng.random() < 0.1 else "NewsArticle", language="en",
        locations=tuple(world.places[world.cities[c]].name for c in city_ids),
        topics=tuple(world.topics[t][0] for t in topic_ids),
        mentions=tuple(mentioned),
    ))
    urls.append(url)
    graph = f"file:///corpus/{slugify(outlet.name)}/{published.year}/{slugify(title)}.yaml"
    return Document(graph=graph, records=tuple(records))


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randrange(6, 14))]
    return (" ".join(words)).capitalize() + "."


# -- N-Quads -------------------------------------------------------------------------------------

_XSD_STRING = str(XSD.string)


def _nq_term(term: URIRef | Literal) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    lexical = (str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r"))
    if term.language:
        return f'"{lexical}"@{term.language}'
    if term.datatype is not None and str(term.datatype) != _XSD_STRING:
        return f'"{lexical}"^^<{term.datatype}>'
    return f'"{lexical}"'


def document_lines(doc: Document) -> list[str]:
    """Return the N-Quads lines of one document, via mediakg's own record mapping."""
    graph = f"<{doc.graph}>"
    return [f"{_nq_term(s)} {_nq_term(p)} {_nq_term(o)} {graph} .\n"
            for s, p, o in to_triples(doc.records)]


@dataclass(frozen=True)
class Dataset:
    """A generated file and what it holds."""

    path: Path
    quads: int
    documents: int
    seed: int
    target: int
    seconds: float


def write_nquads(path: Path, triples: int, seed: int = 42) -> Dataset:
    """Write documents until at least ``triples`` quads are written (whole documents only)."""
    started = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    written = docs = 0
    # Write to a temporary name and rename, so an interrupted run never leaves a truncated file
    # that a later run would take for a cached one.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            for doc in generate_documents(triples, seed):
                if written >= triples:
                    break
                lines = document_lines(doc)
                out.writelines(lines)
                written += len(lines)
                docs += 1
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    info = Dataset(path, written, docs, seed, triples, time.perf_counter() - started)
    path.with_suffix(".json").write_text(json.dumps({
        "quads": info.quads, "documents": info.documents, "seed": seed, "target": triples,
        "generator_version": GENERATOR_VERSION, "mapping": mapping_fingerprint(),
        "seconds": round(info.seconds, 2),
    }, indent=1) + "\n", encoding="utf-8")
    return info


def mapping_fingerprint() -> str:
    """A hash of the mediakg modules that decide the shape of the triples.

    The cache key includes it, so that a change to the mapping or to IRI minting regenerates
    the corpora instead of benchmarking triples mediakg no longer writes.
    """
    import hashlib

    import mediakg.mapping
    import mediakg.resolve

    digest = hashlib.sha256()
    for module in (mediakg.mapping, mediakg.resolve):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()[:16]


def ensure_dataset(triples: int, seed: int = 42, data_dir: Path = DATA_DIR) -> Dataset:
    """Return the cached file for ``(triples, seed)``, generating it when missing or stale."""
    path = data_dir / f"media-{triples}-s{seed}-v{GENERATOR_VERSION}.nq"
    meta = path.with_suffix(".json")
    if path.is_file() and meta.is_file():
        info = json.loads(meta.read_text(encoding="utf-8"))
        if (info.get("generator_version") == GENERATOR_VERSION
                and info.get("mapping") == mapping_fingerprint()):
            return Dataset(path, info["quads"], info["documents"], seed, triples, info["seconds"])
    return write_nquads(path, triples, seed)


# -- shape check ---------------------------------------------------------------------------------


def check_shape(documents: int = 150, seed: int = 42) -> list[str]:
    """Compare generated N-Quads with what mediakg itself writes for the same records.

    The reference is ``KnowledgeGraph.add_records`` (mediakg's write path for records); the
    candidate is the generated text ingested as an ``.nq`` file (mediakg's RDF path). Each
    document graph must be isomorphic, and every named query must find rows. Returns a list of
    problems, empty when the shapes match.
    """
    from rdflib.compare import isomorphic

    from mediakg import KnowledgeGraph

    problems: list[str] = []
    docs = list(itertools.islice(generate_documents(documents * _TRIPLES_PER_DOC_ESTIMATE, seed),
                                 documents))
    reference = KnowledgeGraph.memory()
    for doc in docs:
        reference.add_records(doc.records, graph=doc.graph)
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample.nq"
        sample.write_text("".join(line for d in docs for line in document_lines(d)),
                          encoding="utf-8")
        candidate = KnowledgeGraph.memory()
        report = candidate.ingest(sample)
        if not report.ok:
            return [f.reason for f in report.failures]
    ref_ds, cand_ds = reference.store.dataset, candidate.store.dataset
    for doc in docs:
        name = URIRef(doc.graph)
        if not isomorphic(ref_ds.graph(name), cand_ds.graph(name)):
            problems.append(f"graph {doc.graph} differs from mediakg's mapping")
    endorsed = candidate.query(
        "PREFIX schema: <http://schema.org/> SELECT ?t (COUNT(*) AS ?n) WHERE "
        "{ ?e a schema:EndorseAction ; schema:object ?t } GROUP BY ?t ORDER BY DESC(?n) ?t LIMIT 1")
    for query in QUERY_NAMES:
        params = {"target": endorsed.iloc[0, 0]} if query == "endorsers_of" else None
        if candidate.query(query, params=params).empty:
            problems.append(f"named query {query!r} finds no rows in the sample")
    return problems


QUERY_NAMES: Sequence[str] = (
    "articles", "people", "organisations", "places", "quotations", "endorsements",
    "affiliations", "citations", "coverage_by_place", "endorsers_of",
)
"""The ten named queries the benchmark runs, in report order."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--triples", type=int, default=10_000, help="target number of quads")
    parser.add_argument("--out", type=Path, help="output .nq file (default: the bench cache)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--check", action="store_true",
                        help="check the generated shape against mediakg's mapping and exit")
    args = parser.parse_args(argv)
    if args.check:
        problems = check_shape(seed=args.seed)
        for problem in problems:
            print(problem, file=sys.stderr)
        print("shape check:", "FAILED" if problems else "ok")
        return 1 if problems else 0
    info = (write_nquads(args.out, args.triples, args.seed) if args.out
            else ensure_dataset(args.triples, args.seed))
    print(f"{info.path}: {info.quads} quads in {info.documents} documents "
          f"({info.seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
