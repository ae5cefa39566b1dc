"""The unit picker: a search box over the units a user may see, instead of a typed division code.

`picker_units` answers the JSON endpoint (`units:picker`): the children of a unit the user may
see (the gate `get_unit_for`: hidden is 404), the user's top units, or the units whose name holds
a search text, each with its path of names (省/市/县/乡/村). `UnitPickerWidget` renders the code's
input with the unit's name beside it; static/js/unit_picker.js turns it into a search box and keeps
the code in a hidden input. Without JavaScript the code is typed as before, and the form's own
validation stays the authority either way.
"""

from django import forms
from django.urls import reverse
from django.utils.html import format_html

from accounts.scoping import scope_codes
from accounts.unit_access import get_unit_for, units_for
from units import codes
from units.models import AdminUnit, Level

SEARCH_LIMIT = 20


def _paths(units) -> dict[str, list[str]]:
    """Each unit's names from its province down to itself, read in one query."""
    wanted = {a for u in units for a in codes.ancestor_codes(u.code)}
    names = dict(AdminUnit.objects.filter(code__in=wanted).values_list("code", "name"))
    return {u.code: [names[a] for a in codes.ancestor_codes(u.code) if a in names] + [u.name] for u in units}


def describe(units) -> list[dict]:
    units = list(units)
    paths = _paths(units)
    with_children = set(AdminUnit.objects.filter(parent__in=[u.code for u in units])
                        .values_list("parent_id", flat=True).distinct())
    return [{"code": u.code, "name": u.name, "level": u.level, "level_label": Level(u.level).label,
             "path": paths[u.code], "has_children": u.code in with_children} for u in units]


def picker_units(user, *, parent: str = "", query: str = "", above: bool = False) -> dict:
    """What the picker lists for `user`: a unit's children, search matches, or the top units."""
    query = query.strip()
    if parent:
        unit = get_unit_for(user, parent)
        found = units_for(user).filter(parent=unit).order_by("code")
        return {"parent": describe([unit])[0], "query": "", "units": describe(found)}
    if query:
        found = units_for(user).filter(name__contains=query).order_by("code")[:SEARCH_LIMIT]
        return {"parent": None, "query": query, "units": describe(found)}
    roots = list(AdminUnit.objects.filter(code__in=_top_codes(user)).order_by("code"))
    if above:
        ancestors = {a for u in roots for a in codes.ancestor_codes(u.code)}
        roots = list(AdminUnit.objects.filter(code__in=ancestors).order_by("code")) + roots
    return {"parent": None, "query": "", "units": describe(roots)}


def _top_codes(user) -> list[str]:
    if user.is_active and user.is_superuser:
        return list(AdminUnit.objects.filter(parent=None).values_list("code", flat=True))
    return scope_codes(user)


def unit_path_name(code: str) -> str:
    """The name a rendered value shows: 河南省 / 南阳市 / 方城县; blank for an unknown code."""
    code = (code or "").strip()
    unit = AdminUnit.objects.filter(code=code).first() if codes.is_code(code) else None  # typed text may hold anything
    return " / ".join(_paths([unit])[unit.code]) if unit else ""


class UnitPickerWidget(forms.TextInput):
    """The code's own input (typed without JavaScript) with the unit's name beside it.

    `above=True` also offers the ancestors of the user's units (a campaign's 印发单位 may be a
    unit above its scope)."""

    def __init__(self, attrs=None, *, above: bool = False):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", "class": "unit-picker-code",
                          **(attrs or {})})
        self.above = above

    def format_value(self, value):
        return super().format_value(getattr(value, "code", value))

    def render(self, name, value, attrs=None, renderer=None):
        code_input = super().render(name, value, attrs, renderer)
        input_id = (attrs or {}).get("id") or self.attrs.get("id") or f"id_{name}"
        value = self.format_value(value) or ""
        return format_html(
            '<span class="unit-picker" data-unit-picker data-url="{}" data-above="{}">{}'
            '<span class="unit-picker-name" id="{}_name" aria-live="polite">{}</span></span>',
            reverse("units:picker"), "1" if self.above else "", code_input, input_id,
            unit_path_name(value),
        )
