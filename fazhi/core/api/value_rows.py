"""A list page read as ``.values()`` rows and serialized from them, without model instances.

Fifty documents loaded as model instances, with the two agencies ``select_related`` joins to each, take about
as long again as the query itself; the same columns read as ``.values()`` dicts take a fraction of that. And DRF
builds a ModelSerializer's fields anew for each request. ``values_reader`` therefore plans an output serializer
once (per class, model, annotations and the viewset's ``list_only``), and a list then reads dicts. Every field
the serializer shows must be one the plan reads from a dict exactly as DRF reads it from an instance:

  * a concrete column, or an annotation of the queryset, shown by a field whose ``to_representation`` depends on
    nothing but the field's own settings (CharField, DateTimeField, ChoiceField …: one planned instance serves
    every request);
  * ``get_<column>_display``: Django's own label for the value;
  * either of these across forward foreign keys that cannot be NULL (``source="agency.name"``);
  * a nested plain serializer over a forward foreign key (``None`` when the key is NULL, as DRF gives);
  * a ``SerializerMethodField`` of the row's own serializer, when the viewset names the columns its list reads
    (``list_only``): the method, called on this request's serializer as DRF calls it, gets a row object holding
    those columns and the queryset's annotations as attributes (related rows as nested row objects). Reading
    anything else raises an AttributeError that says so — the instance path would run a query per row instead.

Anything else (a property or method of the model, a reverse or many-to-many relation, a nullable key crossed
by a dotted source, a field with its own ``get_attribute``, a serializer with its own ``__init__``,
``get_fields`` or ``to_representation``, prefetching, an aggregate or ``extra()``) and the list reads model
instances as before (``rows.serialize_rows``). The JSON is the same either way (tests/test_api_values.py).
"""

import copy
import inspect
from functools import partialmethod

from django.db import models
from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor, ForwardOneToOneDescriptor
from django.db.models.query import ModelIterable
from django.db.models.query_utils import DeferredAttribute
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from rest_framework import fields, serializers
from rest_framework.utils.serializer_helpers import ReturnList

# DRF fields whose to_representation reads only the field's own settings, never the request's context.
_PURE_REPRESENTATIONS = frozenset(cls.to_representation for cls in (
    fields.CharField, fields.IntegerField, fields.BigIntegerField, fields.FloatField, fields.DecimalField,
    fields.BooleanField, fields.DateField, fields.DateTimeField, fields.TimeField, fields.DurationField,
    fields.UUIDField, fields.ChoiceField, fields.JSONField, fields.ReadOnlyField))
_FORWARD_RELATIONS = (ForwardManyToOneDescriptor, ForwardOneToOneDescriptor)
_PLAIN_SERIALIZER_METHODS = {
    "__init__": serializers.BaseSerializer.__init__,
    "to_representation": serializers.Serializer.to_representation,
    "fields": serializers.Serializer.fields,
    "_readable_fields": serializers.Serializer._readable_fields,
}

_COLUMN, _DISPLAY, _NESTED, _METHOD = range(4)
_DEFAULT, _SKIP = object(), object()  # what a field gives when a nullable key on its way is NULL
_MISSING = object()
_READERS: dict[tuple, "ValuesReader | None"] = {}


class _Unplannable(Exception):
    """A field the plan cannot read from a dict exactly as DRF reads it from an instance."""


# ---------------------------------------------------------------- planning


def _plain(serializer) -> None:
    cls = type(serializer)
    if not isinstance(serializer, serializers.Serializer) or any(
            inspect.getattr_static(cls, name) is not method for name, method in _PLAIN_SERIALIZER_METHODS.items()):
        raise _Unplannable(cls.__name__)
    if cls.get_fields not in (serializers.Serializer.get_fields, serializers.ModelSerializer.get_fields):
        raise _Unplannable(cls.__name__)


def _relation(model, attr: str):
    """The forward foreign key (or one-to-one) ``attr`` of ``model``; _Unplannable when it is anything else."""
    descriptor = inspect.getattr_static(model, attr, None)
    if type(descriptor) not in _FORWARD_RELATIONS:
        raise _Unplannable(f"{model.__name__}.{attr}")
    return descriptor.field


