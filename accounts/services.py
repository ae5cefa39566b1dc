import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from units import departments
from units.models import AdminUnit, Level

from .passwords import password_problems
from .roles import DEPARTMENT_PERMISSION, ROLE_LEVELS, STAFF_ROLES, Role, unit_permission
from .scoping import forget_grants

User = get_user_model()


class GrantError(ValueError):
    pass


@dataclass
class GrantResult:
    user: User
    created: bool
    password: str | None  # set only when a password was generated for a new user


def parse_role(value: str) -> Role:
    """Accept the code name (county_office) or the Chinese label's start (县级办公室)."""
    for role in Role:
        if value == role.value or role.label.startswith(value):
            return role
    choices = "、".join(f"{r.value}（{r.label}）" for r in Role)
    raise GrantError(f"未知角色 “{value}”，可选：{choices}")


@transaction.atomic
def grant_role(
    *, username: str, role: str, unit_code: str, department: str = "", password: str = ""
) -> GrantResult:
    """Create the user if needed and give them `role` on the unit (and its subtree)."""
    role = parse_role(role)
    unit = _unit_for(role, unit_code)
    if role == Role.DEPARTMENT and not department.strip():
        raise GrantError("责任单位角色必须用 --department 指定部门名称，如 卫健委")
    if role != Role.DEPARTMENT and department:
        raise GrantError("只有责任单位角色才能指定部门")

    if password:
        existing = User.objects.filter(username=username).first()
        problems = password_problems(password, existing or User(username=username))
        if problems:
            raise GrantError("密码不符合要求，未做任何修改：" + "".join(problems))

    user, created = User.objects.get_or_create(username=username)
    generated = None
    if password:
        user.set_password(password)
    elif created:
        generated = secrets.token_urlsafe(9)
        user.set_password(generated)
    if role in STAFF_ROLES:
        user.is_staff = True
    user.save()

    if role == Role.DEPARTMENT:
        dept = departments.named(unit.code, department)
        assign_perm(f"units.{DEPARTMENT_PERMISSION}", user, dept)
    else:
        assign_perm(f"units.{unit_permission(role)}", user, unit)
    forget_grants(user)
    return GrantResult(user, created, generated)


@transaction.atomic
def revoke_role(*, user, role: str, unit_code: str, department: str = "") -> None:
    role = parse_role(role)
    unit = _unit_for(role, unit_code)
    if role == Role.DEPARTMENT:
        dept = departments.named(unit.code, department, create=False)
        if dept:
            remove_perm(f"units.{DEPARTMENT_PERMISSION}", user, dept)
    else:
        remove_perm(f"units.{unit_permission(role)}", user, unit)
    forget_grants(user)


def _unit_for(role: Role, unit_code: str) -> AdminUnit:
    unit = AdminUnit.objects.filter(code=unit_code).first()
    if unit is None:
        raise GrantError(f"区划代码 {unit_code} 不存在，请先用 load_divisions 导入区划")
    if unit.level not in ROLE_LEVELS[role]:
        allowed = "、".join(Level(level).label for level in Level if level in ROLE_LEVELS[role])
        raise GrantError(f"{role.label}只能授予{allowed}级区划，{unit.name}（{unit.code}）是{unit.get_level_display()}级")
    return unit
