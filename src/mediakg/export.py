"""Write networks for Gephi and friends: GEXF 1.3, GraphML, CSV tables and a PNG preview.

Every writer takes a NetworkX graph whose attribute values are plain ``str``, ``int``,
``float`` or ``bool``, one type per attribute, such as :func:`mediakg.network.to_networkx`
builds; :func:`export_network` builds a network from a knowledge graph and writes it in one go.

* :func:`write_gexf` -- GEXF 1.3 with typed attribute declarations, node labels, ``viz`` colour
  (by class or by Louvain community) and size (by PageRank), positions for small networks, and a
  dynamic mode whose ``start``/``end`` dates drive Gephi's timeline. The same graph always gives
  the same bytes.
* :func:`write_graphml` -- GraphML, through NetworkX.
* :func:`write_csv` -- a node table and an edge table in the layout of Gephi's spreadsheet import
  (``Id``, ``Label``, ... and ``Source``, ``Target``, ``Type``, ``Id``, ``Label``, ``Weight``, ...).
* :func:`write_png` -- a picture of the most central nodes, for a look without Gephi.

Examples
--------
>>> import io, networkx as nx
>>> g = nx.DiGraph()
>>> g.add_node("urn:a", label="Ada", **{"class": "person"}, first_published="2024-05-01")
>>> g.add_node("urn:b", label="Example Post", **{"class": "outlet"})
>>> g.add_edge("urn:a", "urn:b", weight=2, polarity=0.5)
>>> out = io.StringIO()
>>> write_gexf(g, out, dynamic=True)
>>> print(out.getvalue())  # doctest: +ELLIPSIS
<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" ... version="1.3">
...
  <graph defaultedgetype="directed" mode="dynamic" timeformat="date" start="2024-05-01" end="2024-05-01">
    <attributes class="node" mode="static">
      <attribute id="class" title="class" type="string"/>
      <attribute id="first_published" title="first_published" type="string"/>
    </attributes>
    <attributes class="edge" mode="static">
      <attribute id="polarity" title="polarity" type="double"/>
    </attributes>
    <nodes>
      <node id="urn:a" label="Ada" start="2024-05-01" end="2024-05-01">
        <attvalues>
          <attvalue for="class" value="person"/>
          <attvalue for="first_published" value="2024-05-01"/>
        </attvalues>
        <viz:color r="31" g="119" b="180"/>
        <viz:size value="10.0"/>
        <viz:position x="..." y="..."/>
      </node>
...
"""

from __future__ import annotations

import csv
import math
import os
import re
import textwrap
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from mediakg.errors import MediaKGError, UnknownNameError
from mediakg.network import NetworkError

if TYPE_CHECKING:
    import datetime as dt

    import networkx as nx

    from mediakg.kg import KnowledgeGraph

__all__ = [
    "COLOR_BY",
    "EXPORT_FORMATS",
    "ExportError",
    "LAYOUT_LIMIT",
    "PNG_MAX_NODES",
    "csv_paths",
    "export_network",
    "format_for",
    "write_csv",
    "write_gexf",
    "write_graphml",
    "write_network",
    "write_png",
]

EXPORT_FORMATS: dict[str, str] = {
    "gexf": ".gexf",
    "graphml": ".graphml",
    "csv": ".csv",
    "png": ".png",
}
"""Formats the exporters write, with their file suffix."""

COLOR_BY = ("class", "community")
"""Node attributes GEXF and PNG colours can follow."""

LAYOUT_LIMIT = 499
"""Networks up to this many nodes get ``viz:position`` in GEXF, from the PNG's seeded layout."""

PNG_MAX_NODES = 300
"""The PNG preview draws at most this many nodes: the highest PageRank ones."""

GEXF_VERSION = "1.3"

# Colours per class: qualitative, distinguishable, fixed, so that a class keeps its colour
# from one network and one export to the next.
_CLASS_COLORS: dict[str, tuple[int, int, int]] = {
    "person": (31, 119, 180),
    "organisation": (255, 127, 14),
    "outlet": (214, 39, 40),
    "place": (44, 160, 44),
    "topic": (148, 103, 189),
    "series": (140, 86, 75),
    "article": (127, 127, 127),
    "quotation": (227, 119, 194),
    "endorsement": (188, 189, 34),
    "affiliation": (23, 190, 207),
    "role": (174, 199, 232),
}
# Twenty colours for communities (largest first); smaller communities share one grey.
_PALETTE: tuple[tuple[int, int, int], ...] = (
    (31, 119, 180),
    (255, 127, 14),
    (44, 160, 44),
    (214, 39, 40),
    (148, 103, 189),
    (140, 86, 75),
    (227, 119, 194),
    (188, 189, 34),
    (23, 190, 207),
    (174, 199, 232),
    (255, 187, 120),
    (152, 223, 138),
    (255, 152, 150),
    (197, 176, 213),
    (196, 156, 148),
    (247, 182, 210),
    (219, 219, 141),
    (158, 218, 229),
    (57, 59, 121),
    (99, 121, 57),
)
_GREY = (199, 199, 199)

