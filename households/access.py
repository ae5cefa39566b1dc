from accounts.roles import Capability
from accounts.scoping import get_in_scope_or_404, holds, scope

from .models import Household


def households_for(user, capability: str = Capability.VIEW):
    return scope(user, Household.objects.all(), capability)


def may_import(user) -> bool:
    """Rosters are imported by those who maintain their units' data (township office and above)."""
    return holds(user, Capability.ADMINISTER)


def get_household_for(user, pk, capability: str = Capability.VIEW) -> Household:
    return get_in_scope_or_404(user, Household.objects.select_related("village"), capability, pk=pk)
