"""Kept for callers in other apps; the role vocabulary is ground: units/roles.py."""

from units.roles import (
    DEPARTMENT_PERMISSION,
    ROLE_CAPABILITIES,
    ROLE_LEVELS,
    STAFF_ROLES,
    UNIT_ROLES,
    Capability,
    Role,
    role_from_permission,
    unit_permission,
)

__all__ = ["DEPARTMENT_PERMISSION", "ROLE_CAPABILITIES", "ROLE_LEVELS", "STAFF_ROLES", "UNIT_ROLES", "Capability",
           "Role", "role_from_permission", "unit_permission"]
