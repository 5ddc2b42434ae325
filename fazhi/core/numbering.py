"""三统一 document numbers: 发文机关代字〔年份〕序号号, e.g. 黔西南府规〔2026〕3号.

国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知（国办发〔2018〕37号）第三部分:
行政规范性文件实行统一登记、统一编号、统一印发（三统一）. The serial runs per issuer prefix and
year, strictly increasing, without gaps or duplicates.

Concurrency: the (prefix, year) row of ``NumberSequence`` is locked with SELECT … FOR UPDATE for the
rest of the caller's transaction, so concurrent allocations queue up and a rollback hands the
serial back. The first allocation of a new (prefix, year) creates the row with an insert that
ignores conflicts, then locks it, so two first callers cannot both start at 1.
"""

import re

from django.db import transaction
from django.utils import timezone

from . import audit
from .errors import NotPermitted, ServiceError
from .models import Agency, IssuedNumber, NumberSequence
from .permissions import P, has_perm
from .scope import restrict

# 党政机关公文格式 GB/T 9704-2012 第7.2.4条: 发文字号由发文机关代字、年份、发文顺序号组成；年份、
# 发文顺序号用阿拉伯数字标注；年份标全称，用六角括号“〔〕”括入；发文顺序号不加“第”字，不编虚位（即1不编为01）。
_PREFIX_RE = re.compile(r"^[\u4e00-\u9fffA-Za-z]+$")
PREFIX_MAX_LENGTH = NumberSequence._meta.get_field("prefix").max_length
FIRST_YEAR = 2000


def format_number(prefix: str, year: int, serial: int) -> str:
    """The printed 文号: ``format_number("黔西南府规", 2026, 3) == "黔西南府规〔2026〕3号"``."""
    return f"{prefix}〔{year}〕{serial}号"


def _validate(prefix, year) -> tuple[str, int]:
    errors: dict[str, list[str]] = {}
    prefix = prefix.strip() if isinstance(prefix, str) else ""
    if not prefix:
        errors["prefix"] = ["请填写发文机关代字。"]
    elif len(prefix) > PREFIX_MAX_LENGTH:
        errors["prefix"] = [f"发文机关代字不能超过 {PREFIX_MAX_LENGTH} 个字。"]
    elif not _PREFIX_RE.match(prefix):
        errors["prefix"] = ["发文机关代字只能由汉字或字母组成，不含空格、数字和括号。"]
    current_year = timezone.localdate().year
    if isinstance(year, bool) or not isinstance(year, int):
        errors["year"] = ["年份应为四位数字。"]
    elif not FIRST_YEAR <= year <= current_year + 1:
        errors["year"] = [f"年份应在 {FIRST_YEAR} 年至 {current_year + 1} 年之间。"]
    if errors:
        raise ServiceError(field_errors=errors)
    return prefix, year


def _lock_sequence(prefix: str, year: int) -> NumberSequence:
    sequence = NumberSequence.objects.select_for_update().filter(prefix=prefix, year=year).first()
    if sequence is None:
        # INSERT … ON CONFLICT DO NOTHING: a concurrent first caller's row wins, ours is dropped.
        NumberSequence.objects.bulk_create(
            [NumberSequence(prefix=prefix, year=year, last_serial=0)], ignore_conflicts=True
        )
        sequence = NumberSequence.objects.select_for_update().get(prefix=prefix, year=year)
    return sequence


@transaction.atomic
def allocate_number(*, actor, prefix: str, year: int, obj=None) -> IssuedNumber:
    """Take the next serial for (prefix, year) inside the caller's transaction.

    ``actor=None`` is the system. A person needs P.ISSUE_NUMBER and an agency in their scope
    that uses ``prefix`` as its 发文机关代字.
    """
    if actor is not None and not has_perm(actor, P.ISSUE_NUMBER):
        raise NotPermitted()
    prefix, year = _validate(prefix, year)
    if obj is not None and obj.pk is None:
        raise ValueError("allocate_number(obj=…) needs a saved object")
    if actor is not None:
        issuers = Agency.objects.filter(doc_prefix=prefix)
        if not issuers.exists():
            raise ServiceError(field_errors={"prefix": [f"“{prefix}”尚未登记为任何单位的发文机关代字。"]})
        if not restrict(issuers, actor, P.ISSUE_NUMBER).exists():
            raise NotPermitted("不能使用您管辖范围以外单位的发文机关代字编号。")

    sequence = _lock_sequence(prefix, year)
    sequence.last_serial += 1
    sequence.save(update_fields=["last_serial"])
    issued = IssuedNumber.objects.create(
        prefix=prefix,
        year=year,
        serial=sequence.last_serial,
        text=format_number(prefix, year, sequence.last_serial),
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        issued_by=actor,
    )
    audit.record(
        actor=actor,
        action="core.number_allocate",
        obj=issued,
        after={"text": issued.text, "prefix": prefix, "year": year, "serial": issued.serial,
               "object_type": issued.object_type, "object_id": issued.object_id},
    )
    return issued


def numbers_for(obj):
    """The numbers issued for one object, oldest first."""
    return IssuedNumber.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("id")
