"""Forms of the administration pages (org tree, users and roles, calendar).

Forms only parse input; the services validate the rules and write. A form's field names follow the
service's parameters, so ``ServiceError.field_errors`` lands next to the right field.
"""

import datetime as dt

import django_filters as df
from django import forms
from django.core.exceptions import ValidationError

from .choices import SCOPE_RANK, AgencyDuty, AgencyKind, RegionLevel, Role, Scope
from .errors import NotPermitted, ServiceError
from .models import Agency, CalendarDay, Region
from .validators import validate_region_code


class AdminForm(forms.Form):
    """A form whose refused service call is shown in place (widgets are styled by ``fz_widget``)."""

    #: service field name → form field name, where they differ
    service_field_map: dict[str, str] = {}

    def apply_service_error(self, exc: ServiceError | NotPermitted) -> None:
        """Show a refused service call on the form: field errors next to their fields."""
        field_errors = getattr(exc, "field_errors", None) or {}
        if not field_errors:
            self.add_error(None, exc.message or "操作未完成。")
            return
        for name, messages in field_errors.items():
            target = self.service_field_map.get(name, name)
            for message in messages:
                self.add_error(target if target in self.fields else None, message)


def agency_label(agency: Agency) -> str:
    region = agency.region.name if agency.region_id else ""
    return f"{agency.name}（{region}）" if region and region not in agency.name else agency.name


class AgencyChoiceField(forms.ModelChoiceField):
    """An agency picked by its public code; the queryset is the actor's scoped list."""

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault("to_field_name", "code")
        super().__init__(queryset.select_related("region").order_by("region_path", "name"), **kwargs)

    def label_from_instance(self, obj):
        return agency_label(obj)


class RegionChoiceField(forms.ModelChoiceField):
    def __init__(self, queryset, **kwargs):
        kwargs.setdefault("to_field_name", "code")
        super().__init__(queryset.order_by("region_path"), **kwargs)

    def label_from_instance(self, obj):
        indent = "　" * max(0, obj.level - RegionLevel.PREFECTURE)
        return f"{indent}{obj.name}（{obj.code}）"


# ---------------------------------------------------------------- regions and agencies


class RegionCreateForm(AdminForm):
    parent = RegionChoiceField(Region.objects.none(), label="上级区划", required=False, empty_label="（无，州级）")
    level = forms.TypedChoiceField(label="层级", choices=RegionLevel.choices, coerce=int)
    code = forms.CharField(label="行政区划代码", max_length=12,
                           help_text="县级及以上 6 位（GB/T 2260），乡镇街道 9 位，村居 12 位，须以上级代码开头。")
    name = forms.CharField(label="名称", max_length=60)

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        if parents is not None:
            self.fields["parent"].queryset = parents.filter(level__lt=RegionLevel.VILLAGE).order_by("region_path")

    def clean(self):
        data = super().clean()
        level, code, parent = data.get("level"), data.get("code"), data.get("parent")
        # The same check the model runs, made here too so that the message sits next to the code field.
        if level and code:
            try:
                validate_region_code(code.strip(), level, parent.code if parent else None)
            except ValidationError as exc:
                self.add_error("code", exc)
        return data


class RegionEditForm(AdminForm):
    name = forms.CharField(label="名称", max_length=60)
    is_active = forms.BooleanField(label="启用", required=False)


class AgencyForm(AdminForm):
    region = RegionChoiceField(Region.objects.none(), label="所属区划")
    name = forms.CharField(label="名称", max_length=100)
    short_name = forms.CharField(label="简称", max_length=40, required=False)
    kind = forms.ChoiceField(label="类别", choices=AgencyKind.choices)
    duty = forms.ChoiceField(label="职能", choices=AgencyDuty.choices, required=False,
                             help_text="司法行政部门负责合法性审核，市场监督管理部门参与公平竞争会审。")
    parent = AgencyChoiceField(Agency.objects.none(), label="上级单位", required=False, empty_label="（无）")
    credit_code = forms.CharField(label="统一社会信用代码", max_length=18, required=False,
                                  help_text="18 位（GB 32100-2015），保存时核对校验位。")
    doc_prefix = forms.CharField(label="发文机关代字", max_length=20, required=False,
                                 help_text="用于三统一编号，如“黔西南府规”。")
    is_active = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args, regions=None, agencies=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if regions is not None:
            self.fields["region"].queryset = regions.order_by("region_path")
        if agencies is not None:
            self.fields["parent"].queryset = agencies.select_related("region").order_by("region_path", "name")
        if editing:
            # The region is fixed once created: other rows copy its path.
            del self.fields["region"]
        else:
            del self.fields["is_active"]

    def clean_credit_code(self):
        return self.cleaned_data["credit_code"].strip().upper()


# ---------------------------------------------------------------- users and roles


