"""API inputs of the steps (``POST /api/v1/disputes/…/<code>/transition/``), built from steps.STEPS."""

from rest_framework import serializers

from .steps import OPTIONAL, STEPS, B, C, D, N, T


def _field(kind, label, choices, required):
    if kind == D:
        return serializers.DateField(help_text=label, required=required, allow_null=not required)
    if kind == N:
        return serializers.IntegerField(help_text=label, min_value=1, max_value=30)
    if kind == B:
        return serializers.BooleanField(help_text=label, required=False, default=False)
    if kind == C:
        return serializers.ChoiceField(help_text=label, choices=choices, required=required,
                                       allow_blank=not required)
    return serializers.CharField(help_text=label, required=required, allow_blank=not required,
                                 max_length=5000 if kind == T else 200)


for _name, _spec in STEPS.items():
    _fields = {"action": serializers.CharField(max_length=40, help_text="操作名")}
    _fields.update({f: _field(k, label, ch, f not in OPTIONAL) for f, k, label, ch in _spec})
    globals()[f"{_name}Input"] = type(f"{_name}Input", (serializers.Serializer,), _fields)
