from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

EXPIRED_MESSAGE = "API 令牌已过期，请用用户名和密码重新获取（/api/token/）。"


def token_expired(token) -> bool:
    return token.created < timezone.now() - timedelta(days=settings.API_TOKEN_TTL_DAYS)


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, with tokens that expire after API_TOKEN_TTL_DAYS.

    A password change deletes the user's token (accounts.passwords), so a token never
    outlives the password it was obtained with.
    """

    def authenticate_credentials(self, key):
        try:
            token = self.get_model().objects.select_related("user__access_stamp").get(key=key)
        except self.get_model().DoesNotExist:
            raise exceptions.AuthenticationFailed("API 令牌无效，请重新获取。")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("用户已停用。")
        if token_expired(token):
            token.delete()
            raise exceptions.AuthenticationFailed(EXPIRED_MESSAGE)
        return token.user, token