_MIN_SIZE, _MAX_SIZE = 4.0, 40.0

# Attributes written in dedicated places rather than as attvalues.
_NODE_RESERVED = frozenset({"label", "viz"})
_EDGE_RESERVED = frozenset({"label", "weight", "id", "viz"})
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class ExportError(MediaKGError, OSError):
    """An export file cannot be written (missing directory, no permission)."""


# -- helpers shared by the writers ----------------------------------------------------------


def format_for(path: str | os.PathLike[str], format: str | None = None) -> str:
    """Return the export format: ``format`` if given, else the one the path's suffix names.

    Raises
    ------
    UnknownNameError
        If ``format`` is not in :data:`EXPORT_FORMATS`, or the suffix names none of them.

    Examples
    --------
    >>> format_for("out/endorsements.gexf")
    'gexf'
    >>> format_for("out/endorsements", "csv")
    'csv'
    >>> format_for("out/endorsements.svg")
    Traceback (most recent call last):
    ...
    mediakg.errors.UnknownNameError: cannot tell the export format of 'out/endorsements.svg' \
from its suffix; formats: gexf, graphml, csv, png
    """
    known = ", ".join(EXPORT_FORMATS)
    if format is not None:
        if format not in EXPORT_FORMATS:
            raise UnknownNameError(f"unknown export format {format!r}; formats: {known}")
        return format
    suffix = Path(path).suffix.lower()
    for name, ext in EXPORT_FORMATS.items():
        if suffix == ext:
            return name
    raise UnknownNameError(
        f"cannot tell the export format of {os.fspath(path)!r} from its suffix; formats: {known}"
    )


def _gexf_type(key: str, values: Sequence[Any], where: str) -> str:
    kinds = {type(v) for v in values}
    if kinds <= {bool}:
        return "boolean"
    if kinds <= {int}:
        return "integer" if all(-(2**31) <= v < 2**31 for v in values) else "long"
    if kinds <= {int, float}:
        return "double"
    if kinds <= {str}:
        return "string"
    odd = sorted(k.__name__ for k in kinds - {bool, int, float, str})
    if odd:
        raise NetworkError(
            f"{where} attribute {key!r} holds {', '.join(odd)} values; exports need str, int, "
            "float or bool (convert lists and RDF terms to text first)"
        )
    raise NetworkError(
        f"{where} attribute {key!r} mixes {', '.join(sorted(k.__name__ for k in kinds))} values; "
        "exports need one type per attribute"
    )


def _schema(
    items: Iterator[tuple[Any, Mapping[str, Any]]], reserved: frozenset[str], where: str
) -> dict[str, str]:
    """Attribute name -> GEXF type, in order of first appearance."""
    seen: dict[str, list[Any]] = {}
    for _, data in items:
        for key, value in data.items():
            if key in reserved or value is None:
                continue
            seen.setdefault(key, []).append(value)
    return {key: _gexf_type(key, values, where) for key, values in seen.items()}


def _text(value: Any, kind: str) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "double":
        number = float(value)
        if math.isnan(number):
            return "NaN"
        if math.isinf(number):
            return "INF" if number > 0 else "-INF"
        return repr(number)
    return str(value)


_ESCAPES = {
    ord("&"): "&amp;",
    ord("<"): "&lt;",
    ord(">"): "&gt;",
    ord('"'): "&quot;",
    ord("\n"): "&#10;",
    ord("\r"): "&#13;",
    ord("\t"): "&#9;",
}
_NEEDS_ESCAPE = re.compile('[&<>"\n\r\t\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]')


def _esc(value: str) -> str:
    """Escape text for an XML attribute value, dropping characters XML 1.0 cannot hold."""
    if _NEEDS_ESCAPE.search(value) is None:  # the common case, by far
        return value
    return _INVALID_XML.sub("", value).translate(_ESCAPES)


def _colors(g: nx.Graph, color_by: str) -> dict[Any, tuple[int, int, int]]:
    if color_by not in COLOR_BY:
        raise UnknownNameError(
            f"cannot colour by {color_by!r}; choose one of {', '.join(COLOR_BY)}"
        )
    out: dict[Any, tuple[int, int, int]] = {}
    for node, data in g.nodes(data=True):
        if color_by == "community":
            if "community" not in data:
                raise NetworkError(
                    "colouring by community needs the 'community' node attribute: build the "
                    "network with metrics (the default) or call mediakg.network.add_metrics"
                )
            number = int(data["community"])
            out[node] = _PALETTE[number] if 0 <= number < len(_PALETTE) else _GREY
        else:
            out[node] = class_color(str(data.get("class", "")))
    return out


