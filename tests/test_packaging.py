"""The installed package: the wheel carries the data folders; import stays light."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_ships_ontology_queries_and_example_graph(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("mediakg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "mediakg/py.typed",
        "mediakg/_data/ontology/mediakg.ttl",
        "mediakg/_data/graph/iwpr-kazakhstan.yaml",
        *(f"mediakg/_data/queries/{p.name}" for p in (ROOT / "queries").glob("*.rq")),
    }
    assert expected <= names, expected - names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "mediakg = mediakg.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


@pytest.mark.slow
def test_import_loads_no_store_parser_or_nlp_module() -> None:
    code = (
        "import sys, mediakg; heavy = {'pyoxigraph', 'SPARQLWrapper', 'spacy', 'pandas', 'yaml', "
        "'oxrdflib', 'trafilatura', 'feedparser', 'owlrl', 'networkx'} & set(sys.modules); "
        "print(sorted(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
