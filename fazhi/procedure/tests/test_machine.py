"""The kernel state machine, exercised on a small machine over core.Deadline (a row with a state field,
a region and a data scope), and the rule that every transition of every module cites law and article."""

import re

import pytest
from django.db import transaction

from fazhi.core.choices import DeadlineStatus
from fazhi.core.errors import NotPermitted, Reason, ServiceError, TransitionRefused
from fazhi.core.models import AuditEvent, Deadline
from fazhi.core.permissions import P
from fazhi.procedure import machine as kernel
from fazhi.procedure.machine import Machine, Transition, basis

S = DeadlineStatus


def needs_a_repr(obj, facts):
    return [] if obj.object_repr.strip() else [Reason("事项名称为空。", field="object_repr")]


def only_own_agency(user, obj, facts):
    return None if user.agency_id == obj.agency_id else "只有责任单位可以办理。"


@transaction.atomic
def close_service(*, actor, deadline, note: str = ""):
    step = TOY.begin("close", actor=actor, obj=deadline)
    if note == "bad":
        raise ServiceError(field_errors={"note": ["说明不合格。"]})
    return step.finish(after={"note": note})


@transaction.atomic
def cancel_service(*, actor, deadline):
    return TOY.begin("cancel", actor=actor, obj=deadline).finish()


TOY = Machine(
    app="toy",
    model="core.Deadline",
    subject="deadline",
    states=DeadlineStatus,
    state_field="status",
    transitions=[
        Transition("close", "办结", {S.OPEN, S.OVERDUE}, P.MANAGE_DEADLINE, basis("民法典", "第二百零一条"),
                   service=f"{__name__}.close_service", target=S.DONE, guard=needs_a_repr,
                   actor_check=only_own_agency, done="已办结。"),
        Transition("cancel", "撤销", {S.OPEN}, P.MANAGE_DEADLINE, basis("民法典", "第二百零二条"),
                   service=f"{__name__}.cancel_service", target=S.CANCELLED),
    ],
)




def test_a_transition_without_a_legal_source_cannot_be_declared():
    with pytest.raises(ValueError):
        Transition("x", "x", {S.OPEN}, P.MANAGE_DEADLINE, (), service="x.y")
    with pytest.raises(ValueError):
        basis("行政处罚法")
    with pytest.raises(ValueError):
        basis("行政处罚法", " ")


def test_a_machine_refuses_unknown_states_and_duplicate_actions():
    with pytest.raises(ValueError):
        Machine(app="t", model="core.Deadline", subject="d", states=S, state_field="status", transitions=[
            Transition("a", "a", {"nope"}, "p", basis("法", "第一条"), service="x")])
    t = Transition("a", "a", {S.OPEN}, "p", basis("法", "第一条"), service="x")
    with pytest.raises(ValueError):
        Machine(app="t", model="core.Deadline", subject="d", states=S, state_field="status", transitions=[t, t])


def test_labels_feed_the_audit_labels():
    assert TOY.labels() == {"toy.close": "办结", "toy.cancel": "撤销"}
    assert str(TOY["close"].legal[0]) == "《民法典》第二百零一条"


def test_an_unknown_action_is_bad_input_naming_the_actions():
    with pytest.raises(ServiceError) as exc:
        TOY.get("delete")
    assert "close、cancel" in exc.value.field_errors["action"][0]


def test_options_list_allowed_and_blocked_steps_for_the_user(deadline, people):
    options = {o.action: o for o in TOY.options(people.zsthj_fz, deadline)}
    assert set(options) == {"close", "cancel"}
    assert options["close"].allowed and options["cancel"].allowed
    deadline.object_repr = " "
    blocked = {o.action: o for o in TOY.options(people.zsthj_fz, deadline)}
    assert blocked["close"].reasons == ["事项名称为空。"]
    assert blocked["close"].reasons[0].field == "object_repr"
    assert TOY.options(people.zsthj_fz, deadline, include_blocked=False)[0].action == "cancel"


def test_options_leave_out_steps_outside_the_users_scope(deadline, people):
    # 兴义市's county office holds the permission, but not over a prefecture department's deadline.
    assert TOY.options(people.xingyi_fzb, deadline) == []
    # The auditor holds no business permission at all.
    assert TOY.options(people.auditor, deadline) == []


