"""The public library's API, ``GET /api/v1/documents/public/``: published documents only, no login.

It reads through ``portal.selectors`` like the portal pages, so the page and the API can never show
different things; the documents module knows nothing of the public site.
"""

from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import permissions, serializers, viewsets
from rest_framework.response import Response

from fazhi.core.api.serializers import AgencyRefSerializer
from fazhi.core.api_base import KeysetPagination
from fazhi.documents.api.serializers import DocumentRefSerializer, validity_of
from fazhi.documents.api.views import CODE_REGEX
from fazhi.documents.choices import Validity
from fazhi.documents.models import NormativeDocument
from fazhi.documents.selectors import DOCUMENT_LIST_DEFER

from . import selectors as public
from .filtersets import PublicDocumentFilterSet


class PublicDocumentSerializer(serializers.ModelSerializer):
    issuing_agency = AgencyRefSerializer()
    category_label = serializers.CharField(source="get_category_display")
    validity = serializers.SerializerMethodField()
    validity_label = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="门户网站上的文件页面")

    class Meta:
        model = NormativeDocument
        fields = ["code", "title", "number", "issuing_agency", "category", "category_label", "publication_date",
                  "effective_date", "expiry_date", "validity", "validity_label", "url"]

    def get_validity(self, obj) -> str:
        return validity_of(obj)

    def get_validity_label(self, obj) -> str:
        return Validity(validity_of(obj)).label

    def get_url(self, obj) -> str:
        return reverse("portal:document_detail", kwargs={"code": obj.code})


class HistoryEntrySerializer(serializers.Serializer):
    on = serializers.DateField()
    text = serializers.CharField()
    link_code = serializers.CharField(allow_blank=True)
    upcoming = serializers.BooleanField()


class PublicDocumentDetailSerializer(PublicDocumentSerializer):
    signed_pdf_url = serializers.SerializerMethodField()
    amended_by = serializers.SerializerMethodField()
    repealed_by = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()

    class Meta(PublicDocumentSerializer.Meta):
        fields = PublicDocumentSerializer.Meta.fields + [
            "body", "adoption_summary", "signed_pdf_url", "amended_on", "amended_by", "repealed_on",
            "repealed_by", "invalid_from", "history",
        ]

    def get_signed_pdf_url(self, obj) -> str | None:
        if not obj.signed_pdf_id:
            return None
        return reverse("portal:attachment_download", kwargs={"code": obj.signed_pdf.code})

    def _related(self, obj) -> dict:
        cache = self.context.setdefault("_related", {})
        if obj.pk not in cache:
            cache[obj.pk] = public.related(obj)
        return cache[obj.pk]

    @extend_schema_field(DocumentRefSerializer(allow_null=True))
    def get_amended_by(self, obj):
        doc = self._related(obj)["amended_by"]
        return DocumentRefSerializer(doc).data if doc else None

    @extend_schema_field(DocumentRefSerializer(allow_null=True))
    def get_repealed_by(self, obj):
        doc = self._related(obj)["repealed_by"]
        return DocumentRefSerializer(doc).data if doc else None

    @extend_schema_field(HistoryEntrySerializer(many=True))
    def get_history(self, obj):
        return HistoryEntrySerializer(public.history(obj), many=True).data


class PublicDocumentViewSet(viewsets.GenericViewSet):
    """The public library: published documents only, no login, never a draft."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    filter_backends = [DjangoFilterBackend]
    serializer_class = PublicDocumentSerializer
    filterset_class = PublicDocumentFilterSet
    pagination_class = KeysetPagination
    ordering = ("-publication_date", "-id")
    lookup_field = "code"
    lookup_value_regex = CODE_REGEX

    def get_queryset(self):
        return public.documents()

    @extend_schema(auth=[], description="检索已公布的规范性文件：q 关键词（标题与正文全文检索）、issuer 制定机关编码、"
                                        "year 公布年度、status 效力状态")
    def list(self, request):
        queryset = self.filter_queryset(self.get_queryset()).defer(*DOCUMENT_LIST_DEFER)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(auth=[], responses=PublicDocumentDetailSerializer, filters=False)
    def retrieve(self, request, code=None):
        doc = public.document(code)
        return Response(PublicDocumentDetailSerializer(doc, context=self.get_serializer_context()).data)
