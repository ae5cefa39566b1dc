from axes.backends import AxesStandaloneBackend
from django.contrib.auth import backends


class ModelBackend(backends.ModelBackend):
    """Django's ModelBackend, loading each request's user together with its AccessStamp.

    The stamp keys the cached grants (accounts.scoping); joined here, checking it costs no
    extra query on a request.
    """

    def get_user(self, user_id):
        try:
            user = backends.UserModel._default_manager.select_related("access_stamp").get(pk=user_id)
        except backends.UserModel.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class LoginThrottle(AxesStandaloneBackend):
    """django-axes' check, skipped when `authenticate()` is called without a request.

    Every login from the web passes its request (the login page, the admin site, the API
    token serializer); a call without one comes from code on the server (the test client's
    `login()`, a shell), where there is no address to lock.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