def _hops(model, attrs, prefix: str, last_may_be_null: bool):
    """Follow ``attrs`` (forward keys) from ``model``: the model reached, the values() path, and the keys of the
    hops that may be NULL (where DRF meets None and gives the field's default; the last may be NULL for a nested
    serializer, which then shows None)."""
    path, nullable = [], []
    for i, attr in enumerate(attrs):
        relation = _relation(model, attr)
        path.append(attr)
        if relation.null and not (last_may_be_null and i == len(attrs) - 1):
            nullable.append(prefix + "__".join(path))
        model = relation.related_model
    return model, path, tuple(nullable)


def _column(model, attr: str):
    """The concrete, non-relational model field read through the plain attribute ``attr``, or None."""
    descriptor = inspect.getattr_static(model, attr, None)
    if type(descriptor) is DeferredAttribute and descriptor.field.name == attr and not descriptor.field.is_relation:
        return descriptor.field
    return None


def _display_of(model, attr: str):
    """The column whose ``get_<column>_display`` ``attr`` is (Django's own, not an override), or None."""
    method = inspect.getattr_static(model, attr, None)
    if isinstance(method, partialmethod) and method.func is models.Model._get_FIELD_display:
        field = method.keywords["field"]
        if _column(model, field.name) is field:
            return field
    return None


def _when_null(field):
    """What DRF's ``Field.get_attribute`` gives when a hop of the source is None: the default, None, or no key
    (_SKIP); a field that would raise instead is not planned."""
    if field.default is not fields.empty:
        return _DEFAULT
    if field.allow_null:
        return None
    if not field.required:
        return _SKIP
    raise _Unplannable(f"{field.field_name}: a NULL key would raise")


def _zoned(field) -> bool:
    """A DateTimeField that asks for the current time zone on every value (DRF's ``default_timezone()``, a
    context-local lookup that costs more than the conversion): each request gives it the zone once."""
    cls = type(field)
    return (isinstance(field, fields.DateTimeField) and not hasattr(field, "timezone")
            and cls.enforce_timezone is fields.DateTimeField.enforce_timezone
            and cls.default_timezone is fields.DateTimeField.default_timezone)


class _Entry:
    """One field of a plan: how its value is read from a values() row."""

    __slots__ = ("name", "kind", "key", "field", "how", "guards", "when_null", "zoned")

    def __init__(self, field, kind, key, how=None, guards=()):
        self.name, self.kind, self.key, self.field, self.how = field.field_name, kind, key, field, how
        self.guards = guards  # keys of nullable hops: when one is None, ``when_null`` stands for the value
        self.when_null = _when_null(field) if guards else None
        self.zoned = _zoned(field)


def _value_entry(field, model, annotations, prefix: str) -> _Entry:
    attrs = field.source_attrs
    if not attrs:
        raise _Unplannable(field.field_name)
    model, path, guards = _hops(model, attrs[:-1], prefix, last_may_be_null=False)
    last = attrs[-1]
    if not path and not prefix and last in annotations or _column(model, last) is not None:
        return _Entry(field, _COLUMN, prefix + "__".join([*path, last]), guards=guards)
    display = _display_of(model, last)
    if display is not None:
        return _Entry(field, _DISPLAY, prefix + "__".join([*path, display.name]), display, guards)
    raise _Unplannable(field.field_name)


