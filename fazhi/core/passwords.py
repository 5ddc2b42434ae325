"""Password rules of the 等保 level 3 baseline (GB/T 22239-2019 8.1.4.1 身份鉴别)."""

import re

from django.core.exceptions import ValidationError

CLASSES = (
    ("大写字母", re.compile(r"[A-Z]")),
    ("小写字母", re.compile(r"[a-z]")),
    ("数字", re.compile(r"\d")),
    ("特殊字符", re.compile(r"[^A-Za-z0-9]")),
)


class CharacterClassValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        present = sum(1 for _, pattern in CLASSES if pattern.search(password))
        if present < self.min_classes:
            raise ValidationError(
                f"密码须至少包含大写字母、小写字母、数字、特殊字符中的 {self.min_classes} 类。",
                code="password_too_simple",
            )

    def get_help_text(self):
        return f"至少包含大写字母、小写字母、数字、特殊字符中的 {self.min_classes} 类。"


class NotUsernameValidator:
    def validate(self, password, user=None):
        username = getattr(user, "username", "") or ""
        if username and password.lower() in {username.lower(), username.lower()[::-1]}:
            raise ValidationError("密码不得与用户名相同。", code="password_is_username")

    def get_help_text(self):
        return "不得与用户名相同。"


class MinimumLengthValidator:
    def __init__(self, min_length: int = 8):
        self.min_length = min_length

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(f"密码长度至少 {self.min_length} 位。", code="password_too_short")

    def get_help_text(self):
        return f"至少 {self.min_length} 位。"