def test_the_actor_check_blocks_another_agency_within_scope(deadline, people):
    options = {o.action: o for o in TOY.options(people.fzb_admin, deadline)}
    assert options["close"].reasons == ["只有责任单位可以办理。"]


def test_options_for_a_page_agree_with_options_for_one(deadline, people):
    page = TOY.options_for_page(people.zsthj_fz, [deadline])
    assert [o.action for o in page[deadline.pk]] == [o.action for o in TOY.options(people.zsthj_fz, deadline)]


def test_dispatch_runs_the_service_moves_the_state_and_audits_in_one_transaction(deadline, people):
    before = AuditEvent.objects.count()
    TOY.dispatch(actor=people.zsthj_fz, obj=deadline, action="close", payload={"note": "按期办结"})
    deadline.refresh_from_db()
    assert deadline.status == S.DONE
    event = AuditEvent.objects.order_by("-id").first()
    assert AuditEvent.objects.count() == before + 1
    assert event.action == "toy.close"
    assert event.before["state"] == S.OPEN and event.after["state"] == S.DONE
    assert event.after["note"] == "按期办结"


def test_a_refused_step_changes_nothing_and_writes_no_audit_event(deadline, people):
    before = AuditEvent.objects.count()
    deadline_ = Deadline.objects.get(pk=deadline.pk)
    Deadline.objects.filter(pk=deadline.pk).update(object_repr=" ")
    with pytest.raises(TransitionRefused) as exc:
        TOY.dispatch(actor=people.zsthj_fz, obj=deadline_, action="close")
    assert exc.value.field_reasons == {"object_repr": ["事项名称为空。"]}
    with pytest.raises(ServiceError):
        Deadline.objects.filter(pk=deadline.pk).update(object_repr="测试期限")
        TOY.dispatch(actor=people.zsthj_fz, obj=deadline_, action="close", payload={"note": "bad"})
    deadline.refresh_from_db()
    assert deadline.status == S.OPEN
    assert AuditEvent.objects.count() == before


def test_dispatch_refuses_the_wrong_state_by_name(deadline, people):
    TOY.dispatch(actor=people.zsthj_fz, obj=deadline, action="close")
    with pytest.raises(TransitionRefused) as exc:
        TOY.dispatch(actor=people.zsthj_fz, obj=deadline, action="cancel")
    assert "“撤销”只能在以下状态办理：进行中；当前状态为“已办结”" in exc.value.reasons[0]


def test_dispatch_refuses_out_of_scope_and_unpermitted_actors(deadline, people):
    with pytest.raises(NotPermitted):
        TOY.dispatch(actor=people.xingyi_fzb, obj=deadline, action="close")
    with pytest.raises(NotPermitted):
        TOY.dispatch(actor=people.auditor, obj=deadline, action="close")
    deadline.refresh_from_db()
    assert deadline.status == S.OPEN


def test_require_names_the_state_alone_then_every_other_unmet_condition(deadline, people):
    deadline.object_repr = " "
    with pytest.raises(TransitionRefused) as wrong_agency:
        TOY.require("close", deadline, actor=people.fzb_admin, problems=lambda facts: ["说明不合格。"])
    assert [str(r) for r in wrong_agency.value.reasons] == ["只有责任单位可以办理。", "事项名称为空。", "说明不合格。"]
    deadline.status = S.DONE
    with pytest.raises(TransitionRefused) as wrong_state:
        TOY.require("cancel", deadline, actor=people.zsthj_fz, problems=lambda facts: ["说明不合格。"])
    assert len(wrong_state.value.reasons) == 1 and "只能在以下状态办理" in wrong_state.value.reasons[0]
    deadline.status, deadline.object_repr = S.OPEN, "测试期限"
    TOY.require("close", deadline, actor=people.zsthj_fz, problems=lambda facts: [])


@pytest.mark.django_db(transaction=True)
def test_begin_outside_a_transaction_is_a_programming_error(deadline, people):
    with pytest.raises(RuntimeError):
        TOY.begin("close", actor=people.zsthj_fz, obj=deadline)


ARTICLE = re.compile(r"第[一二三四五六七八九十百零〇\d]+条|第[一二三四五六七八九十百零〇\d]+[款项]|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）")


