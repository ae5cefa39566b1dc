from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = "汇总与调度"

    def ready(self):
        from . import subscribers

        subscribers.connect()