class _Plan:
    """How one serializer's fields read a values() row; ``keys`` are the values() names it needs."""

    def __init__(self, serializer, model, annotations=(), prefix: str = "", methods: bool = False):
        _plain(serializer)
        self.entries: list[_Entry] = []
        for field in serializer._readable_fields:
            self.entries.append(self._entry(field, model, annotations, prefix, methods))
        self.keys: set[str] = set()
        for entry in self.entries:
            if entry.kind != _METHOD:
                self.keys |= {entry.key, *entry.guards}
            if entry.kind == _NESTED:
                self.keys |= entry.how.keys

    @staticmethod
    def _entry(field, model, annotations, prefix, methods) -> _Entry:
        if isinstance(field, serializers.SerializerMethodField):
            if not methods or type(field).to_representation is not serializers.SerializerMethodField.to_representation:
                raise _Unplannable(field.field_name)
            return _Entry(field, _METHOD, field.method_name)
        if type(field).get_attribute is not fields.Field.get_attribute:
            raise _Unplannable(field.field_name)
        if isinstance(field, serializers.Serializer):
            related, path, guards = _hops(model, field.source_attrs, prefix, last_may_be_null=True)
            if not path:
                raise _Unplannable(field.field_name)
            key = prefix + "__".join(path)
            return _Entry(field, _NESTED, key, _Plan(field, related, prefix=key + "__"), guards)
        if type(field).to_representation in _PURE_REPRESENTATIONS:
            return _value_entry(field, model, annotations, prefix)
        raise _Unplannable(field.field_name)

    @property
    def has_methods(self) -> bool:
        return any(entry.kind == _METHOD for entry in self.entries)

    def row(self, values: dict, request) -> dict:
        """Serializer.to_representation of one row: None stays None, every other value goes to the field."""
        ret = {}
        row_object = None
        for entry in self.entries:
            kind = entry.kind
            if kind == _METHOD:
                if row_object is None:
                    row_object = request.row_object(values)
                ret[entry.name] = getattr(request.owner, entry.key)(row_object)
                continue
            if entry.guards and any(values[key] is None for key in entry.guards):
                value = entry.when_null
                if value is _SKIP:
                    continue
                if value is _DEFAULT:
                    value = entry.field.get_default()
            elif kind == _NESTED:
                ret[entry.name] = None if values[entry.key] is None else entry.how.row(values, request)
                continue
            elif kind == _COLUMN:
                value = values[entry.key]
            else:
                value = request.display(entry.how, values[entry.key])
            if value is None:
                ret[entry.name] = None
            else:
                field = request.zoned(entry) if entry.zoned else entry.field
                ret[entry.name] = field.to_representation(value)
        return ret


# ---------------------------------------------------------------- row objects for method fields


class RowObject:
    """One values() row as attributes, for the method fields of a values-read list (see the module docstring).
    An attribute is looked up in the row the first time it is read (a method reads one or two of them)."""

    def __init__(self, values: dict, shape: "_RowShape"):
        self._values, self._shape = values, shape

    def __getattr__(self, name):
        value = self._shape.read(self._values, name)
        if value is _MISSING:
            raise AttributeError(
                f"{name!r} is not a column this list reads: a method field of a list read as values() sees only "
                "the viewset's list_only columns and the queryset's annotations — add the column to list_only")
        self.__dict__[name] = value
        return value


class _RowShape:
    """Which values() keys become which attributes of a row object, related rows as nested shapes."""

    def __init__(self, model):
        self.model = model
        self.attrs: dict[str, str] = {}  # attribute → values() key (the ``<relation>_id`` of each relation too)
        self.relations: dict[str, tuple[str, _RowShape]] = {}  # relation → (values() key of its id, its shape)

    def add(self, names, annotations=()):
        for name in names:
            self._add(name.split("__"), "", annotations)

    def _add(self, parts, key_prefix, annotations=()):
        """One values() name: a forward key becomes a nested shape (and its ``<name>_id``), a column or an
        annotation an attribute. Anything else (a reverse relation would repeat rows) is not planned."""
        first, rest = parts[0], parts[1:]
        if type(inspect.getattr_static(self.model, first, None)) in _FORWARD_RELATIONS:
            relation = self.model._meta.get_field(first)
            key = key_prefix + first
            if first not in self.relations:
                self.relations[first] = (key, _RowShape(relation.related_model))
                self.attrs[relation.attname] = key
            if rest:
                self.relations[first][1]._add(rest, key + "__")
        elif not rest and (first in annotations or _column(self.model, first) is not None):
            self.attrs[first] = key_prefix + first
        else:
            raise _Unplannable(f"{self.model.__name__}.{first}")

    def keys(self) -> set[str]:
        found = set(self.attrs.values())
        for key, shape in self.relations.values():
            found |= {key} | shape.keys()
        return found

    def read(self, values: dict, name: str):
        """Attribute ``name`` of the row object over ``values``: a value, a nested row object (None when its key
        is NULL, as Django gives), or _MISSING."""
        key = self.attrs.get(name)
        if key is not None:
            return values[key]
        relation = self.relations.get(name)
        if relation is None:
            return _MISSING
        key, shape = relation
        return None if values[key] is None else RowObject(values, shape)


