"""What every bench script does before and after measuring: its own PostgreSQL database, the machine line."""

import os
import platform


def ensure_database() -> None:
    """Create the database named in DATABASE_URL if it does not exist (before Django connects to it)."""
    from urllib.parse import urlparse

    import psycopg

    url = urlparse(os.environ["DATABASE_URL"])
    name = url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _proc_line(path: str, key: str) -> str:
    try:
        with open(path) as fh:
            return next(line.split(":", 1)[1].strip() for line in fh if line.startswith(key))
    except (OSError, StopIteration):
        return ""


def machine() -> str:
    """One line naming the machine and the database server, printed beside every result."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    memory = _proc_line("/proc/meminfo", "MemTotal")
    return (f"{platform.node()} · {os.cpu_count()} cores ({_proc_line('/proc/cpuinfo', 'model name')})"
            + (f" · {memory}" if memory else "")
            + f" · Python {platform.python_version()} · PostgreSQL {pg}")
