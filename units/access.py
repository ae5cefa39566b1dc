from accounts.roles import Capability
from accounts.scoping import get_in_scope_or_404, scope

from .models import AdminUnit, Department


def units_for(user, capability: str = Capability.VIEW):
    return scope(user, AdminUnit.objects.all(), capability)


def departments_for(user):
    return scope(user, Department.objects.select_related("county"))


def get_unit_for(user, code: str, capability: str = Capability.VIEW) -> AdminUnit:
    return get_in_scope_or_404(user, AdminUnit.objects.all(), capability, code=code)
