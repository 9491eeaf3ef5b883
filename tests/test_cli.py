"""The command line as a user meets it: output, one-line errors, exit codes, store untouched."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE
from mediakg import KnowledgeGraph
from mediakg.cli import main


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    assert main(["ingest", str(EXAMPLE), "--store", str(path), "--quiet"]) == 0
    return path


def _snapshot(store: Path) -> str:
    with KnowledgeGraph.open(store, read_only=True) as kg:
        return kg.dump("nquads")


def test_ingest_prints_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(EXAMPLE), "--store", str(tmp_path / "s")]) == 0
    out, err = capsys.readouterr()
    assert "1 documents, 220 quads" in out and "3 endorsements" in out
    assert f"loaded {EXAMPLE}" in err


def test_query_endorsements_as_csv(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["query", "endorsements", "--format", "csv", "--store", str(store)]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["endorserName"] for r in table} == {"Vitaly Ponomarev", "Dmitry Orlov", "Dmitry Tian"}


@pytest.mark.parametrize("fmt", ["table", "json", "tsv"])
def test_query_formats(store: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert (
        main(
            [
                "query",
                "endorsers_of",
                "--param",
                "target=IWPR",
                "--format",
                fmt,
                "--store",
                str(store),
            ]
        )
        == 0
    )
    assert "Dmitry Orlov" in capsys.readouterr().out


def test_default_store_comes_from_the_environment(
    store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MEDIAKG_STORE", str(store))
    capsys.readouterr()
    assert main(["query", "people", "--format", "csv"]) == 0
    assert "Dmitry Tian" in capsys.readouterr().out


def test_list_stats_and_dump(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["query", "--list"]) == 0
    assert "endorsers_of" in capsys.readouterr().out
    assert main(["stats", "--store", str(store)]) == 0
    assert "http://schema.org/Person" in capsys.readouterr().out
    assert main(["stats", "--format", "csv", "--store", str(store)]) == 0
    assert "class,http://schema.org/Person,5" in capsys.readouterr().out
    assert (
        main(["dump", "--format", "turtle", "-o", str(tmp_path / "x.ttl"), "--store", str(store)])
        == 0
    )
    assert (tmp_path / "x.ttl").read_text(encoding="utf-8").startswith("PREFIX")


BAD_INPUTS = [
    ("broken.ttl", r"broken\.ttl:4: malformed turtle"),
    ("broken.jsonl", r"broken\.jsonl:2: malformed JSON"),
    ("broken.csv", r"broken\.csv:3: malformed CSV"),
    ("broken.yaml", r"broken\.yaml:4: malformed YAML"),
    ("broken.jsonld", r"broken\.jsonld:2: malformed JSON-LD"),
    (
        "missing-field.jsonl",
        r"missing-field\.jsonl:2: quotation record: required field 'speaker' is missing",
    ),
    ("notes.docx", r"notes\.docx: unknown format '\.docx'; known suffixes"),
]


@pytest.mark.parametrize(("name", "message"), BAD_INPUTS)
def test_bad_input_is_one_line_and_leaves_the_store_as_it_was(
    store: Path, data_dir: Path, name: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import re

    before = _snapshot(store)
    capsys.readouterr()
    code = main(["ingest", str(data_dir / "bad" / name), "--store", str(store)])
    out, err = capsys.readouterr()
    assert code == 1  # some inputs failed
    lines = err.strip().splitlines()
    assert len(lines) == 1 and re.search(message, lines[0]), err
    assert "0 documents" in out and "1 failed" in out
    assert _snapshot(store) == before


def test_good_files_load_beside_bad_ones(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "s"
    code = main(
        [
            "ingest",
            str(data_dir / "bad" / "broken.ttl"),
            str(data_dir / "formats" / "coverage.yaml"),
            "--store",
            str(store),
        ]
    )
    assert code == 1
    assert "1 documents" in capsys.readouterr().out
    with KnowledgeGraph.open(store, read_only=True) as kg:
        assert len(kg.query("endorsements")) == 2


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["query", "SELECT ?s WHERE { ?s ?p }"], "mediakg: error: SPARQL syntax error"),
        (["query", "peple"], "mediakg: error: unknown query 'peple'; named queries: affiliations"),
        (
            ["query", "endorsers_of"],
            "mediakg: error: query 'endorsers_of' needs parameter 'target'",
        ),
        (
            ["query", "people", "--param", "oops"],
            "mediakg: error: --param takes NAME=VALUE, got 'oops'",
        ),
        (["query", "DROP ALL"], "mediakg: error: query 'query' is a SPARQL Update"),
        (["ingest", "nowhere.yaml"], "mediakg: error: nowhere.yaml: no such file or directory"),
    ],
)
def test_errors_are_one_line_with_exit_code_2_or_1(
    store: Path, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _snapshot(store)
    capsys.readouterr()
    code = main([*argv, "--store", str(store)])
    err = capsys.readouterr().err
    assert code == (1 if argv[0] == "ingest" else 2)
    assert len(err.strip().splitlines()) == 1 and err.startswith(message), err
    assert _snapshot(store) == before


def test_query_on_a_missing_store_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["query", "people", "--store", str(tmp_path / "none")]) == 2
    assert "no store at" in capsys.readouterr().err
    assert not (tmp_path / "none").exists()


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert main(["frobnicate"]) == 2


def test_demo_builds_the_store_and_prints_every_query(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    turtle = tmp_path / "example.ttl"
    assert main(["demo", "--store", str(tmp_path / "s"), "--turtle", str(turtle)]) == 0
    out = capsys.readouterr().out
    for name in ("articles", "people", "endorsements", "endorsers_of", "coverage_by_place"):
        assert f"== mediakg query {name}" in out
    assert turtle.read_text(encoding="utf-8") == (EXAMPLE.parent / "example.ttl").read_text(
        encoding="utf-8"
    )


@pytest.mark.slow
def test_python_dash_m_runs_the_same_cli(store: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mediakg",
            "query",
            "people",
            "--format",
            "csv",
            "--store",
            str(store),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ},
    )
    assert result.returncode == 0, result.stderr
    assert "Vitaly Ponomarev" in result.stdout
