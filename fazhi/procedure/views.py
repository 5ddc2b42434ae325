"""The kernel's page pieces: the action panel of a procedure object and the one POST handler of its steps.

A module's object page calls ``action_panels(...)`` and includes ``procedure/_action_panel.html``; its
URL ``<code>/transition/`` calls ``transition_post(...)``. Both read the module's ``Machine``: the
labels, forms, legal sources, the reasons a step is blocked and the message when it is done come from
the one declaration of each transition.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused

from .forms import ConfirmForm


@dataclass
class Ran:
    """What a service called from a page came to (``run_service``). Unpacks as ``result, reasons``."""

    done: bool
    result: Any = None
    reasons: list = field(default_factory=list)
    status: int = 200  # 409 when refused, 400 when the input is bad

    def __iter__(self):
        return iter((self.result, self.reasons))


def run_service(call: Callable, form) -> Ran:
    """Call a service for a page's form, the one mapping of a service's refusals onto a page: a refused step
    (TransitionRefused, 409) puts the reasons that name a field of ``form`` at that field and returns the others;
    bad input (ServiceError, 400) goes onto the form's fields; NotPermitted is a 403."""
    try:
        return Ran(True, call())
    except TransitionRefused as exc:
        rest = form.add_refusal(exc) if hasattr(form, "add_refusal") else [str(r) for r in exc.reasons]
        return Ran(False, reasons=rest, status=409)
    except ServiceError as exc:
        form.add_service_errors(exc)
        return Ran(False, status=400)
    except NotPermitted as exc:
        raise PermissionDenied(exc.message)


def _form_class(transition):
    return transition.form_class() or ConfirmForm


def action_panels(machine, user, obj, *, errors: dict | None = None, initial: Callable | None = None,
                  options=None, skip_desk: bool = False, on_desk: bool = False) -> list[dict]:
    """One panel per action the user may take on ``obj`` now (or is blocked from, with the reasons).

    ``errors`` maps an action to ``(form, reasons)`` after a refused POST; ``initial(action)`` gives a
    form's initial values. Steps done on a desk (``Transition.desk``) are links, not forms — unless the
    page is that desk (``on_desk``).
    """
    errors = errors or {}
    panels = []
    for option in options if options is not None else machine.options(user, obj):
        t = option.transition
        if t.desk and skip_desk:
            continue
        if t.action in errors:
            form, reasons = errors[t.action]
        else:
            form = None if t.desk and not on_desk else _form_class(t)(prefix=t.action, user=user, obj=obj,
                                                         initial=initial(t.action) if initial else None)
            reasons = option.reasons
        panels.append({
            "action": t.action, "label": t.label, "form": form, "reasons": reasons,
            "blocked": bool(option.reasons), "open": t.action in errors, "danger": t.danger,
            "confirm": t.confirm, "legal": t.legal_text, "desk": "" if on_desk else t.desk, "who": t.who,
            "multipart": bool(form is not None and form.multipart), "hint": t.hint,
        })
    return panels


def transition_post(request, *, machine, obj, render_detail: Callable, success_url: Callable,
                    on_desk: Callable | None = None):
    """Run the step named by POST ``action`` on ``obj``; on failure re-render the object page with the form.

    ``render_detail(request, obj, status=…, action_errors=…)`` renders the object page;
    ``success_url(obj, transition, result)`` is where to go after the step; ``on_desk(transition)`` says
    whether a step declared for a desk may be taken here (the page is that desk).
    """
    try:
        transition = machine.get(request.POST.get("action", ""))
    except ServiceError:
        messages.error(request, "未知的操作，请刷新页面后重试。")
        return redirect(success_url(obj, None, None))
    if transition.desk and not (on_desk and on_desk(transition)):
        messages.error(request, f"本页没有这一操作（未知的操作）：“{transition.label}”请在相应的工作台办理。")
        return redirect(success_url(obj, None, None))
    form = _form_class(transition)(request.POST, request.FILES, prefix=transition.action, user=request.user, obj=obj)
    if not form.is_valid():
        return render_detail(request, obj, status=400, action_errors={transition.action: (form, [])})
    try:
        result = machine.dispatch(actor=request.user, obj=obj, action=transition.action, payload=form.payload())
    except TransitionRefused as exc:
        rest = form.add_refusal(exc)
        return render_detail(request, obj, status=409, action_errors={transition.action: (form, rest)})
    except ServiceError as exc:
        form.add_service_errors(exc)
        return render_detail(request, obj, status=400, action_errors={transition.action: (form, [])})
    except NotPermitted as exc:
        raise PermissionDenied(exc.message)
    messages.success(request, transition.done_message_for(result))
    return redirect(success_url(obj, transition, result))


def object_views(*, machine, fetch: Callable, render_detail: Callable, detail_url: Callable, diff_template: str,
                 name: str):
    """The three pages every procedure object has, as views taking its public ``code``: its page, the one POST
    of its steps (``transition_post``; back to the step's tab), and any two text versions side by side
    (?a=&b= are version numbers; by default the last two). ``fetch(request, code)`` finds the object in the
    user's scope (404 otherwise); the diff template gets the object as ``name``."""
    from . import diff

    @login_required
    @require_GET
    def detail(request, code: str):
        return render_detail(request, fetch(request, code))

    @login_required
    @require_POST
    def transition(request, code: str):
        """One entry point for the action panel: POST action + fields → the machine dispatches to its service."""
        obj = fetch(request, code)
        return transition_post(request, machine=machine, obj=obj, render_detail=render_detail,
                               success_url=lambda o, step, result: detail_url(o, step.page if step else ""))

    @login_required
    @require_GET
    def versions_diff(request, code: str):
        obj = fetch(request, code)
        context = diff.version_comparison(obj, request.GET.get("a"), request.GET.get("b"),
                                          only_changes=request.GET.get("changes") == "1")
        return render(request, diff_template, {name: obj, **context})

    return detail, transition, versions_diff