def class_color(name: str) -> tuple[int, int, int]:
    """Return the RGB colour of a node class (fixed for known classes, stable for others).

    Examples
    --------
    >>> class_color("person")
    (31, 119, 180)
    >>> class_color("Ship") == class_color("Ship")
    True
    """
    if name in _CLASS_COLORS:
        return _CLASS_COLORS[name]
    if not name or name in ("resource", "evidence", "selector", "rating", "run"):
        return _GREY
    return _PALETTE[zlib.crc32(name.encode("utf-8")) % len(_PALETTE)]


def _sizes(g: nx.Graph) -> dict[Any, float]:
    ranks = {n: d.get("pagerank") for n, d in g.nodes(data=True)}
    values = [float(v) for v in ranks.values() if isinstance(v, (int, float))]
    if not values:
        return {n: 10.0 for n in g}
    low, high = min(values), max(values)
    span = high - low
    return {
        n: round(
            _MIN_SIZE + (_MAX_SIZE - _MIN_SIZE) * ((float(v) - low) / span if span else 0.25), 3
        )
        if isinstance(v, (int, float))
        else _MIN_SIZE
        for n, v in ranks.items()
    }


def _prepare(path: str | os.PathLike[str]) -> str:
    """Create the file's directory when missing; return the path as a string."""
    target = os.fspath(path)
    try:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc
    return target


@contextmanager
def _opened(
    path: str | os.PathLike[str] | IO[str], newline: str | None = None
) -> Iterator[IO[str]]:
    if not isinstance(path, (str, os.PathLike)):
        yield path
        return
    target = _prepare(path)
    try:
        handle = open(target, "w", encoding="utf-8", newline=newline)  # noqa: SIM115
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc
    with handle:
        yield handle


# -- GEXF ----------------------------------------------------------------------------------------


def write_gexf(
    g: nx.Graph,
    path: str | os.PathLike[str] | IO[str],
    *,
    dynamic: bool = False,
    color_by: str = "class",
    positions: bool | None = None,
    seed: int = 0,
) -> None:
    """Write ``g`` as GEXF 1.3, the format Gephi and Gephi Lite open natively.

    Node and edge attributes are declared with their type (``string``, ``integer``, ``long``,
    ``double``, ``boolean``); the ``label`` attribute becomes the node or edge label and an
    edge's ``weight`` its weight. Nodes get a ``viz`` colour and a size that grows with
    ``pagerank`` (4 to 40) when present. Nodes and edges are written in graph order with edge ids
    counted from 0, so the same graph always gives the same bytes.

    Parameters
    ----------
    g : networkx.Graph
        Any graph with plain attribute values (``Graph``, ``DiGraph`` or their multigraphs).
    path : str, os.PathLike or text file
        Where to write (UTF-8).
    dynamic : bool
        Write a dynamic graph (``mode="dynamic"``, ``timeformat="date"``): a node or edge with
        ``first_published``/``last_published`` exists from the first to the last date, one
        without them at all times. Gephi's timeline then replays the coverage.
    color_by : {"class", "community"}
        Colour nodes by their ``class`` or by their Louvain ``community`` (twenty colours,
        largest community first; the others grey).
    positions : bool, optional
        Write ``viz:position`` from the seeded layout of :func:`write_png`; by default only for
        networks of at most :data:`LAYOUT_LIMIT` nodes (larger ones are laid out in Gephi).
    seed : int
        Seed of that layout.

    Raises
    ------
    NetworkError
        If an attribute holds a value that is not ``str``, ``int``, ``float`` or ``bool``, or
        mixes types; or ``color_by="community"`` without a ``community`` attribute.
    UnknownNameError
        If ``color_by`` is neither ``class`` nor ``community``.
    ExportError
        If the file cannot be written.
    """
    colors = _colors(g, color_by)
    sizes = _sizes(g)
    node_types = _schema(iter(g.nodes(data=True)), _NODE_RESERVED, "node")
    edge_types = _schema(((None, d) for *_, d in g.edges(data=True)), _EDGE_RESERVED, "edge")
    place = positions if positions is not None else g.number_of_nodes() <= LAYOUT_LIMIT
    coords = layout(g, seed=seed, scale=1000.0) if place else {}
    with _opened(path) as out:
        out.writelines(
            _gexf_lines(g, node_types, edge_types, colors, sizes, coords, dynamic=dynamic)
        )


