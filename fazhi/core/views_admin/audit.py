"""The audit log, for the audit administrator only (三员分立): list, event detail with a diff, chain check."""

import json

from django import forms
from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from .. import audit, selectors
from ..filtersets import AuditEventFilterSet
from ..models import AuditEvent
from ..permissions import P
from ..templatetags.fazhi_tags import audit_action_label
from .common import ListSpec, Sort, is_htmx_partial, list_page, require_perm

DENIED = "审计日志仅审计管理员可以查看。"


def _prepare_audit_filters(form, request):
    # Plain text in the project's own format: browsers render datetime-local in their UI language.
    for name, hint in (("since", "如 2026-01-01 08:00"), ("until", "如 2026-12-31 18:00")):
        form.fields[name] = forms.DateTimeField(
            label=form.fields[name].label, required=False,
            widget=forms.TextInput(attrs={"placeholder": hint, "inputmode": "numeric"}),
            error_messages={"invalid": "请按“年-月-日 时:分”填写，如 2026-01-01 08:00。"},
        )
    form.fields["action"].widget.attrs.update({"list": "audit-actions", "placeholder": "如 core.user"})
    form.fields["object_type"].widget.attrs.update({"list": "audit-object-types", "placeholder": "如 core.user"})


AUDIT_SPEC = ListSpec(
    filterset_class=AuditEventFilterSet,
    sorts={"time": Sort("时间", ("id",))},  # ids follow the chain, hence time
    default_sort="-time",
    template="core/admin/audit_list.html",
    table_template="core/admin/_audit_table.html",
    export_filename="审计日志",
    export_title="审计日志",
    export_columns=[
        ("编号", lambda e: e.id),
        ("时间", lambda e: e.occurred_at),
        ("操作人", lambda e: e.actor_name),
        ("角色", lambda e: e.actor_role),
        ("单位", lambda e: e.agency_name),
        ("操作", lambda e: audit_action_label(e.action)),
        ("操作代码", lambda e: e.action),
        ("对象类型", lambda e: e.object_type),
        ("对象标识", lambda e: e.object_id),
        ("对象", lambda e: e.object_repr),
        ("变更前", lambda e: _json(e.before)),
        ("变更后", lambda e: _json(e.after)),
        ("客户端地址", lambda e: e.client_ip),
        ("请求编号", lambda e: e.request_id),
        ("前一事件哈希", lambda e: e.prev_hash),
        ("本事件哈希", lambda e: e.hash),
    ],
    prepare_filters=_prepare_audit_filters,
)


def _json(value) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


@login_required
@require_GET
def audit_list(request):
    require_perm(request.user, P.VIEW_AUDIT, DENIED)
    events = selectors.audit_event_list(user=request.user)
    context = {}
    if not is_htmx_partial(request):
        context = {
            "known_actions": list(events.order_by("action").values_list("action", flat=True).distinct()[:300]),
            "known_object_types": list(
                events.exclude(object_type="").order_by("object_type").values_list("object_type", flat=True)
                .distinct()[:100]
            ),
        }
    return list_page(request, AUDIT_SPEC, events, context=context)


MISSING = object()


def _display(value) -> str:
    if value is MISSING:
        return ""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _model_field(model, key: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


def _field_label(field, key: str) -> str:
    if field is None:
        return key
    label = str(getattr(field, "verbose_name", key))
    return f"{label}（编号）" if field.is_relation else label


def _choice_label(field, value) -> str:
    """The Chinese label of a stored choice code ("government" → "人民政府"), or ""."""
    choices = dict(getattr(field, "flatchoices", None) or ()) if field is not None else {}
    try:
        label = choices.get(value)
    except TypeError:
        return ""
    return str(label) if label is not None and str(label) != str(value) else ""


def diff_rows(event: AuditEvent) -> list[dict]:
    """before/after as rows of (field, before, after, changed), fields labelled from the model."""
    def as_dict(value):
        if value is None:
            return {}
        return value if isinstance(value, dict) else {"值": value}

    before, after = as_dict(event.before), as_dict(event.after)
    try:
        model = apps.get_model(event.object_type) if "." in event.object_type else None
    except (LookupError, ValueError):
        model = None
    rows = []
    for key in dict.fromkeys([*before, *after]):
        old, new = before.get(key, MISSING), after.get(key, MISSING)
        field = _model_field(model, key)
        old_label, new_label = _choice_label(field, old), _choice_label(field, new)
        rows.append({
            "key": key,
            "label": _field_label(field, key),
            "before": old_label or _display(old),
            "after": new_label or _display(new),
            "before_raw": old if old_label else "",
            "after_raw": new if new_label else "",
            "changed": bool(before) and bool(after) and old != new,
            "added": old is MISSING,
            "removed": new is MISSING,
        })
    return rows


@login_required
@require_GET
def audit_detail(request, event_id):
    require_perm(request.user, P.VIEW_AUDIT, DENIED)
    events = selectors.audit_event_list(user=request.user)
    event = selectors.get_scoped(events, id=event_id)
    return render(request, "core/admin/audit_detail.html", {
        "event": event,
        "rows": diff_rows(event),
        "has_before": event.before is not None,
        "has_after": event.after is not None,
        "prev_id": event.id - 1 if event.id > 1 else None,
        "next_id": events.filter(id__gt=event.id).order_by("id").values_list("id", flat=True).first(),
        "same_object_count": (events.filter(object_type=event.object_type, object_id=event.object_id).count()
                              if event.object_id else 0),
    })


@login_required
@require_POST
def audit_verify(request):
    """Walk the whole chain (audit.verify) and show whether it is intact or where it breaks."""
    require_perm(request.user, P.VIEW_AUDIT, DENIED)
    result = audit.verify()
    template = ("core/admin/_audit_verify.html" if is_htmx_partial(request, "verify-result")
                else "core/admin/audit_verify.html")
    return render(request, template, {"result": result})
