from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    name = "accountability"
    verbose_name = "问责"

    def ready(self):
        from auditlog.registry import auditlog

        from . import subscribers
        from .models import AccountabilityCase, CaseStep, Clue

        subscribers.connect()
        for model in (AccountabilityCase, CaseStep, Clue):
            auditlog.register(model)