# ---------------------------------------------------------------- the reader


class _Request:
    """What one request's rows share: the serializer its method fields are called on, the choice labels, and
    the date-time fields given the current time zone."""

    def __init__(self, owner, shape):
        self.owner = owner
        self.shape = shape
        self.labels: dict[int, dict] = {}
        self.fields: dict[int, fields.Field] = {}

    def display(self, column, value):
        """Model._get_FIELD_display: the label of ``value`` (as a string), or the value itself (as a string)
        when it is not a choice — with the labels built and forced once per request instead of once per row."""
        labels = self.labels.get(id(column))
        if labels is None:
            labels = self.labels[id(column)] = {
                key: force_str(label, strings_only=True) for key, label in make_hashable(column.flatchoices)}
        label = labels.get(make_hashable(value), _MISSING)
        return force_str(value, strings_only=True) if label is _MISSING else label

    def zoned(self, entry):
        """The entry's DateTimeField with this request's time zone set, as DRF's ``timezone`` argument does: DRF
        then converts to it without looking the zone up again for every value."""
        field = self.fields.get(id(entry))
        if field is None:
            field = self.fields[id(entry)] = copy.copy(entry.field)
            field.timezone = entry.field.default_timezone()
        return field

    def row_object(self, values):
        return RowObject(values, self.shape)


class ValuesReader:
    """A planned serializer: the values() columns a list page fetches, and its rows serialized from them."""

    def __init__(self, plan: _Plan, shape: _RowShape | None, columns: tuple[str, ...]):
        self.plan, self.shape, self.columns = plan, shape, columns

    def values(self, queryset):
        return queryset.values(*self.columns)

    def serialize(self, serializer_class, rows, context) -> ReturnList:
        """``serializer_class(instances, many=True, context=context).data`` for these values() rows."""
        many = serializer_class(rows, many=True, context=context)
        request = _Request(many.child, self.shape)
        return ReturnList([self.plan.row(row, request) for row in rows], serializer=many)


def _readable_queryset(queryset) -> bool:
    query = queryset.query
    return (queryset._iterable_class is ModelIterable and not queryset._prefetch_related_lookups
            and not query.extra_select and not query.combinator
            and not any(getattr(a, "contains_aggregate", False) for a in query.annotations.values()))


def _build(serializer_class, model, annotations, list_only, ordering) -> ValuesReader | None:
    try:
        plan = _Plan(serializer_class(context={}), model, annotations, methods=bool(list_only))
        shape = None
        pk = model._meta.pk.name
        keys = set(plan.keys) | {pk} | {name.lstrip("-") for name in ordering}
        if plan.has_methods:
            shape = _RowShape(model)
            shape.add([*list_only, *annotations, pk], annotations)
            shape.attrs["pk"] = pk
            keys |= shape.keys()
    except _Unplannable:
        return None
    return ValuesReader(plan, shape, tuple(sorted(keys)))


def values_reader(serializer_class, queryset, list_only=(), ordering=()) -> ValuesReader | None:
    """The planned reader of a list page of ``queryset`` shown by ``serializer_class``, or None when the list must
    read model instances (see the module docstring). ``ordering`` names the keyset's columns, which the cursor
    reads from the last row."""
    if not _readable_queryset(queryset):
        return None
    annotations = tuple(sorted(queryset.query.annotation_select))
    key = (serializer_class, queryset.model, annotations, tuple(list_only), tuple(ordering))
    try:
        return _READERS[key]
    except KeyError:
        reader = _READERS[key] = _build(serializer_class, queryset.model, annotations, list_only, ordering)
        return reader
