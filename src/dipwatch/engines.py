"""Where the per-document work runs: this process, a pool of local processes, or a Dask cluster.

An engine maps a function over batches of work items and yields the results **in input order**,
with a bounded number of batches in flight, so memory stays flat however long the input is and
a run gives the same store (same ids, same export) whichever engine ran it.

    engine = open_engine("processes", workers=4)      # or "local", or "dask" (scheduler=ADDRESS)
    with engine:
        for result in engine.map(function, batches):  # results in the order of `batches`
            ...
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol, TypeVar

from .errors import InputError

__all__ = ["ENGINES", "POOL_WORTH", "Engine", "WorkerCrashed", "available_cores", "open_engine"]

T = TypeVar("T")
R = TypeVar("R")
ENGINES = ("local", "processes", "dask")


class WorkerCrashed(Exception):
    """A worker process died (killed, out of memory, a crash in native code) running a batch."""


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Engine(Protocol):
    workers: int

    def map(self, function: Callable[[T], R], items: Iterable[T]) -> Iterator[R | WorkerCrashed]: ...

    def __enter__(self) -> Engine: ...

    def __exit__(self, *exc: object) -> None: ...


class LocalEngine:
    """This process, one item after another."""

    workers = 1

    def map(self, function: Callable[[T], R], items: Iterable[T]) -> Iterator[R | WorkerCrashed]:
        return map(function, items)

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def _die_with_parent() -> None:
    """A worker ends when the process that started it is killed (SIGKILL leaves no time to tell
    it): Linux's PR_SET_PDEATHSIG; elsewhere the pool's own shutdown is all there is."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG = 1
        if os.getppid() == 1:  # the parent died before the call
            os._exit(1)
    except (OSError, AttributeError):
        pass


def _ordered(submit: Callable[[T], Any], items: Iterable[T], window: int,
             result: Callable[[Any], R]) -> Iterator[R]:
    pending: deque[Any] = deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


class ProcessEngine:
    """A pool of worker processes on this machine (spawned: each loads the model once).

    A worker that dies takes its batch with it (reported as WorkerCrashed, in its place in the
    order); the pool is replaced and the batches after it run as usual.
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_die_with_parent)
        return self._pool

    def map(self, function: Callable[[T], R], items: Iterable[T]) -> Iterator[R | WorkerCrashed]:
        def submit(item: T) -> tuple[T, Future[R] | None]:
            try:
                return item, self._executor().submit(function, item)
            except BrokenProcessPool:
                return item, None  # the pool broke under a batch before: this one runs on the next pool

        def result(entry: tuple[T, Future[R] | None]) -> R | WorkerCrashed:
            item, future = entry
            try:
                if future is None:
                    raise BrokenProcessPool("the pool broke before this batch was sent")
                return future.result()
            except BrokenProcessPool as exc:
                # every batch in flight failed with the pool; only the first is the culprit's
                self._discard_pool()
                retried = self._executor().submit(function, item)
                try:
                    return retried.result()
                except BrokenProcessPool:
                    self._discard_pool()
                    return WorkerCrashed(f"a worker process died on this batch ({exc})")

        return _ordered(submit, items, 2 * self.workers, result)

    def __enter__(self) -> ProcessEngine:
        return self

    def _discard_pool(self, wait: bool = False) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=True)
            self._pool = None

    def __exit__(self, *exc: object) -> None:
        self._discard_pool(wait=True)


class DaskEngine:
    """A Dask distributed cluster: the scheduler at `scheduler`, or a LocalCluster of `workers`
    single-threaded worker processes on 127.0.0.1 when no address is given."""

    def __init__(self, scheduler: str | None, workers: int) -> None:
        try:
            from distributed import Client, KilledWorker, LocalCluster
        except ImportError as exc:
            raise InputError("--engine dask needs Dask: pip install 'dipwatch[cluster]'") from exc
        self._killed = KilledWorker
        self._cluster = None
        if scheduler:
            self._client = Client(scheduler, timeout=30)
        else:
            self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                         dashboard_address=None, host="127.0.0.1")
            self._client = Client(self._cluster)
        self.workers = max(1, len(self._client.scheduler_info().get("workers", {})) or workers)

    def map(self, function: Callable[[T], R], items: Iterable[T]) -> Iterator[R | WorkerCrashed]:
        counter = iter(range(1 << 62))

        def submit(item: T) -> Any:  # pure=False: two equal batches are two tasks
            return self._client.submit(function, item, pure=False, key=f"dipwatch-batch-{next(counter)}")

        def result(future: Any) -> R | WorkerCrashed:
            try:
                return future.result()
            except self._killed as exc:
                return WorkerCrashed(f"a Dask worker died on this batch ({exc})")
            finally:
                future.release()

        return _ordered(submit, items, 2 * self.workers, result)

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


# With the default worker count, fewer documents than this are read in this process: each
# worker process spends seconds loading the model, more than a few documents take.
POOL_WORTH = 40


def open_engine(name: str = "local", *, workers: int | None = None, scheduler: str | None = None,
                documents: int | None = None) -> Engine:
    """`local` (this process), `processes` (a local pool, `workers` defaults to every core, or to
    this process alone for fewer than POOL_WORTH `documents`) or `dask` (a cluster at
    `scheduler`, which implies it, else a LocalCluster of `workers`)."""
    count = workers or available_cores()
    if scheduler:
        name = "dask"
    if name == "processes" and workers is None and documents is not None and documents < POOL_WORTH:
        name = "local"
    if name == "local":
        return LocalEngine()
    if name == "processes":
        return ProcessEngine(count) if count > 1 else LocalEngine()
    if name == "dask":
        return DaskEngine(scheduler, count)
    raise InputError(f"--engine must be one of {', '.join(ENGINES)}, not {name!r}")
