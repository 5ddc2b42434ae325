"""The procedure kernel's state machine: every transition of every module is declared once, here.

A module (documents, decisions, enforcement, disputes …) builds one ``Machine`` in its
``workflow.py`` and registers it from ``AppConfig.ready()``. Each ``Transition`` names, once:

- its action code, label, source states and resulting state;
- the permission it needs (checked with the user's data scope on the object);
- its preconditions (``guard``: reasons shown *before* the user fills the form) and who may act
  (``actor_check``: e.g. only the reviewing body's own staff);
- its legal source — law **and** article (a test asserts every transition of every module has one);
- the service that performs it, the API input serializer and the page form (dotted paths, so that
  ``workflow.py`` never imports the API or view layer), and the message shown when it is done.

From that one declaration the kernel answers, for pages and the API alike, "which actions may this
user take on this object now, and if not, why" (``Machine.options``), dispatches a step to its
service (``Machine.dispatch``), and provides the audit and timeline labels (``Machine.labels``).

Inside the service the step is opened with ``Machine.begin``: it locks the row, checks permission,
scope, state, actor and preconditions (raising ``NotPermitted`` / ``TransitionRefused``), and
``Step.finish`` moves the state and appends the audit event in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db import models, transaction
from django.utils.module_loading import import_string

from fazhi.core import audit
from fazhi.core.errors import NotPermitted, Reason, ServiceError, TransitionRefused
from fazhi.core.permissions import has_perm
from fazhi.core.scope import restrict

# ---------------------------------------------------------------- legal sources


@dataclass(frozen=True)
class Basis:
    """A legal source: the law (or policy document) and the article(s) — both are required."""

    law: str
    article: str

    def __post_init__(self):
        if not self.law.strip() or not self.article.strip():
            raise ValueError("a legal basis names both the law and the article")

    def __str__(self) -> str:
        name = self.law if self.law.startswith(("《", "国办发", "国发", "中办发")) else f"《{self.law}》"
        return f"{name}{self.article}"


def basis(law: str, *articles: str) -> tuple[Basis, ...]:
    """``basis("行政处罚法", "第五十八条")`` → one ``Basis`` per article."""
    if not articles:
        raise ValueError(f"basis({law!r}) needs at least one article")
    return tuple(Basis(law, article) for article in articles)


# ---------------------------------------------------------------- transitions


Guard = Callable[[Any, Any], Sequence[str]]
ActorCheck = Callable[[Any, Any, Any], str | None]
Offered = Callable[[Any, Any, Any], bool]


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset
    permission: str
    legal: tuple[Basis, ...]
    service: str
    target: str | None = None
    guard: Guard | None = None
    actor_check: ActorCheck | None = None
    input: str = ""
    form: str = ""
    done: str = ""
    who: str = ""
    desk: str = ""
    template: str = ""
    danger: bool = False
    confirm: str = ""
    audit_label: str = ""
    # What is missing when the step is asked for before its source states ("未经集体审议，不得…"); used
    # when the machine has an ``order`` (see ``out_of_order_reason``).
    missing: str = ""
    # ``offered(user, obj, facts)``: whether the step is an option at all now (e.g. 重新公布 only after an
    # evaluation concluded 继续有效). Not offered is not "blocked": the pages and ``GET …/actions/`` leave
    # it out; the service still refuses it with its reason when asked.
    offered: Offered | None = None
    hint: str = ""  # one sentence shown with the step's form (what happens when it is done)
    # False: the permission is checked without the object's data scope — who may act is decided by the
    # object itself (``offered`` and the service: e.g. each execution unit reports on a decision it executes).
    scoped: bool = True
    page: str = ""  # the part of the object's page shown after the step (a tab)

    def __post_init__(self):
        object.__setattr__(self, "sources", frozenset(self.sources))
        if not self.legal:
            raise ValueError(f"transition {self.action!r} cites no legal source")

    @property
    def legal_text(self) -> str:
        return "；".join(str(b) for b in self.legal)

    @property
    def done_message(self) -> str:
        """The done message without the service's result (a ``{result…}`` template falls back to the label)."""
        return self.done if self.done and "{" not in self.done else f"已办理：{self.label}。"

    def done_message_for(self, result=None) -> str:
        """The done message; ``{result.number}``-style fields are filled from what the service returned."""
        if result is not None and "{" in self.done:
            try:
                return self.done.format(result=result)
            except (AttributeError, KeyError, IndexError):
                pass
        return self.done_message

    def service_callable(self) -> Callable:
        return import_string(self.service)

    def input_class(self):
        return import_string(self.input) if self.input else None

    def form_class(self):
        return import_string(self.form) if self.form else None


