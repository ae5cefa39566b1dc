from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "用户与角色"

    def ready(self):
        from core import events

        from . import scoping  # connects the signals that raise the grants version

        events.subscribe(events.DepartmentRenamed, scoping.forget_department_members, within_transaction=True)
