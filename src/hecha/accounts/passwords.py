"""The password rules of GB/T 22239-2019 (等保 2.0) 8.1.4.1 a), "身份鉴别信息具有复杂度要求",
as assessors read it: at least three of upper-case letters, lower-case letters, digits and
other characters (the length is Django's MinimumLengthValidator, set in settings)."""

from __future__ import annotations

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError

CLASSES = (
    ("大写字母", str.isupper),
    ("小写字母", str.islower),
    ("数字", str.isdigit),
    ("符号", lambda c: not c.isalnum()),
)


class CharacterClassValidator:
    def __init__(self, classes: int = 3) -> None:
        self.classes = classes

    def validate(self, password: str, user=None) -> None:
        present = {name for name, test in CLASSES if any(test(c) for c in password)}
        if len(present) < self.classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        kinds = "、".join(name for name, _ in CLASSES)
        return f"密码须包含{kinds}中的至少 {self.classes} 种"


class MinimumLength(MinimumLengthValidator):
    """Django's length rule, said in Chinese (its zh-hans catalogue lacks this message)."""

    def get_error_message(self) -> str:
        return f"密码太短：至少 {self.min_length} 个字符"

    def get_help_text(self) -> str:
        return f"密码至少 {self.min_length} 个字符"
