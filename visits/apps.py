from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = "入户走访"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Satisfaction, Visit

        # a visit's place is the household's: kept on the row, never written into the audit log
        auditlog.register(Visit, exclude_fields=["latitude", "longitude", "accuracy"])
        auditlog.register(Satisfaction)
