from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "用户与角色"

    def ready(self):
        from . import scoping  # noqa: F401 - connects the signals that raise the grants version