class UserCreateForm(AdminForm):
    username = forms.CharField(label="用户名", max_length=150, help_text="登录用，创建后不能修改。")
    full_name = forms.CharField(label="姓名", max_length=40)
    agency = AgencyChoiceField(Agency.objects.none(), label="所属单位")
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput(render_value=False),
                               help_text="至少 8 位，含大写字母、小写字母、数字、特殊字符中的 3 类，不得与用户名相同。")
    password2 = forms.CharField(label="确认初始密码", widget=forms.PasswordInput(render_value=False))
    must_change_password = forms.BooleanField(label="首次登录须修改密码", required=False, initial=True)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies.select_related("region").order_by("region_path", "name")

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password2") is not None and data["password"] != data["password2"]:
            self.add_error("password2", "两次输入的密码不一致。")
        return data


class UserEditForm(AdminForm):
    full_name = forms.CharField(label="姓名", max_length=40)
    agency = AgencyChoiceField(Agency.objects.none(), label="所属单位")
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies.select_related("region").order_by("region_path", "name")


class PasswordResetForm(AdminForm):
    new_password = forms.CharField(label="临时密码", widget=forms.PasswordInput(render_value=False),
                                   help_text="用户下次登录时须修改。")
    new_password2 = forms.CharField(label="确认临时密码", widget=forms.PasswordInput(render_value=False))
    service_field_map = {"password": "new_password"}

    def clean(self):
        data = super().clean()
        if data.get("new_password") and data.get("new_password2") is not None \
                and data["new_password"] != data["new_password2"]:
            self.add_error("new_password2", "两次输入的密码不一致。")
        return data


def role_scope_value(role: str, scope: str) -> str:
    return f"{role}:{scope}"


class AnyPairField(forms.ChoiceField):
    """A select whose offered choices are a hint, not a whitelist: the service decides."""

    def valid_value(self, value):
        return True


class RoleGrantForm(AdminForm):
    """One select of (role, data scope) pairs: only the pairs the actor may grant are offered.

    Any well-formed pair is accepted here, so that a refused one comes back from the service with its
    reasons rather than as a bare "invalid choice".
    """

    grant = AnyPairField(label="授予角色及数据范围", choices=())
    service_field_map = {"role": "grant", "scope": "grant"}

    def __init__(self, *args, offered: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        groups: dict[str, list[tuple[str, str]]] = {}
        for role, scope in offered or []:
            groups.setdefault(Role(role).label, []).append((role_scope_value(role, scope), Scope(scope).label))
        self.fields["grant"].choices = [("", "请选择")] + list(groups.items())

    def clean_grant(self):
        value = self.cleaned_data["grant"]
        role, _, scope = value.partition(":")
        if role not in Role.values or scope not in Scope.values:
            raise ValidationError("请选择角色及数据范围。")
        return role, scope


def grant_pairs_sorted(pairs):
    """Roles in their declared order, widest scope first."""
    order = {role: i for i, role in enumerate(Role.values)}
    return sorted(pairs, key=lambda p: (order[p[0]], -SCOPE_RANK[p[1]]))


# ---------------------------------------------------------------- calendar


class CalendarDayForm(AdminForm):
    # A text field in the project's own format: browsers draw <input type=date> in their UI language.
    date = forms.DateField(label="日期", input_formats=["%Y-%m-%d"],
                           widget=forms.TextInput(attrs={"placeholder": "如 2027-01-01", "inputmode": "numeric"}),
                           error_messages={"invalid": "请按“年-月-日”填写日期，如 2027-01-01。"})
    is_working = forms.TypedChoiceField(
        label="类型", coerce=lambda v: v == "1",
        choices=[("", "请选择"), ("0", "放假（法定节假日，含其间的周末）"), ("1", "调休上班（周末上班）")],
    )
    name = forms.CharField(label="名称", max_length=40, help_text="如“国庆节”“春节”。")

    def __init__(self, *args, fixed_date: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_date is not None:
            # Editing one day: its date is the key and is shown on the page, not edited.
            del self.fields["date"]

    def clean_name(self):
        return self.cleaned_data["name"].strip()


class CalendarYearForm(AdminForm):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    note = forms.CharField(label="依据", max_length=200, required=False,
                           help_text="如“国务院办公厅关于2027年部分节假日安排的通知”。")


class CalendarDayFilterSet(df.FilterSet):
    """Filters of the calendar list: one year at a time (the page defaults it to the current year)."""

    year = df.ChoiceFilter(label="年度", choices=(), method="by_year", empty_label=None)
    kind = df.ChoiceFilter(label="类型", choices=[("holiday", "放假"), ("working", "调休上班")], method="by_kind")
    q = df.CharFilter(max_length=100, field_name="name", lookup_expr="icontains", label="名称")

    class Meta:
        model = CalendarDay
        fields: list[str] = []

    def by_year(self, queryset, name, value):
        return queryset.filter(date__year=int(value))

    def by_kind(self, queryset, name, value):
        return queryset.filter(is_working=(value == "working"))
