"""Validators for codes defined by national standards."""

import re

from django.core.exceptions import ValidationError

from .choices import RegionLevel

# GB 32100-2015 统一社会信用代码: 18 characters over a 31-character alphabet (no I, O, Z, S, V).
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB 11714-1997 组织机构代码 (positions 9–17 of the USCC) has its own check character.
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
ORG_CODE_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(ch) * w for ch, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_code_check_char(first8: str) -> str:
    total = sum(ORG_CODE_ALPHABET.index(ch) * w for ch, w in zip(first8, ORG_CODE_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def validate_uscc(value: str) -> None:
    """统一社会信用代码 (GB 32100-2015): format and check character."""
    if not re.fullmatch(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}", value or ""):
        raise ValidationError("统一社会信用代码应为 18 位，由数字和大写字母（不含 I、O、Z、S、V）组成。", code="format")
    if uscc_check_char(value[:17]) != value[17]:
        raise ValidationError("统一社会信用代码校验位不正确，请核对。", code="checksum")


def make_uscc(registry: str, region_code: str, org_body: str) -> str:
    """Build a valid USCC from its parts (used by the demo loader and factories)."""
    org = org_body + org_code_check_char(org_body)
    first17 = registry + region_code + org
    return first17 + uscc_check_char(first17)


# 行政区划代码: 6 digits down to county level (GB/T 2260), 9 for townships, 12 for villages.
REGION_CODE_LENGTH = {
    RegionLevel.PREFECTURE: 6,
    RegionLevel.COUNTY: 6,
    RegionLevel.TOWNSHIP: 9,
    RegionLevel.VILLAGE: 12,
}


def validate_region_code(code: str, level: int, parent_code: str | None) -> None:
    length = REGION_CODE_LENGTH[RegionLevel(level)]
    if not re.fullmatch(rf"\d{{{length}}}", code or ""):
        raise ValidationError(
            f"{RegionLevel(level).label}级行政区划代码应为 {length} 位数字。", code="format"
        )
    if level == RegionLevel.PREFECTURE and not code.endswith("00"):
        raise ValidationError("州级行政区划代码应以 00 结尾。", code="format")
    if parent_code is None:
        return
    if level == RegionLevel.COUNTY and code[:4] != parent_code[:4]:
        raise ValidationError("县级行政区划代码的前 4 位应与所属州一致。", code="parent")
    if level in (RegionLevel.TOWNSHIP, RegionLevel.VILLAGE) and not code.startswith(parent_code):
        raise ValidationError("行政区划代码应以上级区划代码开头。", code="parent")


def date_input(value, field: str, errors: dict, *, required: bool = False):
    """A date typed into a form or an API body (a date, or text YYYY-MM-DD): the date, or None with the Chinese
    message added to ``errors[field]`` (services collect these and refuse the whole input at once)."""
    import datetime

    if value in (None, ""):
        if required:
            errors.setdefault(field, []).append("请填写日期。")
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        errors.setdefault(field, []).append("日期格式应为 YYYY-MM-DD。")
        return None


def text_input(value, field: str, label: str, errors: dict, *, required: bool = True, max_length: int = 20000) -> str:
    """A text typed into a form or an API body, stripped: the text, with the Chinese message added to
    ``errors[field]`` when it is required and empty or longer than ``max_length``."""
    value = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if required and not value:
        errors.setdefault(field, []).append(f"请填写{label}。")
    elif len(value) > max_length:
        errors.setdefault(field, []).append(f"{label}不超过 {max_length} 字。")
    return value
