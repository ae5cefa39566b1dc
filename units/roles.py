"""Roles a user holds on units, and what each lets them do. Pure data: no model imports.

Ground, beside the units the roles are held on: the unit model names its per-role permissions
from here, and accounts grants and applies them (accounts/scoping.py).
"""

from django.db import models


class Role(models.TextChoices):
    CHECKER = "checker", "排查人员"
    REVIEWER = "reviewer", "审核人员（村支书/第一书记）"
    TOWNSHIP_OFFICE = "township_office", "乡镇办公室"
    COUNTY_OFFICE = "county_office", "县级办公室"
    CITY_OFFICE = "city_office", "市级办公室"
    DEPARTMENT = "department", "责任单位（行业部门）"
    VIEWER = "viewer", "只读（督查）"
    DISCIPLINE = "discipline", "纪委监委"
    # 帮扶责任人: no capability on any unit; what a helper sees is the households assigned to them
    # (visits/selectors.py), never a subtree. The grant gives the account its county.
    HELPER = "helper", "帮扶责任人"


class Capability(models.TextChoices):
    VIEW = "view", "查看管辖范围内的区划、农户与台账"
    FILL = "fill", "填报排查表"
    REVIEW = "review", "审核签字、退回排查表"
    MANAGE = "manage", "调度：派单、设定整改期限、复核、排名"
    SAMPLE = "sample", "设立专项行动、随机抽查"
    RECTIFY = "rectify", "整改派给本单位的问题"
    # Only through a department grant, and only for the forms sent to that department
    # (scoping.acts_for_department): unlike FILL, it reaches no unit of the county.
    FILL_FOR_DEPARTMENT = "fill_for_department", "填报发给本单位（行业部门）的排查表"
    ADMINISTER = "administer", "在管理后台维护本辖区数据"
    HOLD_ACCOUNTABLE = "hold_accountable", "问责：确认、处理问责案件，移送问题线索"
    SEE_CASES = "see_cases", "查看问责案件与问题线索"


ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.CHECKER: frozenset({Capability.VIEW, Capability.FILL}),
    Role.REVIEWER: frozenset({Capability.VIEW, Capability.REVIEW}),
    Role.TOWNSHIP_OFFICE: frozenset(
        {Capability.VIEW, Capability.FILL, Capability.REVIEW, Capability.RECTIFY, Capability.ADMINISTER}
    ),
    Role.COUNTY_OFFICE: frozenset(
        {Capability.VIEW, Capability.FILL, Capability.REVIEW, Capability.MANAGE, Capability.ADMINISTER,
         Capability.HOLD_ACCOUNTABLE, Capability.SEE_CASES}
    ),
    # The city signs what its counties hand in (福州: the county's form is signed by 市扶贫办).
    Role.CITY_OFFICE: frozenset(
        {Capability.VIEW, Capability.REVIEW, Capability.MANAGE, Capability.SAMPLE, Capability.ADMINISTER,
         Capability.HOLD_ACCOUNTABLE, Capability.SEE_CASES}
    ),
    Role.DEPARTMENT: frozenset({Capability.VIEW, Capability.RECTIFY, Capability.FILL_FOR_DEPARTMENT}),
    Role.VIEWER: frozenset({Capability.VIEW}),
    # 纪委监委 follows the campaign (the ledger, read only) and receives the cases and clues of its scope.
    Role.DISCIPLINE: frozenset({Capability.VIEW, Capability.SEE_CASES}),
    Role.HELPER: frozenset(),
}

# The unit levels on which each role may be granted.
ROLE_LEVELS: dict[str, frozenset[str]] = {
    Role.CHECKER: frozenset({"village", "township"}),
    Role.REVIEWER: frozenset({"village", "township"}),
    Role.TOWNSHIP_OFFICE: frozenset({"township"}),
    Role.COUNTY_OFFICE: frozenset({"county"}),
    Role.CITY_OFFICE: frozenset({"city"}),
    Role.DEPARTMENT: frozenset({"county"}),
    Role.VIEWER: frozenset({"province", "city", "county", "township", "village"}),
    Role.DISCIPLINE: frozenset({"city", "county"}),
    Role.HELPER: frozenset({"county", "township", "village"}),
}

# Roles that work in the admin site (is_staff); the others use the pages only.
STAFF_ROLES = frozenset({Role.TOWNSHIP_OFFICE, Role.COUNTY_OFFICE, Role.CITY_OFFICE})

# Unit roles are guardian permissions on AdminUnit named role_<role>; the department
# role is a permission on the Department object, whose county gives the scope.
UNIT_ROLES = [r for r in Role if r != Role.DEPARTMENT]
DEPARTMENT_PERMISSION = "act_for_department"


def unit_permission(role: str) -> str:
    return f"role_{role}"


def role_from_permission(codename: str) -> str:
    return codename.removeprefix("role_")
