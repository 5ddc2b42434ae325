"""Token login, the caller's own profile and password, and the user accounts they administer."""

from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import notifications, selectors, services
from ..api_base import fields_renamed
from ..auth import LoginRefused, login_check
from ..filtersets import UserFilterSet
from ..idempotency import idempotent
from ..models import Region
from ..permissions import ROLE_PERMISSIONS, P, user_roles
from . import serializers as s
from .base import ScopedViewSet

# ---------------------------------------------------------------- token


@transaction.atomic
def _token_for(user) -> Token:
    """One token per account; logging in again returns the same one until it is revoked."""
    token, _ = Token.objects.get_or_create(user=user)
    return token


class TokenView(APIView):
    """POST {username, password} → {token}. Failures count toward the lockout like the login page."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        request=s.TokenInputSerializer,
        responses={
            200: s.TokenSerializer,
            400: OpenApiResponse(description="用户名或密码不正确，或缺少字段"),
            403: OpenApiResponse(description="登录失败次数过多，账号或地址已被锁定"),
        },
        auth=[],
    )
    def post(self, request):
        serializer = s.TokenInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            user = login_check(request, username=serializer.validated_data["username"],
                               password=serializer.validated_data["password"], channel="api")
        except LoginRefused as exc:
            code = status.HTTP_403_FORBIDDEN if exc.locked else status.HTTP_400_BAD_REQUEST
            return Response({"detail": exc.message, "locked": exc.locked}, status=code)
        return Response({"token": _token_for(user).key})


# ---------------------------------------------------------------- me


def _region_path(user) -> list[Region]:
    codes = [c for c in (user.region_path or "").split("/") if c]
    by_code = {r.code: r for r in Region.objects.filter(code__in=codes)}
    return [by_code[c] for c in codes if c in by_code]


class MeView(APIView):
    """Who am I: account, agency, region path, roles, permission codes, unread count."""

    # Reachable while the password must still be changed: the client needs must_change_password.
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=s.MeSerializer)
    def get(self, request):
        user = request.user
        roles = user_roles(user)
        perms = sorted(set().union(*(ROLE_PERMISSIONS.get(ra.role, set()) for ra in roles)))
        data = {
            "username": user.username,
            "full_name": user.full_name,
            "agency": user.agency,
            "region_path": _region_path(user),
            "roles": roles,
            "permissions": perms,
            "unread_notifications": notifications.unread_count(user),
            "must_change_password": user.must_change_password,
        }
        return Response(s.MeSerializer(data).data)


class MePasswordView(APIView):
    """The caller changes their own password; this clears the first-login gate."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=s.PasswordChangeInputSerializer, responses=s.PasswordChangedSerializer)
    def post(self, request):
        serializer = s.PasswordChangeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with fields_renamed({"password": "new_password"}):
            user = services.password_change(actor=request.user, **serializer.validated_data)
        if isinstance(request.successful_authenticator, SessionAuthentication):
            update_session_auth_hash(request._request, user)  # a browser session stays logged in
            return Response({"detail": "密码已修改。"})
        # The service revoked every token issued under the old password; the caller gets a fresh one.
        return Response({"detail": "密码已修改，原令牌已作废。", "token": _token_for(user).key})


# ---------------------------------------------------------------- users


class UserViewSet(ScopedViewSet):
    """Accounts inside the caller's scope, addressed by username."""

    selector = staticmethod(selectors.user_list)
    required_perm = P.VIEW_USER
    filterset_class = UserFilterSet
    serializer_class = s.UserSerializer
    ordering = ("username",)
    lookup_field = "username"
    lookup_value_regex = r"[\w.@+-]+"
    input_serializers = {
        "create": s.UserCreateSerializer,
        "partial_update": s.UserUpdateSerializer,
        "reset_password": s.PasswordResetInputSerializer,
        "roles": s.RoleGrantInputSerializer,
    }

    def _fresh(self, user):
        return selectors.get_scoped(self.get_queryset(), pk=user.pk)

    @extend_schema(request=s.UserCreateSerializer, responses={201: s.UserSerializer})
    @idempotent
    def create(self, request):
        data = self.input(request)
        user = services.user_create(actor=request.user, **data)
        # The new account may lie outside what the creator can list (a secadmin of one agency, say).
        return self.output(selectors.user_list(user=request.user).filter(pk=user.pk).first() or user,
                           status.HTTP_201_CREATED)

    @extend_schema(request=s.UserUpdateSerializer, responses=s.UserSerializer)
    def partial_update(self, request, username=None):
        user = self.get_object()
        data = self.input(request)
        services.user_update(actor=request.user, user=user, **data)
        return self.output(self._fresh(user))

    @extend_schema(request=s.PasswordResetInputSerializer, responses=s.DetailSerializer)
    @action(detail=True, methods=["post"], url_path="reset-password")
    def reset_password(self, request, username=None):
        user = self.get_object()
        data = self.input(request)
        with fields_renamed({"password": "new_password"}):
            services.user_reset_password(actor=request.user, user=user, new_password=data["new_password"])
        return Response({"detail": "已重置密码，该用户下次登录须修改密码。"})

    @extend_schema(request=s.RoleGrantInputSerializer, responses=s.UserSerializer)
    @action(detail=True, methods=["post"])
    def roles(self, request, username=None):
        user = self.get_object()
        data = self.input(request)
        services.role_grant(actor=request.user, user=user, role=data["role"], scope=data["scope"])
        return self.output(self._fresh(user))

    @extend_schema(request=None, responses=s.UserSerializer)
    @action(detail=True, methods=["delete"], url_path=r"roles/(?P<role>[a-z_]{1,30})")
    def revoke_role(self, request, username=None, role=None):
        user = self.get_object()
        services.role_revoke(actor=request.user, user=user, role=role)
        return self.output(self._fresh(user))
