"""The read gate of households: every page, API, admin list and import reaches households here.

Who may see a household's personal data in clear (户主身份证号, 联系电话, 帮扶责任人电话),
one field at a time, by an audited reveal with a reason: whoever works on the household's
village with a role that fills, reviews or administers it — the village's checkers and
reviewers (and township staff granted those roles), the township office, the county office
and the city office. Departments and read-only inspectors see masked values only.
Who may read a household's audit trail (changes and reveals): the county and city offices
(the MANAGE capability on its village).
"""

from accounts.roles import Capability
from accounts.scoping import can, get_in_scope_or_404, holds, scope
from audit.services import entries_for

from .models import Household

REVEAL_CAPABILITIES = (Capability.FILL, Capability.REVIEW, Capability.ADMINISTER)
HISTORY_CAPABILITY = Capability.MANAGE


def households_for(user, capability: str = Capability.VIEW):
    return scope(user, Household.objects.all(), capability)


def get_household_for(user, pk, capability: str = Capability.VIEW) -> Household:
    return get_in_scope_or_404(user, Household.objects.select_related("village"), capability, pk=pk)


def may_import(user) -> bool:
    """Rosters are imported by those who maintain their units' data (township office and above)."""
    return holds(user, Capability.ADMINISTER)


def may_reveal(user, household: Household) -> bool:
    return any(can(user, household.village_id, capability) for capability in REVEAL_CAPABILITIES)


def may_read_history(user, household: Household) -> bool:
    return can(user, household.village_id, HISTORY_CAPABILITY)


def history_for(user, household: Household) -> list:
    """The household's audit rows for those who may read them, else nothing."""
    return entries_for(household) if may_read_history(user, household) else []


def import_matches(user, numbers: list[str], fields: list[str]) -> tuple[dict, set]:
    """For a roster import: the households with these numbers that the user administers
    (number -> `fields` values), and the numbers held by households beyond them.

    The second set answers only "taken": the import refuses those rows with the same
    words as any other clash and never shows whose they are.
    """
    mine = {row["number"]: row for row in households_for(user, Capability.ADMINISTER)
            .filter(number__in=numbers).values("pk", "number", *fields)}
    taken = set(Household.objects.filter(number__in=numbers).values_list("number", flat=True)) - mine.keys()
    return mine, taken


def id_number_owners(digests: list[str]) -> dict[str, str]:
    """ID-number lookup hash -> the number of the household holding it, in any scope: used
    only to refuse a duplicate, never shown."""
    return dict(Household.objects.filter(id_number_hash__in=digests).values_list("id_number_hash", "number"))
