from accounts.roles import Capability
from accounts.scoping import get_in_scope_or_404, scope

from .models import Household


def households_for(user, capability: str = Capability.VIEW):
    return scope(user, Household.objects.all(), capability)


def get_household_for(user, pk, capability: str = Capability.VIEW) -> Household:
    return get_in_scope_or_404(user, Household.objects.select_related("village"), capability, pk=pk)