def _gexf_lines(
    g: nx.Graph,
    node_types: dict[str, str],
    edge_types: dict[str, str],
    colors: Mapping[Any, tuple[int, int, int]],
    sizes: Mapping[Any, float],
    coords: Mapping[Any, tuple[float, float]],
    *,
    dynamic: bool,
) -> Iterator[str]:
    from mediakg import __version__

    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield (
        '<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">\n'
    )
    yield "  <meta>\n"
    yield f"    <creator>mediakg {_esc(__version__)}</creator>\n"
    name = g.graph.get("name")
    about = g.graph.get("description")
    if name or about:
        text = f"{name}: {about}" if name and about else str(name or about)
        yield f"    <description>{_esc(text)}</description>\n"
    yield "  </meta>\n"
    kind = "directed" if g.is_directed() else "undirected"
    graph_attrs = f'defaultedgetype="{kind}"'
    if dynamic:
        graph_attrs += ' mode="dynamic" timeformat="date"'
        days = [
            str(d[k])
            for _, d in g.nodes(data=True)
            for k in ("first_published", "last_published")
            if d.get(k)
        ]
        if days:
            graph_attrs += f' start="{_esc(min(days))}" end="{_esc(max(days))}"'
    else:
        graph_attrs += ' mode="static"'
    yield f"  <graph {graph_attrs}>\n"
    for cls, types in (("node", node_types), ("edge", edge_types)):
        if not types:
            continue
        yield f'    <attributes class="{cls}" mode="static">\n'
        for key, kind_ in types.items():
            yield f'      <attribute id="{_esc(key)}" title="{_esc(key)}" type="{kind_}"/>\n'
        yield "    </attributes>\n"

    node_values = _attvalue_writer(node_types, "        ")
    edge_values = _attvalue_writer(edge_types, "        ")
    ids: dict[Any, str] = {}
    yield "    <nodes>\n"
    for node, data in g.nodes(data=True):
        ids[node] = node_id = _esc(str(node))
        label = data.get("label")
        text = node_id if label is None else _esc(str(label))
        r, gr, b = colors[node]
        parts = [
            f'      <node id="{node_id}" label="{text}"{_spell(data, dynamic)}>\n',
            node_values(data),
            f'        <viz:color r="{r}" g="{gr}" b="{b}"/>\n',
            f'        <viz:size value="{sizes[node]!r}"/>\n',
        ]
        if node in coords:
            x, y = coords[node]
            parts.append(f'        <viz:position x="{x!r}" y="{y!r}"/>\n')
        parts.append("      </node>\n")
        yield "".join(parts)
    yield "    </nodes>\n"

    yield "    <edges>\n"
    for number, (u, v, data) in enumerate(g.edges(data=True)):
        head = f'      <edge id="{number}" source="{ids[u]}" target="{ids[v]}"'
        label = data.get("label")
        if label is not None:
            head += f' label="{_esc(str(label))}"'
        weight = data.get("weight")
        if isinstance(weight, (int, float)) and not isinstance(weight, bool):
            head += f' weight="{_text(weight, "double")}"'
        head += _spell(data, dynamic)
        body = edge_values(data)
        yield f"{head}>\n{body}      </edge>\n" if body else f"{head}/>\n"
    yield "    </edges>\n"
    yield "  </graph>\n"
    yield "</gexf>\n"


def _spell(data: Mapping[str, Any], dynamic: bool) -> str:
    if not dynamic:
        return ""
    first, last = data.get("first_published"), data.get("last_published")
    if not first and not last:
        return ""
    start, end = str(first or last), str(last or first)
    return f' start="{_esc(start)}" end="{_esc(end)}"'


def _attvalue_writer(types: Mapping[str, str], indent: str) -> Callable[[Mapping[str, Any]], str]:
    """Return a function writing one element's ``<attvalues>`` block ("" when it has none)."""
    # The 'for' part of each line is escaped once, not once per node.
    heads = [
        (key, kind, f'{indent}  <attvalue for="{_esc(key)}" value="') for key, kind in types.items()
    ]
    open_, close = f"{indent}<attvalues>\n", f"{indent}</attvalues>\n"

    def write(data: Mapping[str, Any]) -> str:
        lines = []
        for key, kind, head in heads:
            value = data.get(key)
            if value is None:
                continue
            text = _esc(value) if kind == "string" else _text(value, kind)
            lines.append(f'{head}{text}"/>\n')
        return f"{open_}{''.join(lines)}{close}" if lines else ""

    return write


# -- GraphML -------------------------------------------------------------------------------------


