"""An offline anti-abuse question for the public forms: a small sum whose answer travels signed.

No server state and no outside service: the form carries a token signed with the site's secret key
(``django.core.signing``) that holds a keyed hash of the answer — not the answer itself — bound to
the form it was issued for, and expiring after ``MAX_AGE_SECONDS``. A token that has been answered
correctly is spent (remembered in the cache until it would expire anyway). Together with the
per-address rate limit that the services enforce (FAZHI_PUBLIC_RATE_PER_HOUR), that is enough to
keep casual floods out of an intranet or government portal; it is not meant to stop a determined bot.
"""

import secrets
from dataclasses import dataclass

from django.core import signing
from django.core.cache import cache
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "fazhi.portal.captcha"
MAX_AGE_SECONDS = 30 * 60
NUMERALS = "零一二三四五六七八九十"


@dataclass(frozen=True)
class Challenge:
    question: str
    token: str


def _digest(nonce: str, purpose: str, answer: int) -> str:
    return salted_hmac(SALT, f"{nonce}:{purpose}:{answer}", algorithm="sha256").hexdigest()[:32]


def new_challenge(purpose: str) -> Challenge:
    """A question such as "七 加 五 等于多少？" and its token, valid for one form (``purpose``)."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    if secrets.randbelow(2) and a != b:
        a, b = max(a, b), min(a, b)
        question, answer = f"{NUMERALS[a]} 减 {NUMERALS[b]} 等于多少？", a - b
    else:
        question, answer = f"{NUMERALS[a]} 加 {NUMERALS[b]} 等于多少？", a + b
    nonce = secrets.token_urlsafe(12)
    token = signing.dumps({"n": nonce, "p": purpose, "h": _digest(nonce, purpose, answer)}, salt=SALT)
    return Challenge(question=question, token=token)


class CaptchaError(Exception):
    """Why an answer was not accepted (a Chinese sentence for the form)."""


def verify(token: str, answer, purpose: str) -> None:
    """Accept the answer or raise ``CaptchaError``. A correct answer spends the token."""
    try:
        data = signing.loads(token or "", salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        raise CaptchaError("验证题已过期，请回答新的验证题。")
    except signing.BadSignature:
        raise CaptchaError("验证题无效，请回答新的验证题。")
    if not isinstance(data, dict) or data.get("p") != purpose or not isinstance(data.get("n"), str):
        raise CaptchaError("验证题无效，请回答新的验证题。")
    try:
        value = int(str(answer).strip())
    except (TypeError, ValueError):
        raise CaptchaError("请用数字填写验证题的答案。")
    if not constant_time_compare(_digest(data["n"], purpose, value), str(data.get("h", ""))):
        raise CaptchaError("验证题答案不正确，请重新计算。")
    if not cache.add(f"{SALT}:{data['n']}", 1, timeout=MAX_AGE_SECONDS):
        raise CaptchaError("该验证题已使用过，请回答新的验证题。")
