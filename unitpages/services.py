from django.db import transaction
from django.db.models import UniqueConstraint

from accounts.scoping import can
from core import events
from units import codes, departments
from units.models import AdminUnit, Department
from units.roles import Capability
from units.services import BATCH, LoadResult


class VillageStatusError(ValueError):
    pass


@transaction.atomic
def set_village_statuses(rows, *, by) -> LoadResult:
    """Record each village's poverty status and exit year (`rows`: StatusRow from units.status_roster).

    `by` must be allowed to manage every village it touches; None is the operator of the
    command line. All or nothing; villages whose status is already so are left alone.
    """
    if by is not None:
        outside = [row.code for row in rows if not can(by, row.code, Capability.MANAGE)]
        if outside:
            raise VillageStatusError(f"无权设置 {'、'.join(outside[:5])} 等 {len(outside)} 个村的贫困村状态")
    current = dict(
        (code, (village_type, exit_year))
        for code, village_type, exit_year in AdminUnit.objects.villages()
        .filter(code__in=[row.code for row in rows]).values_list("code", "village_type", "exit_year")
    )
    missing = [row.code for row in rows if row.code not in current]
    if missing:
        raise VillageStatusError(f"{'、'.join(missing[:5])} 不是已导入的村级区划")
    changed = [AdminUnit(code=row.code, village_type=row.village_type, exit_year=row.exit_year)
               for row in rows if current[row.code] != (row.village_type, row.exit_year)]
    AdminUnit.objects.bulk_update(changed, ["village_type", "exit_year"], batch_size=BATCH)
    return LoadResult(updated=len(changed), unchanged=len(rows) - len(changed))


# The county's list of departments (units/departments.py), kept by the county office.

NAME_MAX_LENGTH = Department._meta.get_field("name").max_length


class DepartmentError(Exception):
    """A change of the list refused; the message is shown to the user."""


def may_edit(user, county_code: str) -> bool:
    """The county office (and the city above it) keeps the county's list."""
    return codes.level_of(county_code) == "county" and can(user, county_code, Capability.MANAGE)


def _check(user, county_code: str) -> None:
    if not may_edit(user, county_code):
        raise DepartmentError("只有本县（及上级市）办公室可以维护责任单位名单")


def _clean(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise DepartmentError("请填写部门名称")
    if len(name) > NAME_MAX_LENGTH:
        raise DepartmentError(f"部门名称不能超过 {NAME_MAX_LENGTH} 个字")
    return name


@transaction.atomic
def add_department(*, county_code: str, name: str, by) -> Department:
    _check(by, county_code)
    name = _clean(name)
    existing = departments.named(county_code, name, create=False)
    if existing is not None:
        raise DepartmentError(f"本县已有“{existing.name}”")
    return Department.objects.create(county_id=county_code, name=name)


@transaction.atomic
def rename_department(department: Department, *, name: str, by) -> Department:
    _check(by, department.county_id)
    name = _clean(name)
    if Department.objects.filter(county_id=department.county_id, name=name).exclude(pk=department.pk).exists():
        raise DepartmentError(f"本县已有“{name}”，请用“合并”把两个名称并为一个部门")
    department.name = name
    department.save(update_fields=["name"])
    events.publish(events.DepartmentRenamed(department.pk))
    return department


@transaction.atomic
def merge_departments(source: Department, *, into: Department, by) -> int:
    """Everything routed to `source` (problems, forms, members…) goes to `into`; `source` is
    deleted. Returns how many rows moved. Both must be of one county the actor keeps."""
    _check(by, source.county_id)
    if into.county_id != source.county_id:
        raise DepartmentError("只能合并同一个县的部门")
    if into.pk == source.pk:
        raise DepartmentError("请选择另一个部门")
    moved = 0
    for relation in Department._meta.get_fields(include_hidden=True):  # hidden: a through model's related_name="+"
        if not (relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one)):
            continue  # a many-to-many is moved through its through model's foreign key
        field = relation.field.name
        others = _unique_partners(relation.related_model, field)
        for row in relation.related_model._default_manager.filter(**{field: source}):
            if any(relation.related_model._default_manager.filter(
                    **{field: into}, **{f: getattr(row, f) for f in fields}).exists() for fields in others):
                row.delete()  # `into` already has this row (a member of both, a co-department twice)
                continue
            setattr(row, field, into)
            row.save(update_fields=[field])  # saves one by one so that grant caches are forgotten
            moved += 1
    source.delete()
    return moved


def _unique_partners(model, field: str) -> list[list[str]]:
    """For each uniqueness rule of `model` that includes `field`, the other fields it names."""
    groups = [list(c.fields) for c in model._meta.constraints if isinstance(c, UniqueConstraint) and c.fields]
    groups += [list(g) for g in model._meta.unique_together]
    return [[model._meta.get_field(f).attname for f in g if f != field] for g in groups if field in g]


