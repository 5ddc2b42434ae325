"""A list page's rows through its output serializer, without DRF's per-attribute lookups.

DRF reads each field of each row with ``fields.get_attribute``, which asks ``is_simple_callable`` of every value
it meets (an ``inspect.signature`` for each method such as ``get_state_display``): for a page of fifty rows of
twenty fields that costs more than the query. ``serialize_rows`` plans the serializer's fields once per page and
then reads plain attributes with ``getattr``, calls the methods DRF would call (the decision cached per class and
attribute), and hands every value to the field's own ``to_representation``: the same output as
``serializer.data``. Anything out of the ordinary (a field with its own ``get_attribute``, a serializer with its
own ``to_representation``, a missing attribute, a dict row) goes through DRF's own path.
"""

from collections.abc import Mapping

from django.core.exceptions import ObjectDoesNotExist
from rest_framework import serializers
from rest_framework.fields import Field, SkipField, is_simple_callable
from rest_framework.relations import PKOnlyObject
from rest_framework.utils.serializer_helpers import ReturnList

_SLOW = object()  # this value needs DRF's own path
_CALLABLE: dict[tuple[type, str], bool] = {}
_MAPPING: dict[type, bool] = {}  # isinstance(x, Mapping) goes through the ABC machinery: once per class


def _plain(serializer) -> bool:
    return (isinstance(serializer, serializers.Serializer)
            and type(serializer).to_representation is serializers.Serializer.to_representation)


def _read(instance, attrs):
    """``fields.get_attribute(instance, attrs)``, or _SLOW where DRF's handling is needed."""
    for attr in attrs:
        cls = type(instance)
        mapping = _MAPPING.get(cls)
        if mapping is None:
            mapping = _MAPPING[cls] = isinstance(instance, Mapping)
        if mapping:
            return _SLOW
        try:
            value = getattr(instance, attr)
        except ObjectDoesNotExist:
            return None
        except AttributeError:
            return _SLOW
        if callable(value):
            key = (cls, attr)
            simple = _CALLABLE.get(key)
            if simple is None:
                try:
                    simple = _CALLABLE[key] = is_simple_callable(value)
                except Exception:  # noqa: BLE001 — a built-in: DRF raises its own message for it
                    return _SLOW
            if simple:
                try:
                    value = value()
                except (AttributeError, KeyError):
                    return _SLOW  # DRF turns these into a ValueError with its message
        instance = value
    return instance


class _Plan:
    def __init__(self, serializer):
        self.fields = []
        for field in serializer._readable_fields:
            direct = type(field).get_attribute is Field.get_attribute
            self.fields.append((field.field_name, field, tuple(field.source_attrs) if direct else None,
                                _Plan(field) if _plain(field) else None))

    def row(self, instance) -> dict:
        ret = {}
        for name, field, attrs, nested in self.fields:
            attribute = _SLOW if attrs is None else _read(instance, attrs)
            if attribute is _SLOW:
                try:
                    attribute = field.get_attribute(instance)
                except SkipField:
                    continue
            check_for_none = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
            if check_for_none is None:
                ret[name] = None
            elif nested is not None:
                ret[name] = nested.row(attribute)
            else:
                ret[name] = field.to_representation(attribute)
        return ret


def serialize_rows(serializer_class, rows, context) -> list:
    """``serializer_class(rows, many=True, context=context).data``, read faster (see the module's docstring)."""
    many = serializer_class(rows, many=True, context=context)
    if not isinstance(many, serializers.ListSerializer) or type(many).to_representation is not \
            serializers.ListSerializer.to_representation or not _plain(many.child):
        return many.data
    plan = _Plan(many.child)
    return ReturnList([plan.row(row) for row in rows], serializer=many)