@dataclass
class Option:
    """One action a user might take on an object now: ``allowed``, or the ``reasons`` it is blocked."""

    transition: Transition
    reasons: list[str] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return not self.reasons

    @property
    def action(self) -> str:
        return self.transition.action

    @property
    def label(self) -> str:
        return self.transition.label


# ---------------------------------------------------------------- the machine


class Machine:
    """The transitions of one kind of procedure object (a model with a state field)."""

    def __init__(
        self,
        *,
        app: str,
        model: str,
        subject: str,
        states: type[models.TextChoices],
        transitions: Iterable[Transition],
        state_field: str = "state",
        facts: str | Callable | None = None,
        lock_related: Sequence[str] = (),
        order: Sequence[str] = (),
        noun: str = "",
    ):
        self.app = app
        self.model_label = model
        self.subject = subject
        self.states = states
        self.state_field = state_field
        self._facts = facts
        self.lock_related = tuple(lock_related)
        # The order of the main line of states: with it, a step asked for too early names what is missing
        # (``Transition.missing``) and one asked for too late says it is past (``out_of_order_reason``).
        self.order = list(order)
        self.noun = noun
        self.transitions: dict[str, Transition] = {}
        for t in transitions:
            if t.action in self.transitions:
                raise ValueError(f"{app}: transition {t.action!r} declared twice")
            unknown = {s for s in t.sources if s not in states.values}
            if unknown or (t.target is not None and t.target not in states.values):
                raise ValueError(f"{app}.{t.action}: unknown states {sorted(unknown) or t.target}")
            self.transitions[t.action] = t

    def __repr__(self) -> str:
        return f"<Machine {self.app}: {len(self.transitions)} transitions>"

    def __iter__(self):
        return iter(self.transitions.values())

    def __contains__(self, action: str) -> bool:
        return action in self.transitions

    # ------------------------------------------------------------ lookups

    @cached_property
    def model(self) -> type[models.Model]:
        from django.apps import apps

        return apps.get_model(self.model_label)

    def get(self, action: str) -> Transition:
        """The transition, or a ServiceError naming the actions that exist (bad input, 400)."""
        transition = self.transitions.get(action) if isinstance(action, str) else None
        if transition is None:
            raise ServiceError(field_errors={"action": [f"未知的操作。可用的操作：{'、'.join(self.transitions)}。"]})
        return transition

    def __getitem__(self, action: str) -> Transition:
        return self.get(action)

    def audit_action(self, action: str) -> str:
        return f"{self.app}.{action}"

    def labels(self) -> dict[str, str]:
        """Audit/timeline labels of every transition: ``{"documents.publish": "统一编号并公布", …}``."""
        return {self.audit_action(t.action): t.audit_label or t.label for t in self}

    def state_label(self, value: str) -> str:
        try:
            return self.states(value).label
        except ValueError:
            return value

    # ------------------------------------------------------------ facts

    def facts_for(self, objs: Sequence) -> dict:
        """What the guards need about ``objs``, fetched for all of them at once (a module selector)."""
        if self._facts is None or not objs:
            return {obj.pk: None for obj in objs}
        fn = import_string(self._facts) if isinstance(self._facts, str) else self._facts
        return fn(list(objs))

    # ------------------------------------------------------------ checks

    def state_reasons(self, transition: Transition, obj) -> list[str]:
        state = getattr(obj, self.state_field)
        if state in transition.sources:
            return []
        if self.order:
            return [out_of_order_reason(
                step=transition.label, action=transition.action, state=state, state_label=self.state_label(state),
                order=self.order, sources=transition.sources, missing={transition.action: transition.missing}
                if transition.missing else {}, noun=self.noun or "事项")]
        allowed = "、".join(self.state_label(s) for s in sorted(transition.sources))
        return [Reason(f"“{transition.label}”只能在以下状态办理：{allowed}；当前状态为“{self.state_label(state)}”。",
                       field="state")]

    def permitted(self, user, transition: Transition, obj) -> bool:
        """The user holds the transition's permission with ``obj`` inside the scope of that permission."""
        if user is None:
            return True  # the system (jobs, the demo loader) acts with actor=None
        if not has_perm(user, transition.permission):
            return False
        if not transition.scoped:
            return True
        return restrict(type(obj)._default_manager.filter(pk=obj.pk), user, transition.permission).exists()

    def check(self, action: str, obj, *, user=None, facts=None, with_state: bool = True) -> list[str]:
        """Every unmet condition of ``action`` on ``obj`` for ``user`` (state, actor, preconditions)."""
        transition = self.get(action)
        reasons: list[str] = list(self.state_reasons(transition, obj)) if with_state else []
        if reasons:
            return reasons
        if facts is None:
            facts = self.facts_for([obj]).get(obj.pk)
        if transition.actor_check is not None and user is not None:
            problem = transition.actor_check(user, obj, facts)
            if problem:
                reasons.append(problem)
        if transition.guard is not None:
            reasons.extend(transition.guard(obj, facts))
        return reasons

    def require(self, action: str, obj, *, actor=None, problems: Callable | None = None):
        """For a service that has locked ``obj`` itself: TransitionRefused with every unmet condition of ``action``
        — the state first (alone: later conditions make no sense in the wrong state), then the actor and the
        guard, and the step input's ``problems(facts)`` — else the facts the guard read."""
        reasons = self.state_reasons(self.get(action), obj)
        if reasons:
            raise TransitionRefused(reasons)
        facts = self.facts_for([obj]).get(obj.pk)
        reasons = self.check(action, obj, user=actor, facts=facts, with_state=False)
        if problems is not None:
            reasons += problems(facts)
        if reasons:
            raise TransitionRefused(reasons)
        return facts

    def options(self, user, obj, *, facts=None, include_blocked: bool = True) -> list[Option]:
        """The actions ``user`` may take on ``obj`` in its current state: each allowed, or with its reasons.

        Only transitions whose source states include the current state and whose permission the user
        holds on ``obj`` are listed; ``include_blocked=False`` keeps only the allowed ones.
        """
        state = getattr(obj, self.state_field)
        candidates = [t for t in self if state in t.sources]
        if not candidates:
            return []
        if facts is None:
            facts = self.facts_for([obj]).get(obj.pk)
        in_scope = self._scope_by_perm(user, obj, {t.permission for t in candidates if t.scoped})
        options = []
        for t in candidates:
            if t.scoped and not in_scope.get(t.permission, False):
                continue
            if not t.scoped and user is not None and not has_perm(user, t.permission):
                continue
            if t.offered is not None and not t.offered(user, obj, facts):
                continue
            reasons = self.check(t.action, obj, user=user, facts=facts, with_state=False)
            if reasons and not include_blocked:
                continue
            options.append(Option(t, reasons))
        return options

    def options_for_page(self, user, objs: Sequence, *, include_blocked: bool = True) -> dict:
        """``options`` for a whole page of objects with one facts query and one scope query per permission."""
        if not objs:
            return {}
        facts = self.facts_for(objs)
        perms = {t.permission for t in self}
        allowed_ids: dict[str, set] = {}
        for perm in perms:
            if user is None:
                allowed_ids[perm] = {o.pk for o in objs}
            elif not has_perm(user, perm):
                allowed_ids[perm] = set()
            else:
                qs = restrict(type(objs[0])._default_manager.filter(pk__in=[o.pk for o in objs]), user, perm)
                allowed_ids[perm] = set(qs.values_list("pk", flat=True))
        out = {}
        for obj in objs:
            state = getattr(obj, self.state_field)
            options = []
            for t in self:
                if state not in t.sources:
                    continue
                if t.scoped and obj.pk not in allowed_ids[t.permission]:
                    continue
                if not t.scoped and user is not None and not has_perm(user, t.permission):
                    continue
                if t.offered is not None and not t.offered(user, obj, facts.get(obj.pk)):
                    continue
                reasons = self.check(t.action, obj, user=user, facts=facts.get(obj.pk), with_state=False)
                if reasons and not include_blocked:
                    continue
                options.append(Option(t, reasons))
            out[obj.pk] = options
        return out

    def _scope_by_perm(self, user, obj, perms: set[str]) -> dict[str, bool]:
        if user is None:
            return dict.fromkeys(perms, True)
        out = {}
        for perm in perms:
            out[perm] = has_perm(user, perm) and restrict(
                type(obj)._default_manager.filter(pk=obj.pk), user, perm).exists()
        return out

    # ------------------------------------------------------------ doing

    def begin(self, action: str, *, actor, obj, lock: bool = True) -> Step:
        """Open a step inside the service's transaction: lock the row, then check permission and scope
        (NotPermitted — the same answer for a missing and a forbidden object), the state, the actor
        and the preconditions (TransitionRefused with every unmet condition)."""
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError(f"{self.app}.{action}: Machine.begin() runs inside the service's transaction")
        transition = self.get(action)
        if actor is not None and not has_perm(actor, transition.permission):
            raise NotPermitted(f"您没有“{transition.label}”的权限。")
        model = type(obj)
        qs = model._default_manager.filter(pk=obj.pk)
        if actor is not None and transition.scoped and not restrict(qs, actor, transition.permission).exists():
            raise NotPermitted("该事项不在您的数据范围内。")
        if lock:
            # The row itself is locked (no joined rows: PostgreSQL refuses FOR UPDATE on a nullable join).
            model._default_manager.select_for_update().filter(pk=obj.pk).values_list("pk", flat=True).get()
        fresh = qs.select_related(*self.lock_related).get() if self.lock_related else qs.get()
        facts = self.facts_for([fresh]).get(fresh.pk)
        reasons = self.check(action, fresh, user=actor, facts=facts)
        if reasons:
            raise TransitionRefused(reasons)
        return Step(machine=self, transition=transition, actor=actor, obj=fresh, facts=facts)

    def dispatch(self, *, actor, obj, action: str, payload: dict | None = None):
        """Run ``action`` on ``obj`` through its service (the API's and the pages' single entry point)."""
        from fazhi.core.attachments import discard_files_on_failure

        transition = self.get(action)
        service = transition.service_callable()
        with discard_files_on_failure():
            return service(actor=actor, **{self.subject: obj}, **(payload or {}))


