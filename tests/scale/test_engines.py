"""The engines (local, a pool of processes, a Dask LocalCluster) give the same store, byte for byte
in the export, and a worker that dies costs its own batch only."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dipwatch.engines import LocalEngine, ProcessEngine, WorkerCrashed, open_engine
from dipwatch.pipeline import ingest_paths
from dipwatch.store import Store

from .conftest import SAMPLE, export_of


def _ingest_on(engine_name: str, db: Path) -> tuple[str, Store]:
    store = Store.open(db)
    with open_engine(engine_name, workers=2) as engine:
        report = ingest_sources_in_small_batches(store, engine)
    assert report.workers == 2
    assert report.count("new") == 16 and not report.failed
    return export_of(store), store


def ingest_sources_in_small_batches(store: Store, engine):  # noqa: ANN001, ANN201
    # batches of 2: eight batches, so results must come back in order across batches
    from dipwatch.ingest import iter_sources
    from dipwatch.pipeline import ingest_sources

    return ingest_sources(iter_sources([SAMPLE]), store, engine=engine, batch_size=2)


def test_a_pool_of_processes_gives_the_same_export(reference_export: str, tmp_path: Path) -> None:
    exported, store = _ingest_on("processes", tmp_path / "pool.db")
    assert exported == reference_export
    # workers skip what the store already has, before any NLP
    with open_engine("processes", workers=2) as engine:
        again = ingest_paths([SAMPLE], store, engine=engine)
    assert again.count("known") == 16 and again.parsed_sentences == 0


def test_a_dask_cluster_gives_the_same_export(reference_export: str, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    exported, _ = _ingest_on("dask", tmp_path / "dask.db")
    assert exported == reference_export


def _square_or_die(value: int) -> int:
    if value == 3:
        os._exit(9)  # a worker killed mid-batch (out of memory, a crash in native code)
    return value * value


def test_a_dead_worker_costs_only_its_batch() -> None:
    with ProcessEngine(2) as engine:
        results = list(engine.map(_square_or_die, range(8)))
    assert [r for r in results if not isinstance(r, WorkerCrashed)] == [0, 1, 4, 16, 25, 36, 49]
    assert isinstance(results[3], WorkerCrashed)


def test_small_inputs_stay_in_this_process() -> None:
    assert isinstance(open_engine("processes", documents=5), LocalEngine)
    assert isinstance(open_engine("processes", workers=2, documents=5), ProcessEngine)
    assert isinstance(open_engine("local", workers=4), LocalEngine)


def test_the_same_text_twice_in_one_batch_is_stored_once(tmp_path: Path) -> None:
    """Neither copy is in the store when the batch is read; the insert of the second finds the first."""
    text = (SAMPLE / "01_russia-recognises.txt").read_text(encoding="utf-8")
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(text, encoding="utf-8")
    store = Store.open(tmp_path / "twice.db")
    outcomes = []
    report = ingest_paths([tmp_path / "a.txt", tmp_path / "b.txt"], store, engine=LocalEngine(),
                          on_file=outcomes.append)
    assert [(Path(o.path).name, o.outcome) for o in outcomes] == [("a.txt", "new"), ("b.txt", "known")]
    assert report.count("new") == 1 and store.counts()["documents"] == 1
    assert outcomes[1].events == 0 and store.counts()["events"] == outcomes[0].events > 0
