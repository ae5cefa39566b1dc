from django.db.models import Count
from django.db.models.functions import Substr

from households.models import Household
from units.models import AdminUnit


def children_with_counts(unit: AdminUnit) -> list[dict]:
    """The unit's children, each with its number of villages below and of households."""
    children = list(unit.children.order_by("code"))
    if not children:
        return []
    width = len(children[0].code)
    households = dict(
        Household.objects.in_subtree(unit.code)
        .annotate(child=Substr("village_id", 1, width))
        .values_list("child")
        .annotate(n=Count("id"))
        .values_list("child", "n")
    )
    villages = dict(
        AdminUnit.objects.in_subtree(unit.code)
        .villages()
        .annotate(child=Substr("code", 1, width))
        .values_list("child")
        .annotate(n=Count("code"))
        .values_list("child", "n")
    )
    return [
        {"unit": child, "households": households.get(child.code, 0), "villages": villages.get(child.code, 0)}
        for child in children
    ]


def top_units_for(user):
    """The tree's roots, where a superuser starts browsing; others start from their grants."""
    if not (user.is_active and user.is_superuser):
        return AdminUnit.objects.none()
    return AdminUnit.objects.filter(parent__isnull=True).order_by("code")

