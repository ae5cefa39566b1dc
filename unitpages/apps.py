from django.apps import AppConfig


class UnitPagesConfig(AppConfig):
    """The unit pages, above the roster they count: a unit with its children and households, the
    village-status import, the admin and API of units. The units themselves are ground (units/)."""

    name = "unitpages"
    verbose_name = "区划页面"
