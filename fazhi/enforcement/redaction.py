"""Redaction of personal information before a decision is published (事后公开; 个人信息保护法 第二十八条,
国办发〔2018〕118号). One pure function, used by publication and by the preview API.

Natural persons' names become surname + 某 (compound surnames kept whole: 欧阳某); ID numbers, mobile
numbers (any spacing, +86), landlines with area codes, bank accounts, e-mail addresses and home addresses
(住址、家住 …) are removed.
Organisation names and 统一社会信用代码 are left in full.
"""

from __future__ import annotations

import re

COMPOUND_SURNAMES = (
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "司徒", "夏侯",
    "轩辕", "端木", "独孤", "南宫", "西门", "百里", "呼延", "东郭", "闻人", "赫连", "澹台", "公冶", "宗政", "濮阳",
    "太叔", "申屠", "钟离", "万俟", "仲孙", "单于", "拓跋", "司空", "第五",
)

MASK = "[已隐去]"

# 18-digit ID (last digit may be X/x) and 15-digit ID, not inside a longer run of digits or letters.
ID_RE = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
# Mobile: optional +86/0086/86 prefix, 1[3-9] and nine digits with optional spaces or hyphens between.
MOBILE_RE = re.compile(r"(?<!\d)(?:(?:\+|00)?86[\s-]?)?1[3-9](?:[\s-]?\d){9}(?!\d)")
# Landline with area code: 0xx(x)-xxxxxxx(x), optionally in brackets.
LANDLINE_RE = re.compile(r"(?<!\d)(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3})[\s-]?\d{7,8}(?!\d)")
# Bank account: 16 to 19 digits, possibly grouped by spaces of four.
BANK_RE = re.compile(r"(?<!\d)\d{4}(?:[\s]?\d{4}){2,3}(?:[\s]?\d{1,3})?(?!\d)")
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# 统一社会信用代码 (18 characters, letters from the GB 32100 set): kept — masked first, then restored.
USCC_RE = re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])")


# A person's home address below the township (个人信息保护法 第二十八条: 行踪轨迹; 住址): what follows 住址/住所/
# 家住/现住/居住地 up to the next punctuation is removed. Organisations' registered addresses, which are not
# introduced so, stay.
HOME_RE = re.compile(r"(住址|住所|家庭住址|家住|现住|现居住|居住地)([：:为在于]?\s*)([^，,。；;、\s）)]{2,60})")


def surname(name: str) -> str:
    name = name.strip()
    for compound in COMPOUND_SURNAMES:
        if name.startswith(compound) and len(name) > len(compound):
            return compound
    return name[:1]


def mask_name(name: str) -> str:
    return f"{surname(name)}某"


def redact(text: str, parties: list[str] | tuple[str, ...] = ()) -> str:
    """The text with the named natural persons masked and personal numbers removed."""
    if not text:
        return ""
    kept: list[str] = []

    def keep(match):
        value = match.group(0)
        # An 18-digit all-numeric string is an ID number, not a credit code.
        if value.isdigit() or (value[:-1].isdigit() and value[-1] in "Xx"):
            return value
        kept.append(value)
        return f"\x00{len(kept) - 1}\x00"

    out = USCC_RE.sub(keep, text)
    out = EMAIL_RE.sub(MASK, out)
    out = ID_RE.sub(MASK, out)
    out = MOBILE_RE.sub(MASK, out)
    out = LANDLINE_RE.sub(MASK, out)
    out = BANK_RE.sub(MASK, out)
    out = HOME_RE.sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}", out)
    names = sorted({p.strip() for p in parties if p and p.strip() and len(p.strip()) >= 2}, key=len, reverse=True)
    for name in names:
        out = out.replace(name, mask_name(name))
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], out)
