from django.apps import AppConfig


class SpotChecksConfig(AppConfig):
    name = "spotchecks"
    verbose_name = "抽查复核"
