"""Serializers of the core API. Output serializers describe rows; input serializers validate payloads.

Input serializers only check shape and resolve codes inside the caller's scope; every rule about the
data itself lives in the services, which answer with ``ServiceError`` (→ 400) when it is broken.
"""

import datetime as dt

from django.utils import timezone
from rest_framework import serializers

from .. import selectors, workdays
from ..api_base import ScopedCodeField
from ..choices import (
    AgencyDuty,
    AgencyKind,
    DeadlineEventKind,
    NotificationLevel,
    PeriodUnit,
    RegionLevel,
    Role,
    Scope,
)
from ..deadlines import deadline_explain
from ..models import Agency, AuditEvent, Deadline, DeadlineEvent, Notification, Region, User

# The calendar's own bounds keep absurd input out of date arithmetic (a period of decades is a typo).
MIN_DATE = dt.date(workdays.MIN_YEAR, 1, 1)
MAX_DATE = dt.date(workdays.MAX_YEAR, 12, 31)
MAX_DAYS = workdays.MAX_DAYS
MAX_MONTHS = workdays.MAX_MONTHS
MAX_ID = 2**63 - 1


def _check_date_bounds(value: dt.date) -> dt.date:
    if not MIN_DATE <= value <= MAX_DATE:
        raise serializers.ValidationError(f"日期应在 {MIN_DATE.year} 年至 {MAX_DATE.year} 年之间。")
    return value


class BoundedDateField(serializers.DateField):
    def to_internal_value(self, value):
        return _check_date_bounds(super().to_internal_value(value))


def _password_field(**kwargs):
    return serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"}, **kwargs)


# ---------------------------------------------------------------- references and small pieces


class RegionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name"]


class AgencyRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["code", "name"]


class UserRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["username", "full_name"]


class RoleSerializer(serializers.Serializer):
    role = serializers.CharField()
    role_label = serializers.CharField(source="get_role_display")
    scope = serializers.CharField()
    scope_label = serializers.CharField(source="get_scope_display")


# ---------------------------------------------------------------- auth and me


class TokenInputSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = _password_field()


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField()
    agency = AgencyRefSerializer(allow_null=True)
    region_path = RegionRefSerializer(many=True, help_text="从州到本人所在区划")
    roles = RoleSerializer(many=True)
    permissions = serializers.ListField(child=serializers.CharField())
    unread_notifications = serializers.IntegerField()
    must_change_password = serializers.BooleanField()


class PasswordChangeInputSerializer(serializers.Serializer):
    old_password = _password_field()
    new_password = _password_field()


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


class PasswordChangedSerializer(DetailSerializer):
    token = serializers.CharField(required=False, help_text="令牌认证时返回的新令牌（原令牌已作废）")


# ---------------------------------------------------------------- regions


class RegionSerializer(serializers.ModelSerializer):
    level_label = serializers.CharField(source="get_level_display")
    parent = RegionRefSerializer(allow_null=True)

    class Meta:
        model = Region
        fields = ["code", "name", "level", "level_label", "parent", "region_path", "is_active"]


class RegionCreateSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=12)
    name = serializers.CharField(max_length=60)
    level = serializers.ChoiceField(choices=RegionLevel.choices)
    parent = ScopedCodeField(selectors.region_list, "code", required=False, allow_null=True)


class RegionUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60, required=False)
    is_active = serializers.BooleanField(required=False)


# ---------------------------------------------------------------- agencies


class AgencySerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    region = RegionRefSerializer()
    parent = AgencyRefSerializer(allow_null=True)

    class Meta:
        model = Agency
        fields = ["code", "name", "short_name", "kind", "kind_label", "duty", "region", "parent", "credit_code",
                  "doc_prefix", "is_active"]


class AgencyCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=AgencyKind.choices)
    duty = serializers.ChoiceField(choices=AgencyDuty.choices, required=False, allow_blank=True, default="")
    region = ScopedCodeField(selectors.region_list, "code")
    parent = ScopedCodeField(selectors.agency_list, "code", required=False, allow_null=True)
    short_name = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    credit_code = serializers.CharField(max_length=18, required=False, allow_blank=True, allow_null=True,
                                        default=None)
    doc_prefix = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


class AgencyUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, required=False)
    kind = serializers.ChoiceField(choices=AgencyKind.choices, required=False)
    duty = serializers.ChoiceField(choices=AgencyDuty.choices, required=False, allow_blank=True)
    parent = ScopedCodeField(selectors.agency_list, "code", required=False, allow_null=True)
    short_name = serializers.CharField(max_length=40, required=False, allow_blank=True)
    credit_code = serializers.CharField(max_length=18, required=False, allow_blank=True, allow_null=True)
    doc_prefix = serializers.CharField(max_length=20, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


# ---------------------------------------------------------------- users and roles


class UserSerializer(serializers.ModelSerializer):
    agency = AgencyRefSerializer(allow_null=True)
    roles = RoleSerializer(many=True, source="role_assignments")

    class Meta:
        model = User
        fields = ["username", "full_name", "agency", "phone", "email", "is_active", "must_change_password",
                  "last_login", "roles"]


class UserCreateSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    full_name = serializers.CharField(max_length=40)
    agency = ScopedCodeField(selectors.agency_list, "code")
    password = _password_field()
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True, default="")
    must_change_password = serializers.BooleanField(required=False, default=True)


class UserUpdateSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=40, required=False)
    agency = ScopedCodeField(selectors.agency_list, "code", required=False)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


class PasswordResetInputSerializer(serializers.Serializer):
    new_password = _password_field()


class RoleGrantInputSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)
    scope = serializers.ChoiceField(choices=Scope.choices)


# ---------------------------------------------------------------- notifications


