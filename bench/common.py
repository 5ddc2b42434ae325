"""What every bench script does before and after measuring: its own PostgreSQL database, the machine line."""

import os
import platform
import statistics
import sys
import time


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


# ------------------------------------------------------------------ shared by the bench scripts (after django.setup)


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def copy_rows(model, rows, fields) -> None:
    """COPY rows (tuples in ``fields`` order, already database values) into the model's table. Columns the
    generator does not name and that may not be NULL get their field's default, so that a column added to the
    model later does not break a bench; generated columns are the database's to fill (COPY refuses them)."""
    from django.db import connection
    from django.db.models import GeneratedField, JSONField
    from psycopg.types.json import Jsonb

    table = model._meta.db_table
    named = {model._meta.get_field(f).attname for f in fields}
    extra = [f for f in model._meta.concrete_fields
             if not f.primary_key and f.attname not in named and not f.null and not isinstance(f, GeneratedField)]
    defaults = []
    for f in extra:
        value = f.get_default() if f.has_default() else ("" if f.empty_strings_allowed else None)
        defaults.append(Jsonb(value) if isinstance(f, JSONField) else value)
    columns = [model._meta.get_field(f).column for f in fields] + [f.column for f in extra]
    cols = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([*row, *defaults])


def interleaved_median_ms(fns, repeat: int) -> list[float]:
    """The p50 of each of ``fns``, run in turn ``repeat`` times: on a machine shared with other work a burst of
    load then slows every measure of the round alike instead of whichever happened to run during it."""
    for fn in fns:
        fn()
    times = [[] for _ in fns]
    for _ in range(repeat):
        for fn, bucket in zip(fns, times, strict=True):
            t0 = time.perf_counter()
            fn()
            bucket.append((time.perf_counter() - t0) * 1000)
    return [statistics.median(bucket) for bucket in times]


def deep_page(total: int, page: int = 40) -> int | None:
    """The deep page measured: page 40 when the rows reach past it, else the middle page (None for one page)."""
    pages = -(-total // 50)
    if total > page * 50:
        return page
    return pages // 2 + 1 if pages > 1 else None


def deep_cursor(qs, ordering, page: int) -> str | None:
    """The cursor that opens page ``page`` (the last row of the page before it) in ``ordering``."""
    from fazhi.core.paging import encode_cursor

    names = [o.lstrip("-") for o in ordering]
    row = list(qs.order_by(*ordering).values(*names)[(page - 1) * 50 - 1:(page - 1) * 50])
    return encode_cursor([row[0][name] for name in names]) if row else None


def bench_urls():
    """The bench's URL module: its bare views first, then the project's URLs (the same middleware for both)."""
    import types

    from django.conf import settings
    from django.urls import clear_url_caches, include, path

    module = sys.modules.get("bench_urls")
    if module is None:
        module = types.ModuleType("bench_urls")
        module.urlpatterns = [path("", include(settings.ROOT_URLCONF))]
        sys.modules["bench_urls"] = module
        settings.ROOT_URLCONF = "bench_urls"
    clear_url_caches()
    return module


def bench_user(username: str, agency, scope: str, roles):
    """A bench user of ``agency`` holding ``roles`` with one data scope (created once, reused on a rerun)."""
    from fazhi.core.models import RoleAssignment, User

    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username=username, password="Bench-2026-pass", agency=agency,
                                        full_name=username, region_path=agency.region_path,
                                        must_change_password=False)
    for role in roles:
        RoleAssignment.objects.get_or_create(user=user, role=role, defaults={"scope": scope})
    return user


def install_bare_view(route: str, selector, ordering, columns) -> None:
    """/bench/<route>/: the list's scoped query (``selector(user=…)``) with ``.values()`` of ``columns``, one keyset
    page, as JSON — the bare Django view a list page is compared with, through the same middleware."""
    from django.http import JsonResponse
    from django.urls import clear_url_caches, path

    from fazhi.core.paging import after_condition, decode_cursor

    def bare_view(request):
        qs = selector(user=request.user).order_by(*ordering)
        cursor = request.GET.get("after")
        if cursor:
            qs = qs.filter(after_condition(ordering, decode_cursor(cursor, len(ordering)), qs.model))
        return JsonResponse({"rows": list(qs.values(*columns)[:51])}, json_dumps_params={"default": str})

    bench_urls().urlpatterns.insert(0, path(f"bench/{route}/", bare_view))
    clear_url_caches()
