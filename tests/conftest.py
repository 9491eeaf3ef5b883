"""Shared fixtures: the project's example graph, the test fixtures, fresh stores."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mediakg import KnowledgeGraph

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
EXAMPLE = ROOT / "graph" / "iwpr-kazakhstan.yaml"


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture(params=["oxigraph", "memory"])
def kg(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[KnowledgeGraph]:
    """An empty graph, once on each store kind."""
    graph = (
        KnowledgeGraph.open(tmp_path / "store")
        if request.param == "oxigraph"
        else KnowledgeGraph.memory()
    )
    yield graph
    graph.close()


@pytest.fixture(params=["oxigraph", "memory"])
def example_kg(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[KnowledgeGraph]:
    """The example graph, once on each store kind."""
    graph = (
        KnowledgeGraph.open(tmp_path / "store")
        if request.param == "oxigraph"
        else KnowledgeGraph.memory()
    )
    report = graph.ingest(EXAMPLE)
    assert report.ok, report.failures
    yield graph
    graph.close()


def rows(frame: object, *columns: str) -> set[tuple[object, ...]]:
    """The rows of a DataFrame as a set of tuples over the given columns."""
    import pandas as pd

    assert isinstance(frame, pd.DataFrame)
    sub = frame[list(columns)].astype(object).where(frame[list(columns)].notna(), None)
    return {tuple(r) for r in sub.itertuples(index=False, name=None)}