def write_graphml(g: nx.Graph, path: str | os.PathLike[str]) -> None:
    """Write ``g`` as GraphML (via :func:`networkx.write_graphml`), keys named after attributes.

    Raises
    ------
    NetworkError
        If an attribute holds a value GraphML cannot type (a list, an RDF term, ...).
    ExportError
        If the file cannot be written.

    Examples
    --------
    >>> import networkx as nx, tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "g.graphml"
    >>> write_graphml(nx.Graph([("a", "b")]), path)
    >>> sorted(nx.read_graphml(path).edges())
    [('a', 'b')]
    """
    import networkx as nx

    _schema(iter(g.nodes(data=True)), frozenset(), "node")
    _schema(((None, d) for *_, d in g.edges(data=True)), frozenset(), "edge")
    target = _prepare(path)
    try:
        nx.write_graphml(g, target, named_key_ids=True)
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc
    except nx.NetworkXError as exc:
        raise NetworkError(f"cannot write GraphML: {exc}") from exc


# -- CSV -----------------------------------------------------------------------------------------


def csv_paths(path: str | os.PathLike[str]) -> tuple[Path, Path]:
    """Return the node and edge table paths for ``path`` (a trailing ``.csv`` is dropped).

    Examples
    --------
    >>> [p.name for p in csv_paths("out/endorsements.csv")]
    ['endorsements.nodes.csv', 'endorsements.edges.csv']
    """
    base = Path(path)
    stem = base.name[: -len(".csv")] if base.name.lower().endswith(".csv") else base.name
    return base.with_name(f"{stem}.nodes.csv"), base.with_name(f"{stem}.edges.csv")


def write_csv(
    g: nx.Graph, path: str | os.PathLike[str], *, dynamic: bool = False
) -> tuple[Path, Path]:
    """Write a node table and an edge table that Gephi's spreadsheet import reads as they are.

    The node table has ``Id``, ``Label`` and a column per attribute; the edge table ``Source``,
    ``Target``, ``Type`` (``Directed`` or ``Undirected``), ``Id``, ``Label``, ``Weight`` and a
    column per attribute. With ``dynamic`` both get a ``Time Interval`` column
    (``<[first, last]>``) for Gephi's timeline. Booleans are ``true``/``false``; a missing value
    is an empty cell.

    Parameters
    ----------
    g : networkx.Graph
        Any graph with plain attribute values.
    path : str or os.PathLike
        Base name: ``out/net.csv`` writes ``out/net.nodes.csv`` and ``out/net.edges.csv``.
    dynamic : bool
        Add the ``Time Interval`` columns.

    Returns
    -------
    tuple of pathlib.Path
        The node table and the edge table.

    Raises
    ------
    NetworkError
        If an attribute holds a value that is not ``str``, ``int``, ``float`` or ``bool``.
    ExportError
        If a file cannot be written.

    Examples
    --------
    >>> import networkx as nx, tempfile, pathlib
    >>> g = nx.DiGraph()
    >>> g.add_edge("urn:a", "urn:b", weight=2, label="endorses")
    >>> nodes, edges = write_csv(g, pathlib.Path(tempfile.mkdtemp()) / "net.csv")
    >>> print(edges.read_text(encoding="utf-8"), end="")
    Source,Target,Type,Id,Label,Weight
    urn:a,urn:b,Directed,0,endorses,2
    """
    node_types = _schema(iter(g.nodes(data=True)), _NODE_RESERVED, "node")
    edge_types = _schema(((None, d) for *_, d in g.edges(data=True)), _EDGE_RESERVED, "edge")
    nodes_path, edges_path = csv_paths(path)
    kind = "Directed" if g.is_directed() else "Undirected"

    def cell(data: Mapping[str, Any], key: str, typ: str) -> str:
        value = data.get(key)
        return "" if value is None else _text(value, typ)

    def interval(data: Mapping[str, Any]) -> list[str]:
        if not dynamic:
            return []
        first, last = data.get("first_published"), data.get("last_published")
        if not first and not last:
            return [""]
        return [f"<[{first or last}, {last or first}]>"]

    with _opened(nodes_path, newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["Id", "Label", *node_types, *(["Time Interval"] if dynamic else [])])
        for node, data in g.nodes(data=True):
            label = data.get("label")
            writer.writerow(
                [
                    str(node),
                    str(label if label is not None else node),
                    *(cell(data, k, t) for k, t in node_types.items()),
                    *interval(data),
                ]
            )
    with _opened(edges_path, newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            [
                "Source",
                "Target",
                "Type",
                "Id",
                "Label",
                "Weight",
                *edge_types,
                *(["Time Interval"] if dynamic else []),
            ]
        )
        for number, (u, v, data) in enumerate(g.edges(data=True)):
            weight = data.get("weight")
            writer.writerow(
                [
                    str(u),
                    str(v),
                    kind,
                    str(number),
                    "" if data.get("label") is None else str(data["label"]),
                    ""
                    if weight is None
                    else _text(weight, "integer" if isinstance(weight, int) else "double"),
                    *(cell(data, k, t) for k, t in edge_types.items()),
                    *interval(data),
                ]
            )
    return nodes_path, edges_path


