"""The base viewset every API resource builds on: reads through a selector, one FilterSet per list,
keyset pages, and the same 404 for a missing and a forbidden object.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from ..api_base import DEFAULT_PERMISSIONS, NOT_FOUND_MESSAGE, KeysetPagination
from .filtering import ScopedFilterBackend
from .rows import serialize_rows
from .value_rows import values_reader


class ScopedViewSet(viewsets.GenericViewSet):
    """Reads through a selector, filters through the list's FilterSet, fetches with 404-for-forbidden.

    Subclasses set:
      ``selector``        staticmethod(selectors.<x>_list): user → the user's scoped queryset
      ``required_perm``   permission code the user must hold at all (403 otherwise), or None
      ``filterset_class`` the list's FilterSet (shared with the pages)
      ``ordering``        keyset ordering, ending with a unique field
      ``lookup_field``    the public code in the URL (never a sequential id where a code exists)
      ``serializer_class`` the output serializer; ``input_serializers`` maps action → input serializer
    Writes call services with ``actor=request.user``; services re-check permission and scope.
    """

    selector = None
    required_perm: str | None = None
    permission_classes = DEFAULT_PERMISSIONS
    # django-filter's backend, skipping the FilterSet when no filter is asked for (api/filtering.py)
    filter_backends = [ScopedFilterBackend]
    pagination_class = KeysetPagination
    ordering: tuple[str, ...] = ("-id",)
    input_serializers: dict[str, type[serializers.Serializer]] = {}
    # Long columns the list's serializer never shows (bodies, search tokens): not fetched for a list page.
    list_defer: tuple[str, ...] = ()
    # Or only the columns the list's serializer reads (``only()`` names, related rows' included): whole rows of
    # an object and of the agencies it joins take several times as long to load as a page's serializing. A list
    # read as values() (api/value_rows.py) hands these columns to the serializer's method fields.
    list_only: tuple[str, ...] = ()

    def get_queryset(self):
        # Schema generation runs with an anonymous user: the selector then gives an empty queryset.
        return type(self).selector(user=self.request.user)

    def get_object(self):
        """The object named in the URL, from the scoped queryset; 404 when missing or out of scope."""
        lookup_url_kwarg = self.lookup_url_kwarg or self.lookup_field
        value = self.kwargs[lookup_url_kwarg]
        try:
            obj = self.get_queryset().filter(**{self.lookup_field: value}).first()
        except (ValueError, TypeError, DjangoValidationError):
            obj = None  # a malformed code names nothing
        if obj is None:
            raise Http404(NOT_FOUND_MESSAGE)
        self._scope_checked = True
        return obj

    def get_serializer_class(self):
        return self.input_serializers.get(self.action, self.serializer_class)

    def input(self, request, serializer_class=None, **kwargs) -> dict:
        """Validate the request body with the action's input serializer; 400 with field errors.

        Scope comes first: on an endpoint naming an object, a caller who may not see it gets 404 before
        anything of the body is read or validated (never a 400 that confirms the object exists)."""
        lookup_url_kwarg = self.lookup_url_kwarg or self.lookup_field
        if lookup_url_kwarg in self.kwargs and not getattr(self, "_scope_checked", False):
            self.get_object()
        cls = serializer_class or self.input_serializers[self.action]
        serializer = cls(data=request.data, context=self.get_serializer_context(), **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def output(self, obj, status_code=status.HTTP_200_OK, serializer_class=None) -> Response:
        cls = serializer_class or self.serializer_class
        return Response(cls(obj, context=self.get_serializer_context()).data, status=status_code)

    def list(self, request, *args, **kwargs):
        """One keyset page, read as ``.values()`` rows where the serializer allows it (api/value_rows.py), else
        as model instances of the listed columns; the JSON is the same either way."""
        queryset = self.filter_queryset(self.get_queryset())
        reader = values_reader(self.serializer_class, queryset, self.list_only, self.ordering or ("-id",))
        if reader is not None:
            queryset = reader.values(queryset)
        elif self.list_only:
            queryset = queryset.only(*self.list_only)
        elif self.list_defer:
            queryset = queryset.defer(*self.list_defer)
        page = self.paginate_queryset(queryset)
        context = self.get_serializer_context()
        if reader is not None:
            data = reader.serialize(self.serializer_class, page, context)
        else:
            # serializer_class(page, many=True).data, without DRF's per-attribute lookups (api/rows.py)
            data = serialize_rows(self.serializer_class, page, context)
        return self.get_paginated_response(data)

    def retrieve(self, request, *args, **kwargs):
        return self.output(self.get_object())
