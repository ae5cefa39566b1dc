from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response

from .authentication import token_expired
from .lockout import locked_out_message


class ObtainToken(ObtainAuthToken):
    """POST username and password for an API token; an expired token is replaced by a new one.

    Wrong passwords are counted by django-axes like the login page's (the serializer calls
    `authenticate` with the request); once the username+address is locked this answers 429.
    """

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            if getattr(request, "axes_locked_out", False):
                return Response({"detail": locked_out_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS)
            if "non_field_errors" in serializer.errors:
                return Response({"detail": "用户名或密码不正确。"}, status=status.HTTP_400_BAD_REQUEST)
            return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
        user = serializer.validated_data["user"]
        token, _ = Token.objects.get_or_create(user=user)
        if token_expired(token):
            token.delete()
            token = Token.objects.create(user=user)
        return Response({"token": token.key})


obtain_token = ObtainToken.as_view()