@dataclass
class Step:
    """A transition in progress inside its service's transaction (see ``Machine.begin``)."""

    machine: Machine
    transition: Transition
    actor: Any
    obj: Any
    facts: Any = None
    before_state: str = ""

    def __post_init__(self):
        self.before_state = getattr(self.obj, self.machine.state_field)

    def refuse(self, reasons: Sequence[str]) -> None:
        """Raise TransitionRefused when there are reasons (input-dependent conditions of the step)."""
        if reasons:
            raise TransitionRefused(list(reasons))

    def finish(self, *, state: str | None = None, after: dict | None = None, before: dict | None = None,
               update_fields: Sequence[str] = ()) -> Any:
        """Move to ``state`` (default: the transition's target), save, and append the audit event."""
        target = state if state is not None else self.transition.target
        fields = list(update_fields)
        if target is not None and target != self.before_state:
            setattr(self.obj, self.machine.state_field, target)
            fields.append(self.machine.state_field)
        if fields:
            if any(f.name == "updated_at" for f in self.obj._meta.concrete_fields):
                fields.append("updated_at")
            self.obj.save(update_fields=sorted(set(fields)))
        payload_before = {"state": self.before_state, **(before or {})}
        payload_after = dict(after or {})
        payload_after.setdefault("state", getattr(self.obj, self.machine.state_field))
        audit.record(actor=self.actor, action=self.machine.audit_action(self.transition.action), obj=self.obj,
                     before=payload_before, after=payload_after)
        return self.obj


