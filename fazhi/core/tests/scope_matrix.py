"""One helper for every module's scope and permission matrix through the API.

A module's matrix test names, for each of its resources, a ``Route`` (list and detail URL names, the key
of a list row, the detail URL's kwarg), three tracked rows of that resource (one in 兴义市, one in 安龙县,
one at the prefecture — label → key) and, for every role it tests, which labels that role must see or
``DENIED``. ``problems`` then checks the list (exactly those rows among the tracked ones, nothing from
outside the role's scope) and every detail URL (200 for a row in scope, 404 outside, 403 without the
permission) and returns what is wrong, so that one assertion reports every cell of the row at once.
"""

from dataclasses import dataclass, field

from django.urls import reverse

X, A, Z = "兴义市", "安龙县", "州"
ALL = frozenset({X, A, Z})
NONE: frozenset = frozenset()
DENIED = "403"


@dataclass(frozen=True)
class Route:
    list_name: str  # "api:core-region-list"
    detail_name: str  # "api:core-region-detail"
    key_field: str = "id"  # the key of a row in the list's results
    kwarg: str = "pk"  # the detail URL's keyword argument
    filters: dict = field(default_factory=dict)  # narrows the list to the tracked rows' kind


def problems(client, route: Route, rows: dict[str, str], expected) -> list[str]:
    """What the API answers wrongly for this user on this resource (empty when the cell is right)."""
    out = []
    listing = client.get(reverse(route.list_name), {"page_size": 200, **route.filters})
    if expected == DENIED:
        if listing.status_code != 403:
            out.append(f"list: {listing.status_code}, expected 403")
    elif listing.status_code != 200:
        out.append(f"list: {listing.status_code}, expected 200")
    else:
        body = listing.json()
        results = body["results"] if isinstance(body, dict) else body
        keys = {str(row[route.key_field]) for row in results}
        seen = {label for label, key in rows.items() if str(key) in keys}
        if seen != set(expected):
            out.append(f"list shows {sorted(seen)}, expected {sorted(expected)}")
    for label, key in rows.items():
        detail = client.get(reverse(route.detail_name, kwargs={route.kwarg: key}))
        want = 403 if expected == DENIED else (200 if label in expected else 404)
        if detail.status_code != want:
            out.append(f"detail of the {label} row: {detail.status_code}, expected {want}")
    return out


def cases(expected: dict[str, tuple], resources: list[str]) -> list[tuple[str, str]]:
    """(role, resource) pairs for ``pytest.mark.parametrize`` from a table role → one cell per resource."""
    return [(role, resource) for role in expected for resource in resources]


@dataclass(frozen=True)
class Matrix:
    """A module's whole table: ``expected`` role → one cell per resource (in ``resources`` order), ``routes``
    resource → Route. A test module parametrizes over ``cases`` and asserts ``cell_problems`` is empty."""

    resources: list
    expected: dict
    routes: dict

    @property
    def cases(self) -> list[tuple[str, str]]:
        return cases(self.expected, self.resources)

    @property
    def ids(self) -> list[str]:
        return [f"{role}-{resource}" for role, resource in self.cases]

    def cell_problems(self, people, tracked: dict, role: str, resource: str) -> list[str]:
        from fazhi.core.tests.api_support import client_for

        expected = self.expected[role][self.resources.index(resource)]
        return problems(client_for(getattr(people, role)), self.routes[resource], tracked[resource], expected)

    def tests(self):
        """The two tests of a module's matrix, to be bound to module-level ``test_…`` names: every (role,
        resource) cell as its own case, and the table covering exactly the roles of the people fixture."""
        import pytest

        matrix = self

        @pytest.mark.parametrize(("role", "resource"), matrix.cases, ids=matrix.ids)
        def each_cell(people, tracked, role, resource):
            assert matrix.cell_problems(people, tracked, role, resource) == []

        def every_role(people):
            assert matrix.uncovered_roles(people) == set()

        return each_cell, every_role

    def uncovered_roles(self, people) -> set[str]:
        """Roles of the ``people`` fixture the table forgets, and rows of the table for roles it does not have."""
        from dataclasses import fields

        return set(self.expected) ^ {f.name for f in fields(people)}
