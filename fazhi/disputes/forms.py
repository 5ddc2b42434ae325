"""Page forms of the steps, built from steps.STEPS (StepForm: payload() goes to the service)."""

from django import forms

from fazhi.procedure.forms import StepForm

from .steps import OPTIONAL, STEPS, B, C, D, N, T


def _field(kind, label, choices, required):
    if kind == D:
        return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}))
    if kind == N:
        return forms.IntegerField(label=label, required=required, min_value=1, max_value=30)
    if kind == B:
        return forms.BooleanField(label=label, required=False)
    if kind == C:
        return forms.ChoiceField(label=label, required=required, choices=choices)
    return forms.CharField(label=label, required=required, max_length=5000 if kind == T else 200,
                           widget=forms.Textarea(attrs={"rows": 3}) if kind == T else None)


def _build(name, spec):
    fields = {f: _field(k, label, ch, f not in OPTIONAL) for f, k, label, ch in spec}
    return type(f"{name}Form", (StepForm,), fields)


for _name, _spec in STEPS.items():
    globals()[f"{_name}Form"] = _build(_name, _spec)
