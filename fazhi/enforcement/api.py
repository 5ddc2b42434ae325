"""API of the 行政执法 module under /api/v1/enforcement/ (first slice: the redaction preview)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from fazhi.core.permissions import has_perm

from .redaction import redact
from .workflow import Perm


class RedactionInput(serializers.Serializer):
    text = serializers.CharField(max_length=200000, allow_blank=True, trim_whitespace=False)
    parties = serializers.ListField(child=serializers.CharField(max_length=50), required=False, default=list,
                                    max_length=200)


class RedactionOutput(serializers.Serializer):
    text = serializers.CharField()


class RedactionPreview(APIView):
    """The text as it would be published: the same function the publication uses."""

    @extend_schema(request=RedactionInput, responses={200: RedactionOutput})
    def post(self, request):
        if not has_perm(request.user, Perm.VIEW):
            raise PermissionDenied("您没有行政执法的查看权限。")
        data = RedactionInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response({"text": redact(data.validated_data["text"], data.validated_data["parties"])})