def _codes_help(choices) -> str:
    return "、".join(f"{value} {label}" for value, label in choices.choices)


# Plain strings (codes listed in the help text) where a second enum of the same field name would
# make drf-spectacular guess a component name ("level" of regions vs notifications, "kind" of
# agencies vs deadline events).
class NotificationSerializer(serializers.ModelSerializer):
    level = serializers.CharField(help_text=_codes_help(NotificationLevel))
    level_label = serializers.CharField(source="get_level_display")

    class Meta:
        model = Notification
        fields = ["id", "title", "body", "link", "level", "level_label", "created_at", "read_at"]


class MarkReadInputSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False, max_length=1000,
        help_text="要标记为已读的通知编号；省略则全部标记为已读",
    )


class MarkReadSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="本次标记为已读的条数")
    unread = serializers.IntegerField(help_text="剩余未读条数")


# ---------------------------------------------------------------- deadlines


class DeadlineSerializer(serializers.ModelSerializer):
    unit_label = serializers.CharField(source="get_unit_display")
    status_label = serializers.CharField(source="get_status_display")
    agency = AgencyRefSerializer()
    responsible = UserRefSerializer(allow_null=True)

    class Meta:
        model = Deadline
        fields = ["id", "object_repr", "link", "rule_code", "legal_source", "start_date", "period", "unit",
                  "unit_label", "due_date", "provisional", "status", "status_label", "agency", "responsible",
                  "paused_on", "completed_on", "cancel_reason", "created_at"]


class DeadlineEventSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(help_text=_codes_help(DeadlineEventKind))
    kind_label = serializers.CharField(source="get_kind_display")

    class Meta:
        model = DeadlineEvent
        fields = ["kind", "kind_label", "on_date", "amount", "unit", "reason", "created_at"]


class DeadlineDetailSerializer(DeadlineSerializer):
    events = DeadlineEventSerializer(many=True)
    explanation = serializers.SerializerMethodField()

    class Meta(DeadlineSerializer.Meta):
        fields = [*DeadlineSerializer.Meta.fields, "events", "explanation"]

    def get_explanation(self, obj) -> list[str]:
        return list(deadline_explain(obj))


TRANSITION_ACTION_CHOICES = [
    ("pause", "中止计时"),
    ("resume", "恢复计时"),
    ("extend", "延长期限"),
    ("complete", "办结"),
    ("cancel", "撤销"),
]
TRANSITION_ACTIONS = tuple(code for code, _ in TRANSITION_ACTION_CHOICES)
# The fields each action needs besides ``action`` (on_date defaults to today).
TRANSITION_REQUIRED = {
    "pause": ("reason",),
    "resume": (),
    "extend": ("amount", "unit", "reason"),
    "complete": (),
    "cancel": ("reason",),
}


class DeadlineTransitionInputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=TRANSITION_ACTION_CHOICES,
        error_messages={"invalid_choice": f"未知的操作“{{input}}”，可选：{'、'.join(TRANSITION_ACTIONS)}。"},
        help_text="pause 中止计时、resume 恢复计时、extend 延长、complete 办结、cancel 撤销",
    )
    on_date = BoundedDateField(required=False, help_text="pause / resume / complete 的日期，默认今天")
    reason = serializers.CharField(max_length=300, required=False, help_text="pause / extend / cancel 必填")
    amount = serializers.IntegerField(min_value=1, max_value=MAX_DAYS, required=False, help_text="extend 必填")
    unit = serializers.ChoiceField(choices=PeriodUnit.choices, required=False, help_text="extend 必填")

    def validate(self, attrs):
        missing = [name for name in TRANSITION_REQUIRED[attrs["action"]] if attrs.get(name) in (None, "")]
        if missing:
            raise serializers.ValidationError({name: ["该字段是必填项。"] for name in missing})
        attrs.setdefault("on_date", timezone.localdate())
        return attrs


# ---------------------------------------------------------------- audit


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = ["id", "occurred_at", "actor_name", "actor_role", "agency_name", "action", "object_type",
                  "object_id", "object_repr", "before", "after", "client_ip", "request_id", "prev_hash", "hash"]


# ---------------------------------------------------------------- calendar


class AddWorkingDaysQuerySerializer(serializers.Serializer):
    start = BoundedDateField(help_text="起算日 YYYY-MM-DD")
    days = serializers.IntegerField(min_value=0, max_value=MAX_DAYS, help_text="工作日数")


class WorkingDaysBetweenQuerySerializer(serializers.Serializer):
    start = BoundedDateField(help_text="起始日 YYYY-MM-DD")
    end = BoundedDateField(help_text="截止日 YYYY-MM-DD")


class AddDaysStatutoryQuerySerializer(serializers.Serializer):
    start = BoundedDateField(help_text="起算日 YYYY-MM-DD")
    days = serializers.IntegerField(min_value=0, max_value=MAX_DAYS, required=False, help_text="自然日数")
    months = serializers.IntegerField(min_value=0, max_value=MAX_MONTHS, required=False, help_text="月数")

    def validate(self, attrs):
        if ("days" in attrs) == ("months" in attrs):
            raise serializers.ValidationError({"days": ["请在 days（自然日）与 months（月）中指定且只指定一个。"]})
        return attrs


class CalendarResultSerializer(serializers.Serializer):
    date = serializers.DateField()
    provisional = serializers.BooleanField(help_text="日历未覆盖相关年度，结果为暂定")
    warnings = serializers.ListField(child=serializers.CharField())
    steps = serializers.ListField(child=serializers.CharField(), help_text="推算过程")


class CountResultSerializer(serializers.Serializer):
    days = serializers.IntegerField()
    provisional = serializers.BooleanField()
    warnings = serializers.ListField(child=serializers.CharField())
