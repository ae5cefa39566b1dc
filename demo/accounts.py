"""Demo accounts for a county: one per role, so every page can be tried at once."""

from django.contrib.auth import get_user_model

from accounts.roles import Role
from accounts.services import grant_role
from units.models import AdminUnit

DEMO_PASSWORD = "huitoukan2026"


def create_demo_accounts(county: AdminUnit) -> list[tuple[str, str, str]]:
    """Grant the demo roles in `county`; returns (username, role label, unit name) rows."""
    townships = list(AdminUnit.objects.filter(parent=county).order_by("code")[:2])
    first_village = AdminUnit.objects.filter(parent=townships[0]).order_by("code").first()
    plan = [
        ("city", Role.CITY_OFFICE, county.parent, ""),
        ("county", Role.COUNTY_OFFICE, county, ""),
        ("township", Role.TOWNSHIP_OFFICE, townships[0], ""),
        ("checker", Role.CHECKER, first_village, ""),
        ("reviewer", Role.REVIEWER, first_village, ""),
        ("dept_health", Role.DEPARTMENT, county, "卫健委"),
        ("inspector", Role.VIEWER, county, ""),
    ]
    if len(townships) > 1:
        plan.insert(3, ("township2", Role.TOWNSHIP_OFFICE, townships[1], ""))
    rows = []
    for username, role, unit, department in plan:
        grant_role(username=username, role=role, unit_code=unit.code, department=department, password=DEMO_PASSWORD)
        rows.append((username, role.label + (f"·{department}" if department else ""), unit.name))
    admin, _ = get_user_model().objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True}
    )
    admin.set_password(DEMO_PASSWORD)
    admin.save()
    rows.append(("admin", "系统管理员（全部数据）", "—"))
    return rows