def _declared_machines() -> list:
    """Every Machine a module of the platform declares in its ``workflow`` (and the kernel's review machine)."""
    import importlib

    from django.apps import apps

    from fazhi.procedure.reviews import REVIEW_MACHINE

    found = [REVIEW_MACHINE]
    for config in apps.get_app_configs():
        if not config.name.startswith("fazhi."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.workflow")
        except ModuleNotFoundError:
            continue
        found += [value for value in vars(module).values() if isinstance(value, kernel.Machine)]
    return found


def test_every_machine_a_module_declares_is_registered():
    registered = kernel.machines()
    declared = _declared_machines()
    # documents and decisions were the last modules with their own transition tables.
    assert {"procedure", "documents", "decisions"} <= {m.app for m in declared}
    for machine in declared:
        assert any(m is machine for m in registered), f"{machine.app} ({machine.model_label}) is not registered"


def test_every_transition_of_every_registered_module_cites_a_law_and_an_article():
    registered = kernel.machines()
    # Every module's machines (an empty registry would pass on nothing).
    assert {"procedure", "documents", "decisions"} <= {m.app for m in registered}
    for machine in registered:
        for t in machine:
            assert t.legal, f"{machine.app}.{t.action} cites no legal source"
            for b in t.legal:
                assert b.law.strip(), f"{machine.app}.{t.action}: a legal source without the law"
                assert ARTICLE.search(b.article), f"{machine.app}.{t.action}: “{b.article}” names no article"


# ---------------------------------------------------------------- what documents and decisions brought in

ORDERED = Machine(
    app="toy_ordered",
    model="core.Deadline",
    subject="deadline",
    states=DeadlineStatus,
    state_field="status",
    order=[S.OPEN, S.DONE],
    noun="期限",
    transitions=[
        Transition("close", "办结", {S.OPEN}, P.MANAGE_DEADLINE, basis("民法典", "第二百零一条"),
                   service=f"{__name__}.close_service", target=S.DONE, done="已办结：{result.object_repr}。"),
        Transition("reopen", "重新计时", {S.DONE}, P.MANAGE_DEADLINE, basis("民法典", "第二百零二条"),
                   service="x.y", missing="期限尚未办结。"),
        Transition("hidden", "仅在事项名称含“隐藏”时提供", {S.OPEN}, P.MANAGE_DEADLINE, basis("民法典", "第二百零三条"),
                   service="x.y", offered=lambda user, obj, facts: "隐藏" in obj.object_repr),
        Transition("anyone", "有权限即可办理", {S.OPEN}, P.MANAGE_DEADLINE, basis("民法典", "第二百零四条"),
                   service="x.y", scoped=False),
    ],
)


def test_an_ordered_machine_says_what_is_missing_too_early_and_that_a_step_is_past(deadline):
    assert ORDERED.check("reopen", deadline) == ["期限尚未办结。（当前：进行中）"]
    deadline.status = S.DONE
    assert ORDERED.check("close", deadline) == ["该期限已办结，已过“办结”这一步。"]
    deadline.status = S.CANCELLED
    assert ORDERED.check("close", deadline) == ["该期限当前为“已撤销”，不能“办结”。"]


def test_a_step_not_offered_is_left_out_not_shown_as_blocked(deadline, people):
    assert [o.action for o in ORDERED.options(people.zsthj_fz, deadline)] == ["close", "anyone"]
    deadline.object_repr = "隐藏的期限"
    assert [o.action for o in ORDERED.options(people.zsthj_fz, deadline)] == ["close", "hidden", "anyone"]
    page = ORDERED.options_for_page(people.zsthj_fz, [deadline])
    assert [o.action for o in page[deadline.pk]] == ["close", "hidden", "anyone"]


def test_an_unscoped_step_needs_the_permission_but_not_the_objects_scope(deadline, people):
    # xingyi_fzb holds the permission, but the deadline is outside its scope: only the unscoped step is offered.
    assert [o.action for o in ORDERED.options(people.xingyi_fzb, deadline)] == ["anyone"]
    assert ORDERED.permitted(people.xingyi_fzb, ORDERED.get("anyone"), deadline)
    assert not ORDERED.permitted(people.xingyi_fzb, ORDERED.get("close"), deadline)
    assert ORDERED.options(people.auditor, deadline) == []


def test_the_done_message_can_name_what_the_service_returned(deadline):
    assert ORDERED.get("close").done_message_for(deadline) == "已办结：测试期限。"
    assert ORDERED.get("close").done_message_for(None) == "已办理：办结。"
    assert ORDERED.get("reopen").done_message_for(deadline) == "已办理：重新计时。"
