"""The org tree: regions by 行政区划代码, agencies by their public UUID code."""

from drf_spectacular.utils import extend_schema
from rest_framework import status

from .. import selectors, services
from ..filtersets import AgencyFilterSet, RegionFilterSet
from ..idempotency import idempotent
from ..permissions import P
from . import serializers as s
from .base import ScopedViewSet


class RegionViewSet(ScopedViewSet):
    selector = staticmethod(selectors.region_list)
    required_perm = P.VIEW_ORG
    filterset_class = RegionFilterSet
    serializer_class = s.RegionSerializer
    ordering = ("region_path",)
    lookup_field = "code"
    lookup_value_regex = r"[0-9]{1,12}"
    input_serializers = {"create": s.RegionCreateSerializer, "partial_update": s.RegionUpdateSerializer}

    @extend_schema(request=s.RegionCreateSerializer, responses={201: s.RegionSerializer})
    @idempotent
    def create(self, request):
        region = services.region_create(actor=request.user, **self.input(request))
        return self.output(region, status.HTTP_201_CREATED)

    @extend_schema(request=s.RegionUpdateSerializer, responses=s.RegionSerializer)
    def partial_update(self, request, code=None):
        region = services.region_update(actor=request.user, region=self.get_object(), **self.input(request))
        return self.output(region)


class AgencyViewSet(ScopedViewSet):
    selector = staticmethod(selectors.agency_list)
    required_perm = P.VIEW_ORG
    filterset_class = AgencyFilterSet
    serializer_class = s.AgencySerializer
    ordering = ("region_path", "name", "id")
    lookup_field = "code"
    lookup_value_regex = r"[0-9a-fA-F-]{32,36}"
    input_serializers = {"create": s.AgencyCreateSerializer, "partial_update": s.AgencyUpdateSerializer}

    @extend_schema(request=s.AgencyCreateSerializer, responses={201: s.AgencySerializer})
    @idempotent
    def create(self, request):
        agency = services.agency_create(actor=request.user, **self.input(request))
        return self.output(agency, status.HTTP_201_CREATED)

    @extend_schema(request=s.AgencyUpdateSerializer, responses=s.AgencySerializer)
    def partial_update(self, request, code=None):
        agency = services.agency_update(actor=request.user, agency=self.get_object(), **self.input(request))
        return self.output(agency)
