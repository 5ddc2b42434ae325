"""Issue 7 §5: a django-q worker whose parent is killed does not stay behind taking jobs."""

import os
import signal
import subprocess
import sys
import time

from fazhi.core import worker_guard

SCRIPT = r"""
import multiprocessing, os, sys, time
sys.path.insert(0, os.getcwd())
from fazhi.core.worker_guard import guard_this_worker

def worker():
    guard_this_worker()
    time.sleep(60)

if __name__ == "__main__":
    p = multiprocessing.Process(target=worker)
    p.start()
    print(p.pid, flush=True)
    time.sleep(60)
"""


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers kill 0; it takes no jobs.
    with open(f"/proc/{pid}/stat") as handle:
        return handle.read().rsplit(")", 1)[1].split()[0] != "Z"


def test_the_worker_exits_when_its_parent_is_killed():
    parent = subprocess.Popen([sys.executable, "-c", SCRIPT], stdout=subprocess.PIPE, text=True)
    try:
        worker_pid = int(parent.stdout.readline())
        time.sleep(0.5)
        assert _alive(worker_pid)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 5
        while _alive(worker_pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(worker_pid)
    finally:
        if parent.poll() is None:
            parent.kill()


def test_the_parent_of_a_process_is_read_from_proc():
    assert worker_guard._parent_of(os.getpid()) == os.getppid()
    assert worker_guard._parent_of(999999999) is None


def test_the_guard_is_connected_to_django_q():
    from django_q.signals import post_spawn

    assert any("fazhi-worker-guard" in str(receiver[0]) for receiver in post_spawn.receivers)