# ---------------------------------------------------------------- the registry

_MACHINES: dict[str, Machine] = {}


def register(machine: Machine) -> Machine:
    """Called from a module's ``AppConfig.ready()``: the machine's labels join the audit labels."""
    from fazhi.core.templatetags.fazhi_tags import register_audit_labels

    _MACHINES[machine.model_label.lower()] = machine
    register_audit_labels(machine.labels())
    return machine


def machines() -> list[Machine]:
    return list(_MACHINES.values())


def machine_for(model_or_label) -> Machine | None:
    label = model_or_label if isinstance(model_or_label, str) else model_or_label._meta.label
    return _MACHINES.get(label.lower())


def out_of_order_reason(*, step: str, action: str, state, state_label: str, order: Sequence, sources,
                        missing: dict, noun: str) -> str:
    """Why a step cannot be taken in ``state``, in words a user understands: asked for too early, what is
    missing (``missing[action]``, e.g. "未经合法性审核，不得提交集体审议"); too late, that it is past;
    in a state off the ordered line (abandoned, suspended …), that it cannot be taken there."""
    if state not in order:
        return f"该{noun}当前为“{state_label}”，不能“{step}”。"
    first = min((order.index(s) for s in sources if s in order), default=len(order))
    if order.index(state) < first:
        return f"{missing.get(action, '前置步骤尚未完成。')}（当前：{state_label}）"
    return f"该{noun}{state_label}，已过“{step}”这一步。"
