from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data (seed_demo): installed only when DEMO=1 (make run, make demo, the tests), never in production."""

    name = "demo"
    verbose_name = "演示数据"
