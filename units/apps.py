from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = "行政区划"

    def ready(self):
        from . import lookups  # noqa: F401 - registers the `subtree` lookup on CharField
