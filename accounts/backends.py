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
