"""Loaders: one module per source format, chosen by file suffix through a small registry.

The registry maps a short key to a ``"module:attr"`` string that is imported on first use, so
``import mediakg`` imports no parser. Add a format with :func:`register_loader`.

Examples
--------
>>> loader_for("news.jsonl").__class__.__name__
'JSONLinesLoader'
>>> loader_for("notes.docx")
Traceback (most recent call last):
...
mediakg.errors.FormatError: notes.docx: unknown format '.docx'; known suffixes: .atom, .csv, \
.htm, .html, .json, .jsonl, .jsonld, .markdown, .md, .ndjson, .nq, .nt, .rss, .trig, .ttl, .txt, \
.xml, .yaml, .yml
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from mediakg.errors import FormatError, SourceNotFoundError, UnknownNameError
from mediakg.loaders.base import Document, Loader, graph_iri_for

__all__ = [
    "LOADERS",
    "SUFFIXES",
    "Document",
    "Loader",
    "graph_iri_for",
    "iter_paths",
    "loader_for",
    "register_loader",
]

LOADERS: dict[str, str] = {
    "jsonl": "mediakg.loaders.records:JSONLinesLoader",
    "csv": "mediakg.loaders.records:CSVLoader",
    "yaml": "mediakg.loaders.records:YAMLLoader",
    "turtle": "mediakg.loaders.rdf:RDFLoader",
    "ntriples": "mediakg.loaders.rdf:RDFLoader",
    "nquads": "mediakg.loaders.rdf:RDFLoader",
    "trig": "mediakg.loaders.rdf:RDFLoader",
    "jsonld": "mediakg.loaders.rdf:RDFLoader",
    "markdown": "mediakg.loaders.markdown:MarkdownLoader",
    "html": "mediakg.loaders.html:HTMLLoader",
    "feed": "mediakg.loaders.feed:FeedLoader",
    "text": "mediakg.loaders.text:TextLoader",
}
"""Loader keys and the ``module:attr`` of the loader class, imported on first use."""

SUFFIXES: dict[str, str] = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".ttl": "turtle",
    ".nt": "ntriples",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".txt": "text",
}
"""File suffixes (lower case) and the loader key that reads them."""


def register_loader(key: str, target: str, *, suffixes: Iterable[str] = ()) -> None:
    """Register a loader class under ``key`` and the file suffixes it reads.

    Parameters
    ----------
    key : str
        Short name of the format, as given to ``--format``.
    target : str
        ``"module:attr"`` of a class following :class:`~mediakg.loaders.base.Loader`.
    suffixes : iterable of str
        File suffixes, with the dot, that select this loader.

    Examples
    --------
    >>> register_loader("markdown-test", "mediakg.loaders.records:YAMLLoader", suffixes=[".mdt"])
    >>> loader_for("a.mdt").__class__.__name__
    'YAMLLoader'
    >>> _ = LOADERS.pop("markdown-test"), SUFFIXES.pop(".mdt")
    """
    LOADERS[key] = target
    for suffix in suffixes:
        SUFFIXES[suffix.lower()] = key


def loader_for(
    path: str | os.PathLike[str], *, format: str | None = None, **options: Any
) -> Loader:
    """Return the loader for ``path``, chosen by ``format`` or else by the file's suffix.

    Raises
    ------
    FormatError
        If the suffix is not registered; the message lists the known suffixes.
    UnknownNameError
        If ``format`` is not a registered loader key; the message lists the known keys.
    """
    if format is None:
        suffix = Path(path).suffix.lower()
        key = _sniff(Path(path), SUFFIXES.get(suffix))
        if key is None:
            known = ", ".join(sorted(SUFFIXES))
            shown = suffix or "(no suffix)"
            raise FormatError(
                f"{os.fspath(path)}: unknown format {shown!r}; known suffixes: {known}"
            )
    else:
        key = format
    if key not in LOADERS:
        raise UnknownNameError(
            f"unknown format {key!r}; known formats: {', '.join(sorted(LOADERS))}"
        )
    module_name, _, attr = LOADERS[key].partition(":")
    cls = getattr(importlib.import_module(module_name), attr)
    loader: Loader = cls(path, format=key, **options)
    return loader


def _sniff(path: Path, key: str | None) -> str | None:
    """Correct the suffix's guess by the content where suffixes are often wrong."""
    if key not in ("text", "feed", "html") or not path.is_file():
        return key
    with path.open("rb") as handle:
        head = handle.read(2048).lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if key != "html" and (b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head):
        return "feed"
    if key == "feed" and not head.startswith(b"<"):
        return "text"
    return key


def iter_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Yield the files named by ``paths``, walking directories recursively in sorted order.

    Inside directories only files with a registered suffix are taken (and hidden files and
    folders are skipped); a file named directly is always yielded, so that an unknown format is
    reported rather than silently ignored.

    Raises
    ------
    SourceNotFoundError
        If a path does not exist.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if child.is_file() and not hidden and child.suffix.lower() in SUFFIXES:
                    yield child
        elif path.exists():
            yield path
        else:
            raise SourceNotFoundError(f"{path}: no such file or directory")
