"""The one list of departments (责任单位) per county: the names problems are routed to.

A form's question, a grant or a campaign names a department; `named` finds it in the
county's list, through the short names people use (卫健 → 卫健委). The county office keeps
the list on a page: adds, renames, and merges two names of one department.
"""

from . import codes
from .models import Department

# Short or older names → the names a county's list may hold, most usual first. A short name
# reaches the first of these the county has; a county with none of them gets the first.
ALIASES: dict[str, tuple[str, ...]] = {
    "卫健": ("卫健委", "卫生健康委员会", "卫生健康局", "卫生计生部门"),
    "卫生": ("卫健委", "卫生健康委员会", "卫生健康局", "卫生计生部门"),
    "教育": ("教体局", "教育局", "教科局"),
    "住建": ("住建局",),
    "水利": ("水利局",),
    "民政": ("民政局",),
    "医保": ("医保局",),
    "人社": ("人社局",),
    "财政": ("财政局",),
    "农业": ("农业农村局", "农业局"),
    "农业农村": ("农业农村局",),
    "交通": ("交通局", "交通运输局"),
    "乡村振兴": ("乡村振兴局",),
}
def named(county_code: str, name: str, *, create: bool = True) -> Department | None:
    """The department of the county's list that `name` means; a name the list does not know
    (nor through an alias) is added to it when `create`, else None."""
    name = (name or "").strip()
    if not name:
        return None
    county_code = codes.county_code(county_code)
    candidates = [name, *ALIASES.get(name, ())]
    found = {d.name: d for d in Department.objects.filter(county_id=county_code, name__in=candidates)}
    for candidate in candidates:
        if candidate in found:
            return found[candidate]
    if not create:
        return None
    department, _ = Department.objects.get_or_create(county_id=county_code, name=canonical(name))
    return department


def canonical(name: str) -> str:
    """The name a new department takes: the usual full name of a short one."""
    name = name.strip()
    return ALIASES.get(name, (name,))[0]


def departments_of(county_code: str):
    return Department.objects.filter(county_id=county_code).order_by("name")