# -- PNG -----------------------------------------------------------------------------------------


def layout(g: nx.Graph, *, seed: int = 0, scale: float = 1.0) -> dict[Any, tuple[float, float]]:
    """Return seeded 2-D positions for up to :data:`LAYOUT_LIMIT` nodes.

    Each connected component gets a force-directed (Fruchterman-Reingold) layout in a square
    whose side grows with the square root of its size; the squares are packed in rows, largest
    first, so that small components sit beside the big one instead of being flung to the
    corners. Coordinates span ``-scale`` to ``scale`` along the wider axis and are rounded to
    1/1000 of ``scale``, so that files holding them are stable.

    Raises
    ------
    NetworkError
        If ``g`` has more than :data:`LAYOUT_LIMIT` nodes (take the top nodes first).

    Examples
    --------
    >>> import networkx as nx
    >>> pos = layout(nx.Graph([(1, 2), (3, 4)]), scale=10)
    >>> max(abs(c) for xy in pos.values() for c in xy) <= 10
    True
    """
    import networkx as nx

    n = g.number_of_nodes()
    if n > LAYOUT_LIMIT:
        raise NetworkError(
            f"a layout is computed here for at most {LAYOUT_LIMIT} nodes, not {n}; lay large "
            "networks out in Gephi, or take the top nodes first"
        )
    if n == 0:
        return {}
    simple = nx.Graph()
    simple.add_nodes_from(g)
    simple.add_edges_from((u, v) for u, v in g.edges() if u != v)
    order = {node: i for i, node in enumerate(g)}
    components = sorted(
        (sorted(c, key=order.__getitem__) for c in nx.connected_components(simple)),
        key=lambda c: (-len(c), order[c[0]]),
    )
    sides = [math.sqrt(len(c)) * 1.3 for c in components]
    width = max(max(sides), math.sqrt(sum(s * s for s in sides)) * 1.25)
    raw: dict[Any, tuple[float, float]] = {}
    x = y = row = 0.0
    for component, side in zip(components, sides, strict=True):
        if x > 0 and x + side > width:
            x, y, row = 0.0, y - row, 0.0
        cx, cy = x + side / 2, y - side / 2
        if len(component) == 1:
            raw[component[0]] = (cx, cy)
        else:
            part = nx.spring_layout(
                _ordered_subgraph(simple, component),
                k=2.0 / math.sqrt(len(component)),
                seed=seed,
                iterations=200,
                scale=side / 2 * 0.8,
            )
            for node in component:
                px, py = part[node]
                raw[node] = (cx + float(px), cy + float(py))
        x += side
        row = max(row, side)
    xs = [p[0] for p in raw.values()]
    ys = [p[1] for p in raw.values()]
    mid_x, mid_y = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    half = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    return {
        node: (
            round((px - mid_x) / half * scale, 3) + 0.0,
            round((py - mid_y) / half * scale, 3) + 0.0,
        )
        for node, (px, py) in ((node, raw[node]) for node in g)
    }


def _ordered_subgraph(g: nx.Graph, nodes: Sequence[Any]) -> nx.Graph:
    """A copy of ``g`` restricted to ``nodes``, in their order.

    networkx's subgraph views may iterate nodes in the order of a set, which changes with
    Python's hash seed; a seeded layout is reproducible only over a fixed order.
    """
    keep = set(nodes)
    sub = g.__class__()
    sub.add_nodes_from((n, g.nodes[n]) for n in nodes)
    if g.is_multigraph():
        sub.add_edges_from(
            (u, v, k, d) for u, v, k, d in g.edges(nodes, keys=True, data=True) if v in keep
        )
    else:
        sub.add_edges_from((u, v, d) for u, v, d in g.edges(nodes, data=True) if v in keep)
    return sub


