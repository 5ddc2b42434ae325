"""A small cache in each worker's memory, with expiry, for what every list page asks for again.

The project's cache is the database (settings.CACHES): a hit there is still a round trip, and a page that asks
it twice pays two. What a page may show a few minutes late (a filter dropdown's choices, the rendered filter bar
built from them) is kept here instead, in front of the database cache. Each worker keeps its own copy, so the
lag is bounded by the expiry, not by an invalidation reaching every worker; ``clear_all()`` (run when agencies or
roles change, and between tests) empties this worker's copies at once.
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

_CACHES: list["LocalCache"] = []


class LocalCache:
    """Up to ``max_entries`` values, each kept for the seconds given when it was stored; least recently used
    entries go first. Safe to share between a worker's threads."""

    def __init__(self, name: str, max_entries: int = 512):
        self.name = name
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()
        _CACHES.append(self)

    def get_or_set(self, key: Hashable, compute: Callable[[], object], seconds: float):
        now = time.monotonic()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] > now:
                self._entries.move_to_end(key)
                return entry[1]
        value = compute()  # outside the lock: a slow computation does not hold up other threads' hits
        with self._lock:
            self._entries[key] = (now + seconds, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


def clear_all(**_signal_kwargs) -> None:
    """Empty every local cache of this worker (also usable as a signal receiver)."""
    for cache in _CACHES:
        cache.clear()
