"""Small factories: each sets only what a test needs."""

import itertools
import random

from accounts.services import grant_role
from demo.households import chinese_name, id_number
from households.models import Household
from units.models import CODE_LENGTH, LEVEL_BY_LENGTH, AdminUnit

PASSWORD = "secret-pass-123"
_sequence = itertools.count(1)


def make_unit(code: str, name: str = "", **fields) -> AdminUnit:
    """The unit with this code, creating it and any missing ancestors."""
    parent = None
    for length in sorted(CODE_LENGTH.values()):
        if length > len(code):
            break
        part = code[:length]
        unit, _ = AdminUnit.objects.get_or_create(
            code=part,
            defaults={
                "name": name if part == code and name else f"单位{part}",
                "level": LEVEL_BY_LENGTH[length],
                "parent": parent,
                **(fields if part == code else {}),
            },
        )
        parent = unit
    return parent


def make_household(village: AdminUnit, **fields) -> Household:
    n = next(_sequence)
    rng = random.Random(n)
    household = Household(
        number=fields.pop("number", f"{village.code}{n:05d}"),
        village=village,
        head_name=fields.pop("head_name", chinese_name(rng)),
        kind=fields.pop("kind", Household.Kind.POVERTY_EXITED),
        members=fields.pop("members", 3),
        members_able_to_work=fields.pop("members_able_to_work", 2),
        **fields,
    )
    household.set_id_number(id_number(rng, village.code[:6]))
    household.save()
    return household


def make_user(username: str, role: str, unit: AdminUnit, department: str = ""):
    return grant_role(
        username=username, role=role, unit_code=unit.code, department=department, password=PASSWORD
    ).user


def make_campaign(scope, templates, by, target_kinds=("poverty_exited", "monitored"), **fields):
    """A campaign whose work list is built at once (tasks run eagerly in tests)."""
    from datetime import date

    from campaigns.models import Phase
    from campaigns.services import build_work_list, create_campaign_unchecked

    campaign = create_campaign_unchecked(  # factories act for the system: no permission check
        by=by, name=fields.pop("name", "测试专项行动"), document_number=fields.pop("document_number", "测〔2026〕1号"),
        issuing_unit=scope, scope_unit=scope, year=fields.pop("year", 2026), templates=templates,
        phases=fields.pop("phases", [(Phase.Kind.SCREENING, date(2026, 7, 10), date(2026, 7, 30))]),
        target_kinds=target_kinds, include_key_persons=fields.pop("include_key_persons", True),
    )
    build_work_list(campaign)
    return campaign
