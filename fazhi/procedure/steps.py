"""What every service does around its write, once for all modules.

A service that is not a machine step of its own (``Machine.begin`` covers those) still opens the same way:
permission, then scope — the same refusal whether the object is missing or out of scope —, then the row locked
for the rest of the transaction. It refuses with every unmet condition at once (``refuse``) or with the input's
errors at their fields (``refuse_fields``), and an uploaded file given to it becomes the object's attachment inside
the transaction (``stored``; ``Machine.dispatch`` removes the file again if the step fails).
"""

from collections.abc import Iterable, Sequence

from django.db import models

from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused
from fazhi.core.models import Attachment
from fazhi.core.permissions import has_perm
from fazhi.core.scope import restrict


def refuse(reasons: Iterable[str]) -> None:
    """TransitionRefused (409) naming every unmet condition, when there is one."""
    reasons = list(reasons)
    if reasons:
        raise TransitionRefused(reasons)


def refuse_fields(errors: dict) -> None:
    """ServiceError (400) with each message at its field, when there is one."""
    if errors:
        raise ServiceError(field_errors=errors)


def noun_of(model: type[models.Model]) -> str:
    """How the refusals name an object: its machine's noun (文件, 决策 …), else the model's verbose name."""
    from .machine import machine_for

    machine = machine_for(model)
    return (machine.noun if machine is not None else "") or str(model._meta.verbose_name)


def check_scope(actor, obj: models.Model, perm: str, *, noun: str | None = None) -> None:
    """NotPermitted unless ``actor`` holds ``perm`` and ``obj`` lies in the actor's scope for it (``actor`` None:
    the system itself, e.g. a nightly job or the demo loader)."""
    if actor is None:
        return
    if not has_perm(actor, perm):
        raise NotPermitted()
    model = type(obj)
    if not restrict(model._default_manager.filter(pk=obj.pk), actor, perm).exists():
        raise NotPermitted(f"该{noun or noun_of(model)}不在您的数据范围内。")


def locked(actor, obj: models.Model, perm: str, *, related: Sequence[str] | None = None) -> models.Model:
    """``obj`` fresh from the database and locked until the transaction ends, once ``check_scope`` has passed;
    ``related`` are the (non-null) foreign keys the service reads, by default its machine's ``lock_related``."""
    from .machine import machine_for

    check_scope(actor, obj, perm)
    model = type(obj)
    if related is None:
        machine = machine_for(model)
        related = machine.lock_related if machine is not None else ()
    return model._default_manager.select_for_update().select_related(*related).get(pk=obj.pk)


def stored(actor, value, obj: models.Model) -> Attachment | None:
    """An uploaded file given to a step, stored as ``obj``'s attachment (of ``obj``'s agency); an attachment or
    nothing is taken as it is."""
    if value is None or isinstance(value, Attachment):
        return value
    from fazhi.core.attachments import attachment_create

    return attachment_create(actor=actor, uploaded_file=value, obj=obj, agency=obj.agency)
