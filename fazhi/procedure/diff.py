"""Side-by-side comparison of two text versions, with the changed characters marked."""

import difflib
from dataclasses import dataclass

from django.utils.html import escape


@dataclass
class DiffRow:
    kind: str  # "equal" | "replace" | "delete" | "insert"
    left_no: int | None
    right_no: int | None
    left_html: str
    right_html: str


def _inline(a: str, b: str) -> tuple[str, str]:
    """Mark the characters that differ inside a changed line (Chinese has no word spaces)."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    left, right = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            left.append(escape(a[i1:i2]))
            right.append(escape(b[j1:j2]))
            continue
        if i2 > i1:
            left.append(f"<del>{escape(a[i1:i2])}</del>")
        if j2 > j1:
            right.append(f"<ins>{escape(b[j1:j2])}</ins>")
    return "".join(left), "".join(right)


def side_by_side(old: str, new: str) -> list[DiffRow]:
    a, b = old.splitlines(), new.splitlines()
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                rows.append(DiffRow("equal", i1 + k + 1, j1 + k + 1, escape(a[i1 + k]), escape(b[j1 + k])))
        elif tag == "replace":
            for k in range(max(i2 - i1, j2 - j1)):
                left = a[i1 + k] if i1 + k < i2 else None
                right = b[j1 + k] if j1 + k < j2 else None
                if left is not None and right is not None:
                    lh, rh = _inline(left, right)
                    rows.append(DiffRow("replace", i1 + k + 1, j1 + k + 1, lh, rh))
                elif left is not None:
                    rows.append(DiffRow("delete", i1 + k + 1, None, f"<del>{escape(left)}</del>", ""))
                else:
                    rows.append(DiffRow("insert", None, j1 + k + 1, "", f"<ins>{escape(right)}</ins>"))
        elif tag == "delete":
            for k in range(i2 - i1):
                rows.append(DiffRow("delete", i1 + k + 1, None, f"<del>{escape(a[i1 + k])}</del>", ""))
        else:
            for k in range(j2 - j1):
                rows.append(DiffRow("insert", None, j1 + k + 1, "", f"<ins>{escape(b[j1 + k])}</ins>"))
    return rows


def diff_stats(rows: list[DiffRow]) -> dict:
    return {
        "changed": sum(1 for r in rows if r.kind == "replace"),
        "deleted": sum(1 for r in rows if r.kind == "delete"),
        "inserted": sum(1 for r in rows if r.kind == "insert"),
    }


def _version_number(value, numbers: list[int]) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number in numbers else None


def version_comparison(target, a=None, b=None, only_changes: bool = False) -> dict:
    """The context of a side-by-side page for any two versions of ``target``'s text (``a`` and ``b`` are
    version numbers as given in the query; by default the last two). Shared by every module's diff page."""
    from .services import versions_of

    versions = {v.number: v for v in versions_of(target).select_related("created_by")}
    numbers = sorted(versions)
    b_number = _version_number(b, numbers) or (numbers[-1] if numbers else None)
    a_number = _version_number(a, numbers)
    if a_number is None and len(numbers) > 1:
        older = [n for n in numbers if n < b_number]
        a_number = older[-1] if older else numbers[0]
    old, new = versions.get(a_number), versions.get(b_number)
    rows = side_by_side(old.body, new.body) if old and new else []
    return {
        "versions": [versions[n] for n in numbers], "old": old, "new": new,
        "rows": [r for r in rows if r.kind != "equal"] if only_changes else rows,
        "stats": diff_stats(rows), "only_changes": only_changes,
        "title_changed": bool(old and new and old.title != new.title),
    }
