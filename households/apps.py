from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "households"
    verbose_name = "农户"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Household

        # every save() of a household leaves a LogEntry; the bulk import records its own (households/changes.py)
        auditlog.register(Household, exclude_fields=["id_number_cipher", "id_number_hash", "created_at", "updated_at"],
                          mask_fields=["phone", "helper_phone"], mask_callable="audit.masking.mask_phone")
