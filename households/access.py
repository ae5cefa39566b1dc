"""Kept for callers in other apps (units, core); the read gate is households/selectors.py."""

from .selectors import get_household_for, households_for, may_import

__all__ = ["get_household_for", "households_for", "may_import"]
