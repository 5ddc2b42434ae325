"""A state badge built as text: a list page shows fifty of them, and a template include per badge costs more
than the row it sits in. The labels are read from the choices once (``get_FOO_display()`` flattens the choices
on every call)."""

from html import escape  # what django.utils.html.escape does, without its lazy-string wrapper (per call)

from django.utils.safestring import SafeString, mark_safe


class Badges:
    """``html(value)``: ``<span class="badge …" data-<attr>="value">label</span>``, the class by value (``other``
    for a value without its own), the label from ``labels`` (``missing`` for a value without one)."""

    def __init__(self, labels, classes: dict, *, other: str, attr: str = "state", missing: str | None = None):
        self.labels = {value: str(label) for value, label in (labels.items() if isinstance(labels, dict) else labels)}
        self.classes, self.other, self.attr, self.missing = classes, other, attr, missing

    def html(self, value) -> str:
        label = self.labels.get(value, self.missing if self.missing is not None else value)
        return (f'<span class="badge {self.classes.get(value, self.other)}" data-{self.attr}="{escape(value or "")}">'
                f"{escape(label)}</span>")

    def safe(self, value) -> SafeString:
        """``html(value)`` marked safe, for a template tag (every value in it is escaped)."""
        return mark_safe(self.html(value))  # noqa: S308 — escaped in html()