def write_png(
    g: nx.Graph,
    path: str | os.PathLike[str],
    *,
    color_by: str = "class",
    max_nodes: int = PNG_MAX_NODES,
    labels: int = 20,
    seed: int = 0,
    title: str | None = None,
) -> None:
    """Draw the network's most central nodes to a PNG, for a look without Gephi.

    The ``max_nodes`` nodes with the highest ``pagerank`` (else degree) are drawn with a seeded
    force-directed layout, sized by PageRank and coloured by class or community with a legend;
    the ``labels`` most central carry their label. Edges are drawn with arrows when directed,
    and coloured green or red by the sign of ``polarity`` when they have one. Uses
    matplotlib's Agg renderer directly: the current matplotlib backend is left alone.

    Raises
    ------
    NetworkError
        If ``color_by="community"`` without a ``community`` attribute.
    UnknownNameError
        If ``color_by`` is neither ``class`` nor ``community``.
    ExportError
        If the file cannot be written.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    from mediakg import __version__

    max_nodes = max(1, min(max_nodes, LAYOUT_LIMIT))
    colors = _colors(g, color_by)
    rank = _centrality(g)
    order = {node: i for i, node in enumerate(g)}
    top = sorted(g, key=lambda n: (-rank[n], order[n]))[:max_nodes]
    sub = _ordered_subgraph(g, sorted(top, key=order.__getitem__))
    pos = layout(sub, seed=seed)
    low = min((rank[n] for n in top), default=0.0)
    high = max((rank[n] for n in top), default=0.0)

    def area(node: Any) -> float:
        share = (rank[node] - low) / (high - low) if high > low else 0.3
        return 60.0 + 840.0 * share

    fig = Figure(figsize=(12, 9), dpi=150)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.01, 0.06, 0.98, 0.86))
    ax.set_axis_off()
    edges = list(sub.edges(data=True))
    weights = [float(d.get("weight", 1) or 1) for *_, d in edges]
    top_weight = max(weights, default=1.0)

    def edge_color(d: Mapping[str, Any]) -> tuple[float, float, float, float]:
        polarity = d.get("polarity")
        if isinstance(polarity, (int, float)) and polarity > 0:
            return (0.17, 0.63, 0.17, 0.7)
        if isinstance(polarity, (int, float)) and polarity < 0:
            return (0.84, 0.15, 0.16, 0.8)
        return (0.45, 0.45, 0.45, 0.35)

    widths = [0.6 + 2.4 * (w / top_weight) for w in weights]
    if sub.is_directed():
        for (u, v, d), width in zip(edges, widths, strict=True):
            if u == v:
                continue
            ax.add_patch(
                FancyArrowPatch(
                    pos[u],
                    pos[v],
                    arrowstyle="-|>",
                    mutation_scale=10,
                    linewidth=width,
                    color=edge_color(d),
                    shrinkA=math.sqrt(area(u)) / 2 + 1,
                    shrinkB=math.sqrt(area(v)) / 2 + 2,
                    connectionstyle="arc3,rad=0.08",
                    zorder=1,
                )
            )
    else:
        segments = [(pos[u], pos[v]) for u, v, _ in edges if u != v]
        ax.add_collection(
            LineCollection(
                segments,
                colors=[edge_color(d) for u, v, d in edges if u != v],
                linewidths=[w for (u, v, _), w in zip(edges, widths, strict=True) if u != v],
                zorder=1,
            )
        )
    xs = [pos[n][0] for n in top]
    ys = [pos[n][1] for n in top]
    ax.scatter(
        xs,
        ys,
        s=[area(n) for n in top],
        c=[tuple(c / 255 for c in colors[n]) for n in top],
        edgecolors="white",
        linewidths=0.8,
        zorder=2,
    )
    if xs:
        # Room for the labels of nodes at the edges, and for the legend at the lower left.
        span_x = (max(xs) - min(xs)) or 1.0
        span_y = (max(ys) - min(ys)) or 1.0
        ax.set_xlim(min(xs) - 0.22 * span_x, max(xs) + 0.22 * span_x)
        ax.set_ylim(min(ys) - 0.12 * span_y, max(ys) + 0.12 * span_y)

    _place_labels(fig, ax, g, top, pos, area, labels)

    # Legend: the classes (or the largest communities) among the drawn nodes.
    keys: dict[str, tuple[int, int, int]] = {}
    for node in top:
        data = g.nodes[node]
        if color_by == "community":
            number = int(data["community"])
            key = f"community {number}" if number < len(_PALETTE) else "smaller communities"
        else:
            key = str(data.get("class", "resource"))
        keys.setdefault(key, colors[node])
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=8,
            markerfacecolor=(rgb[0] / 255, rgb[1] / 255, rgb[2] / 255),
            markeredgecolor="white",
            label=key,
        )
        for key, rgb in sorted(keys.items(), key=_legend_order)[:12]
    ]
    if handles:
        ax.legend(handles=handles, loc="lower left", fontsize=8, frameon=False, ncol=1)

    name = g.graph.get("name") or "network"
    n, m = g.number_of_nodes(), g.number_of_edges()
    heading = title or f"{name}: {n:,} nodes, {m:,} edges"
    fig.text(0.01, 0.965, heading, fontsize=14, weight="bold", va="top")
    shown = f"the {len(top):,} nodes with the highest PageRank" if len(top) < n else "all nodes"
    sub_heading = g.graph.get("description") or ""
    fig.text(0.01, 0.925, sub_heading, fontsize=9, color="#444444", va="top")
    fig.text(
        0.01,
        0.015,
        f"Showing {shown}; size: PageRank; colour: {color_by}. Made with mediakg {__version__}.",
        fontsize=8,
        color="#666666",
    )
    target = _prepare(path)
    try:
        fig.savefig(target, format="png", metadata={"Software": None})
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc


def _place_labels(
    fig: Any,
    ax: Any,
    g: nx.Graph,
    top: Sequence[Any],
    pos: Mapping[Any, tuple[float, float]],
    area: Any,
    count: int,
) -> None:
    """Label the most central nodes, above or else below each, skipping labels that would
    overlap one already placed (more central nodes win)."""
    renderer = fig.canvas.get_renderer()
    placed: list[Any] = []
    for node in top:
        if len(placed) >= count:
            break
        text = _wrap(str(g.nodes[node].get("label", node)))
        offset = math.sqrt(area(node)) / 2 + 2
        for dy, va in ((offset, "bottom"), (-offset, "top")):
            label = ax.annotate(
                text,
                pos[node],
                xytext=(0, dy),
                textcoords="offset points",
                ha="center",
                va=va,
                fontsize=8,
                zorder=3,
                bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.8},
            )
            box = label.get_window_extent(renderer).expanded(1.05, 1.1)
            if not any(box.overlaps(other) for other in placed):
                placed.append(box)
                break
            label.remove()


def _wrap(label: str, width: int = 28) -> str:
    """Up to two lines of ``width`` characters, with an ellipsis when cut."""
    lines = textwrap.wrap(label, width) or [label]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), width, placeholder=" …")]
    return "\n".join(lines)


def _legend_order(item: tuple[str, Any]) -> tuple[int, str]:
    key = item[0]
    if key.startswith("community "):
        return (int(key.split()[1]), key)
    return (1000 if key == "smaller communities" else 0, key)


def _centrality(g: nx.Graph) -> dict[Any, float]:
    values = {n: d.get("pagerank") for n, d in g.nodes(data=True)}
    if values and all(isinstance(v, (int, float)) for v in values.values()):
        return {n: float(v) for n, v in values.items() if v is not None}
    from mediakg.network import pagerank

    return pagerank(g)


# -- one call ------------------------------------------------------------------------------------


def write_network(
    g: nx.Graph,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    dynamic: bool = False,
    color_by: str = "class",
    seed: int = 0,
) -> list[Path]:
    """Write ``g`` in a format from :data:`EXPORT_FORMATS` (by default the path's suffix).

    Returns
    -------
    list of pathlib.Path
        The files written (two for ``csv``).

    Raises
    ------
    UnknownNameError
        If the format is unknown or cannot be told from the suffix.
    NetworkError, ExportError
        As the writer for the format raises them.
    """
    fmt = format_for(path, format)
    if fmt == "gexf":
        write_gexf(g, path, dynamic=dynamic, color_by=color_by, seed=seed)
    elif fmt == "graphml":
        write_graphml(g, path)
    elif fmt == "csv":
        return list(write_csv(g, path, dynamic=dynamic))
    else:
        write_png(g, path, color_by=color_by, seed=seed)
    return [Path(path)]


def export_network(
    graph: KnowledgeGraph,
    name: str,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    dynamic: bool = False,
    color_by: str = "class",
    types: Sequence[str] | None = None,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    include_inferred: bool = False,
    metrics: bool = True,
    seed: int = 0,
) -> list[Path]:
    """Build a network from a knowledge graph and write it: what ``mediakg export`` does.

    Parameters are those of :func:`mediakg.network.to_networkx` and :func:`write_network`.
    Without ``metrics`` (faster on very large networks, whose metrics Gephi can compute),
    nodes get a uniform size and colouring by community is not possible.

    Returns
    -------
    list of pathlib.Path
        The files written.

    Raises
    ------
    UnknownNameError
        If the network, a class in ``types`` or the format is unknown.
    NetworkError, ExportError
        If the network cannot be built as asked or the file cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from mediakg import KnowledgeGraph
    >>> from mediakg.records import Endorsement
    >>> kg = KnowledgeGraph.memory()
    >>> _ = kg.add_records([Endorsement(endorser="Jo Bloggs", target="https://news.example/a",
    ...     quote="Solid.", article="https://news.example/b")], graph="urn:example:b")
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "endorsements.gexf"
    >>> [p.name for p in export_network(kg, "endorsements", out)]
    ['endorsements.gexf']
    """
    from mediakg.network import to_networkx

    fmt = format_for(path, format)
    g = to_networkx(
        graph,
        name,
        types=types,
        start=start,
        end=end,
        include_inferred=include_inferred,
        metrics=metrics,
        seed=seed,
    )
    return write_network(g, path, format=fmt, dynamic=dynamic, color_by=color_by, seed=seed)
