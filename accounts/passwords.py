"""Password rules beyond Django's validators, and what a password change ends."""

from django.contrib.auth.password_validation import MinimumLengthValidator, validate_password
from django.core.exceptions import ValidationError


class MinimumLength(MinimumLengthValidator):
    """Django's minimum length rule with its message in Chinese (Django 5.2's zh-hans
    catalogue no longer matches the English text of this one message)."""

    def get_error_message(self):
        return f"密码太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self):
        return f"密码至少包含 {self.min_length} 个字符。"


class ApiTokensEndWithPassword:
    """Deletes the user's API tokens whenever their password changes.

    Listed in AUTH_PASSWORD_VALIDATORS because Django calls every validator's
    `password_changed` from `User.save()` after `set_password()`, whatever the path: the
    password change page, the admin site, `grant --password`, `changepassword`. Sessions
    need nothing: Django ends them itself when the password hash changes.
    """

    def validate(self, password, user=None):
        return None

    def password_changed(self, password, user=None):
        from rest_framework.authtoken.models import Token

        if user is not None and user.pk is not None:
            Token.objects.filter(user_id=user.pk).delete()

    def get_help_text(self):
        return "修改密码后，您的 API 令牌立即失效，其他设备上的登录也会退出。"


def password_problems(password: str, user) -> list[str]:
    """Django's password validators, as Chinese messages; empty when the password is acceptable."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        return list(error.messages)
    return []
