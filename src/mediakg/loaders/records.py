"""Record files: JSON Lines, CSV and YAML lists of typed records.

Each file is one document. Every record names its type in a ``type`` field; a CSV file without a
``type`` column, or a YAML section, may take it from the file name (``people.csv``) or the section
name (``people:``). Errors name the file and the line of the offending record.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mediakg.errors import ParseError, RecordError
from mediakg.loaders.base import Document, graph_iri_for
from mediakg.records import Record, canonical_type, record_from_mapping

__all__ = ["CSVLoader", "JSONLinesLoader", "YAMLLoader"]


class _RecordFileLoader:
    """Shared by the three record formats: read all, check all, then yield one document."""

    def __init__(self, path: str | os.PathLike[str], *, format: str, **options: Any) -> None:
        self.path = Path(path)
        self.format = format

    def iter_documents(self) -> Iterator[Document]:
        """Yield the file as one document, after every record in it has been checked.

        Raises
        ------
        ParseError
            If the file is not well-formed; the message names the file and line.
        RecordError
            If a record is invalid; the message names the file, line and field.
        """
        records = tuple(self._iter_records())
        yield Document(
            source=str(self.path),
            graph=graph_iri_for(self.path),
            format=self.format,
            records=records,
        )

    def _iter_records(self) -> Iterator[Record]:
        raise NotImplementedError

    def _read_text(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ParseError(
                f"{self.path}: not UTF-8 text ({exc.reason} at byte {exc.start})"
            ) from exc
        except OSError as exc:
            raise ParseError(f"{self.path}: cannot read: {exc.strerror}") from exc

    def _default_type(self) -> str | None:
        return canonical_type(self.path.stem)


class JSONLinesLoader(_RecordFileLoader):
    """JSON Lines: one JSON object per line, blank lines allowed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "news.jsonl"
    >>> _ = path.write_text('{"type": "person", "name": "Ada Example"}\\n')
    >>> [d.records for d in JSONLinesLoader(path, format="jsonl").iter_documents()]
    [(Person(name='Ada Example', aliases=(), description=None),)]
    """

    def _iter_records(self) -> Iterator[Record]:
        for number, line in enumerate(self._read_text().splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{self.path}:{number}"
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ParseError(
                    f"{where}: malformed JSON: {exc.msg} at column {exc.colno}"
                ) from exc
            if not isinstance(data, dict):
                raise RecordError(f"{where}: expected a JSON object, got {type(data).__name__}")
            yield record_from_mapping(data, record_type=self._default_type(), where=where)


class CSVLoader(_RecordFileLoader):
    """CSV with a header row; list fields separated by ``|``; ``evidence.start`` style columns.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "places.csv"
    >>> _ = path.write_text("name,latitude,longitude\\nTestville,47.1,51.9\\n")
    >>> [d.records[0].latitude for d in CSVLoader(path, format="csv").iter_documents()]
    [47.1]
    """

    def _iter_records(self) -> Iterator[Record]:
        text = self._read_text()
        reader = csv.DictReader(text.splitlines(keepends=True), strict=True)
        while True:
            start = reader.line_num + 1  # a quoted field may run over lines: report its start
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise ParseError(f"{self.path}:{start}: malformed CSV: {exc}") from exc
            where = f"{self.path}:{start}"
            if None in row:
                columns = len(reader.fieldnames or [])
                raise ParseError(f"{where}: more values than the {columns} header columns")
            yield record_from_mapping(_nest(row), record_type=self._default_type(), where=where)


class YAMLLoader(_RecordFileLoader):
    """YAML: a list of records, or a mapping from type sections (``people:``) to lists.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "seed.yaml"
    >>> _ = path.write_text("people:\\n  - name: Ada Example\\n")
    >>> [d.records[0].name for d in YAMLLoader(path, format="yaml").iter_documents()]
    ['Ada Example']
    """

    def _iter_records(self) -> Iterator[Record]:
        import yaml

        try:
            data = yaml.load(self._read_text(), Loader=_line_loader())  # noqa: S506 - safe loader
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f":{mark.line + 1}" if mark is not None else ""
            problem = getattr(exc, "problem", None) or str(exc)
            raise ParseError(f"{self.path}{line}: malformed YAML: {problem}") from exc
        if data is None:
            return
        if isinstance(data, dict):
            data.pop("__line__", None)
            for section, items in data.items():
                record_type = canonical_type(str(section))
                if record_type is None:
                    raise RecordError(
                        f"{self.path}: unknown section {section!r}; sections are record types "
                        "such as people, articles, endorsements"
                    )
                yield from self._items(items, record_type, section=str(section))
        elif isinstance(data, list):
            yield from self._items(data, self._default_type(), section=None)
        else:
            raise RecordError(
                f"{self.path}: expected a list of records or a mapping of sections, "
                f"got {type(data).__name__}"
            )

    def _items(
        self, items: Any, record_type: str | None, *, section: str | None
    ) -> Iterator[Record]:
        if not isinstance(items, list):
            raise RecordError(f"{self.path}: section {section!r} must be a list of records")
        for item in items:
            if not isinstance(item, dict):
                raise RecordError(f"{self.path}: expected a record (a mapping), got {item!r}")
            where = f"{self.path}:{item.pop('__line__', '?')}"
            yield record_from_mapping(item, record_type=record_type, where=where)


def _nest(row: dict[str, Any]) -> dict[str, Any]:
    """Turn ``evidence.start``-style column names into nested mappings."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        head, dot, tail = key.strip().partition(".")
        if dot and value not in (None, ""):
            out.setdefault(head, {})[tail] = value
        elif not dot:
            out[head] = value
    return out


def _line_loader() -> type:
    """A safe YAML loader that records each mapping's line as ``__line__``."""
    import yaml

    class LineLoader(yaml.SafeLoader):
        pass

    def construct(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
        mapping = loader.construct_mapping(node, deep=True)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping

    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct)
    return LineLoader
