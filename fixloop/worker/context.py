"""Which worker is running the current thread's handler (for traces such as queue probes)."""

import threading

_local = threading.local()


def current_worker_id() -> str:
    return getattr(_local, "worker_id", "")


def set_worker_id(worker_id: str) -> None:
    _local.worker_id = worker_id
