"""The two endpoints every procedure object has, generated from its machine:

- ``POST …/<code>/transition/`` with ``{"action": "…", …}`` runs one step through its service:
  out of scope → 404 (checked before the body is read), bad payload → 400 with field errors,
  refused → 409 with every unmet condition, done → 200 with the object.
- ``GET …/<code>/actions/`` answers which steps the caller may take now, and why not the others.

A viewset declares ``machine = MACHINE`` and is decorated with ``@transition_endpoints(MACHINE, Detail)``
so that the OpenAPI schema documents each action's payload (one component per action).
"""

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from fazhi.core.errors import ServiceError

from .common import BAD, NOT_FOUND, REFUSED


class StepInput(serializers.Serializer):
    """A step that needs nothing but its name."""

    action = serializers.CharField(max_length=40, help_text="操作名")


class BasisSerializer(serializers.Serializer):
    law = serializers.CharField(help_text="法律、法规或规范性文件名称")
    article = serializers.CharField(help_text="条款")


class OptionSerializer(serializers.Serializer):
    action = serializers.CharField(help_text="操作名（transition 的 action）")
    label = serializers.CharField(help_text="操作名称")
    allowed = serializers.BooleanField(help_text="现在是否可以办理")
    reasons = serializers.ListField(child=serializers.CharField(), help_text="不能办理的原因（逐项）")
    legal = BasisSerializer(source="transition.legal", many=True, help_text="法律依据")
    who = serializers.CharField(source="transition.who", help_text="办理主体")


def _action_name(data, machine) -> str:
    name = data.get("action") if hasattr(data, "get") else None
    if not isinstance(name, str) or not name:
        raise ServiceError(field_errors={"action": [f"请指定操作 action，可选：{'、'.join(machine.transitions)}。"]})
    machine.get(name)  # unknown → 400 naming the actions that exist
    return name


def transition_schema(machine, component: str) -> PolymorphicProxySerializer:
    """One request component per action, keyed by ``action`` (the inputs are imported here, in the API layer)."""
    inputs = {t.action: (t.input_class() or StepInput) for t in machine}
    return PolymorphicProxySerializer(component_name=component, serializers=inputs,
                                      resource_type_field_name="action")


def transition_endpoints(machine, detail_serializer, component: str = ""):
    """Class decorator documenting the two generated endpoints of a viewset."""
    component = component or f"{machine.app.title()}Transition"

    def decorate(cls):
        return extend_schema_view(
            transition=extend_schema(
                request=transition_schema(machine, component),
                responses={200: detail_serializer, 400: BAD, 404: NOT_FOUND, 409: REFUSED},
                description="办理一个程序步骤：action 为操作名，其余字段为该操作的参数（单位、附件以编码给出）。"
                            "不满足办理条件时答复 409，reasons 逐项列出。",
            ),
            actions=extend_schema(
                responses={200: OptionSerializer(many=True), 404: NOT_FOUND}, filters=False,
                description="当前用户现在可以办理的操作；不能办理的列出原因。",
            ),
        )(cls)

    return decorate


class TransitionAPIMixin:
    """Mix into a ``ScopedViewSet`` whose objects run on a kernel ``Machine``."""

    machine = None

    def transition_response(self, request, obj):
        """The object after the step (override to use the detail serializer)."""
        fresh = self.get_object()
        return Response(self.get_serializer_class()(fresh, context=self.get_serializer_context()).data)

    @action(detail=True, methods=["post"])
    def transition(self, request, *args, **kwargs):
        obj = self.get_object()  # scope first: an object out of scope answers 404 whatever the body
        machine = self.machine
        name = _action_name(request.data, machine)
        input_class = machine.get(name).input_class() or StepInput
        serializer = input_class(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        payload = dict(serializer.validated_data)
        payload.pop("action", None)
        machine.dispatch(actor=request.user, obj=obj, action=name, payload=payload)
        return self.transition_response(request, obj)

    @action(detail=True, methods=["get"])
    def actions(self, request, *args, **kwargs):
        obj = self.get_object()
        return Response(OptionSerializer(self.machine.options(request.user, obj), many=True).data)
