"""Find the ontology, the named queries and the example data, installed or not.

The folders ``ontology/``, ``queries/`` and ``graph/`` sit at the top of the source tree and are
copied into the wheel under ``mediakg/_data/``. This module is the one place that knows both
layouts, so the rest of the code never guesses a path.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["data_dir", "read_data_graph", "source_root"]

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def source_root() -> Path | None:
    """Return the project's source checkout when running from one, else ``None``.

    Examples
    --------
    >>> root = source_root()
    >>> root is None or (root / "ontology").is_dir()
    True
    """
    candidate = _PACKAGE_DIR.parent.parent
    if (candidate / "pyproject.toml").is_file() and (candidate / "ontology").is_dir():
        return candidate
    return None


def data_dir(name: str) -> Path:
    """Return the folder ``ontology``, ``queries`` or ``graph`` as shipped with this install.

    Parameters
    ----------
    name : str
        One of ``"ontology"``, ``"queries"`` or ``"graph"``.

    Returns
    -------
    pathlib.Path
        The folder in the source checkout when running from one, else inside the wheel.

    Raises
    ------
    FileNotFoundError
        If the folder is in neither place (a broken install).

    Examples
    --------
    >>> (data_dir("queries") / "people.rq").is_file()
    True
    """
    root = source_root()
    candidates = [root / name] if root is not None else []
    candidates.append(_PACKAGE_DIR / "_data" / name)
    for path in candidates:
        if path.is_dir():
            return path
    raise FileNotFoundError(
        f"mediakg data folder {name!r} not found in {', '.join(map(str, candidates))}"
    )


def read_data_graph(
    source: Graph | str | os.PathLike[str] | None, *, default: str, what: str, invalid: str
) -> Graph:
    """Return ``source`` if it is a graph, else parse it, or ``ontology/<default>`` when ``None``.

    ``what`` and ``invalid`` name the file in errors: "cannot read {what}", "not {invalid}".

    Raises
    ------
    ParseError
        If the file cannot be read or is not valid RDF.
    """
    from rdflib import Graph

    from mediakg.errors import ParseError

    if isinstance(source, Graph):
        return source
    path = os.fspath(source) if source is not None else str(data_dir("ontology") / default)
    graph = Graph()
    try:
        graph.parse(path, format="turtle" if path.endswith(".ttl") else None)
    except OSError as exc:
        raise ParseError(f"{path}: cannot read {what}: {exc.strerror or exc}") from exc
    except Exception as exc:  # rdflib raises several unrelated types for bad RDF
        raise ParseError(f"{path}: not {invalid}: {exc}") from exc
    return graph
