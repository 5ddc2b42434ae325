"""A django-q worker never outlives its cluster (issue 7 §5).

django-q runs ``manage.py qcluster`` → sentinel → workers. If the sentinel or the qcluster process is
killed (``kill -9``, an OOM kill), its workers would be re-parented to init and keep taking jobs beside a
new cluster. Each worker therefore asks the kernel to kill it when its parent dies (PR_SET_PDEATHSIG) and
watches the qcluster process too; when either is gone the worker exits at once.
"""

import ctypes
import logging
import os
import signal
import threading
import time

logger = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1
POLL_SECONDS = 1.0


def _parent_of(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            # pid (comm) state ppid …: comm may contain spaces, so split after the last ")".
            return int(handle.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def guard_this_worker(**kwargs) -> None:
    """post_spawn receiver: runs inside each freshly spawned worker process."""
    sentinel = os.getppid()
    cluster = _parent_of(sentinel)
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except OSError:  # not Linux: the watcher below still applies
        pass
    if os.getppid() != sentinel:  # the parent died before prctl took effect
        os._exit(1)

    def watch():
        while True:
            time.sleep(POLL_SECONDS)
            if os.getppid() != sentinel or (cluster and cluster > 1 and not _alive(cluster)):
                logger.error("django-q worker %s: its cluster is gone, exiting", os.getpid())
                os._exit(1)

    threading.Thread(target=watch, name="fazhi-worker-guard", daemon=True).start()


def connect() -> None:
    from django_q.signals import post_spawn

    post_spawn.connect(guard_this_worker, dispatch_uid="fazhi-worker-guard")
