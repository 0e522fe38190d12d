"""authadvisor.forkpool, the one way lint and docs use every core: how many workers, results in chunk
order whatever the number of workers, the job inherited (never pickled), one process without fork."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from authadvisor import forkpool


@pytest.fixture(autouse=True)
def no_jobs_env(monkeypatch):
    monkeypatch.delenv("AUTHADVISOR_JOBS", raising=False)


def test_few_items_run_in_one_process() -> None:
    assert forkpool.workers(None, forkpool.PARALLEL_MIN - 1) == 1


def test_many_items_use_every_core() -> None:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert forkpool.workers(None, forkpool.PARALLEL_MIN) == cores


def test_the_environment_and_the_caller_set_the_number(monkeypatch) -> None:
    monkeypatch.setenv("AUTHADVISOR_JOBS", "3")
    assert forkpool.workers(None, 5) == 3
    assert forkpool.workers(2, 5) == 2, "an explicit number wins over AUTHADVISOR_JOBS"
    for junk in ("0", "-1", "two", ""):
        monkeypatch.setenv("AUTHADVISOR_JOBS", junk)
        assert forkpool.workers(None, 5) == 1


def test_without_fork_one_process_does_it_all(monkeypatch) -> None:
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert forkpool.workers(4, 1000) == 1


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_results_come_back_in_chunk_order(jobs: int) -> None:
    chunks = [list(range(i, i + 7)) for i in range(0, 140, 7)]
    assert list(forkpool.fork_map(sum, chunks, jobs)) == [sum(c) for c in chunks]


def test_the_job_is_inherited_not_pickled() -> None:
    inherited = {"offset": 1000, "lock": multiprocessing.Lock()}  # a lock cannot be pickled

    def job(chunk):
        return [x + inherited["offset"] for x in chunk], os.getpid()

    out = list(forkpool.fork_map(job, [[1, 2], [3], [4, 5]], 2))
    assert [r for r, _pid in out] == [[1001, 1002], [1003], [1004, 1005]]
    assert all(pid != os.getpid() for _r, pid in out), "the chunks did not run in workers"
    assert forkpool._JOB is None, "the job outlived the pool"
