"""The gates to the ground app's rows: the units and departments a user may reach.

`units` lies below the scoping rule, so its scoped reads live here, the first layer that
may apply it; the unit pages (`unitpages/`) and every app above call these.
"""

from units.models import AdminUnit, Department
from units.roles import Capability

from .scoping import can, get_in_scope_or_404, scope


def units_for(user, capability: str = Capability.VIEW):
    return scope(user, AdminUnit.objects.all(), capability)


def departments_for(user):
    return scope(user, Department.objects.select_related("county"))


def get_unit_for(user, code: str, capability: str = Capability.VIEW) -> AdminUnit:
    return get_in_scope_or_404(user, AdminUnit.objects.all(), capability, code=code)


def breadcrumbs(unit: AdminUnit, user) -> list[tuple[AdminUnit, bool]]:
    """Ancestors then the unit, each with whether the user may open it."""
    chain = list(unit.ancestors()) + [unit]
    return [(u, can(user, u.code)) for u in chain]
