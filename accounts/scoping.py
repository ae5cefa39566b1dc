"""The one place that decides which rows a user may see or act on.

A role on a unit covers the unit's whole subtree, and a subtree is a code prefix. Every
model with user-visible rows names the field holding its unit code in `SCOPE_FIELD`;
every view, admin page, API endpoint, export and task reaches those rows through
`scope()` or `get_in_scope_or_404()`. Hidden and missing are the same 404.
"""

from dataclasses import astuple, dataclass

from django.core.cache import cache
from django.db.models import F, Q, QuerySet
from django.db.models.signals import post_delete, post_save
from django.http import Http404

from units.codes import ancestor_codes

from .models import AccessStamp, DepartmentGrant, UnitGrant
from .roles import ROLE_CAPABILITIES, Capability, Role, role_from_permission

_CACHE_ATTR = "_huitoukan_grants"
SHARED_CACHE_SECONDS = 300  # a unit renamed shows its old name in the role list for at most this long


@dataclass(frozen=True)
class Grant:
    role: str
    unit_code: str
    unit_name: str
    department_id: int | None = None
    department_name: str = ""

    @property
    def role_label(self) -> str:
        return Role(self.role).label

    @property
    def capabilities(self) -> list[str]:
        return [Capability(c).label for c in Capability if c in ROLE_CAPABILITIES[self.role]]


def grants_of(user) -> list[Grant]:
    """The user's roles: read once per request object, and kept in the cache between requests
    under the user's grants version, a number in the database that every change of the user's
    grants raises. Each request reads the version with the user row, so a revocation is seen by
    the very next request of every process, whether the cache is shared (Redis) or not."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    version = grants_version(user)
    key = _shared_key(user.pk, user.date_joined, version)
    shared = cache.get(key) if version is not None else None
    if shared is not None:
        grants = [Grant(*values) for values in shared]
    else:
        grants = _read_grants(user)
        if version is not None:
            cache.set(key, [astuple(g) for g in grants], SHARED_CACHE_SECONDS)
    setattr(user, _CACHE_ATTR, grants)
    return grants


def grants_version(user) -> int | None:
    """The version of the user's grants, or None for a user without a stamp (never cached)."""
    try:
        return user.access_stamp.grants_version
    except AccessStamp.DoesNotExist:
        return None


def _shared_key(user_id, date_joined, version) -> str:
    # date_joined tells apart two users that got the same id (a test database reused, say)
    return f"grants:{user_id}:{date_joined.timestamp() if date_joined else ''}:{version}"


def _read_grants(user) -> list[Grant]:
    grants = [
        Grant(role_from_permission(codename), code, name)
        for codename, code, name in UnitGrant.objects.filter(user=user)
        .values_list("permission__codename", "content_object__code", "content_object__name")
        .order_by("content_object__code")
    ]
    grants += [
        Grant(Role.DEPARTMENT, county_code, county_name, dept_id, dept_name)
        for dept_id, dept_name, county_code, county_name in DepartmentGrant.objects.filter(user=user)
        .values_list(
            "content_object_id", "content_object__name", "content_object__county_id", "content_object__county__name"
        )
        .order_by("content_object__county_id")
    ]
    return grants


def forget_grants(user) -> None:
    """Raise the user's grants version, so that no process serves the grants it cached."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
    stamp, created = AccessStamp.objects.get_or_create(user_id=user.pk)
    if not created:
        AccessStamp.objects.filter(pk=stamp.pk).update(grants_version=F("grants_version") + 1)
        stamp.refresh_from_db(fields=["grants_version"])
    user.access_stamp = stamp


def _grant_changed(sender, instance, **kwargs) -> None:
    """Any write of a grant (services, admin site, cascades) raises the version.

    Only an existing stamp is raised: while a user is being deleted a new one must not be
    made, and a user without a stamp is never served from the cache anyway.
    """
    AccessStamp.objects.filter(user_id=instance.user_id).update(grants_version=F("grants_version") + 1)


def forget_department_members(event) -> None:
    """A renamed department: its members' cached grants hold the old name."""
    members = DepartmentGrant.objects.filter(content_object_id=event.department_id).values("user_id")
    AccessStamp.objects.filter(user_id__in=members).update(grants_version=F("grants_version") + 1)


def _grant_saved(sender, instance, **kwargs) -> None:
    AccessStamp.objects.get_or_create(user_id=instance.user_id)
    _grant_changed(sender, instance)


for _model in (UnitGrant, DepartmentGrant):
    post_save.connect(_grant_saved, sender=_model, dispatch_uid=f"forget-grants-{_model.__name__}")
    post_delete.connect(_grant_changed, sender=_model, dispatch_uid=f"forget-grants-{_model.__name__}-delete")


def scope_codes(user, capability: str = Capability.VIEW) -> list[str]:
    """The smallest set of unit-code prefixes under which the user has `capability`
    (none for a deactivated user, whose grants are kept but not used)."""
    if not user.is_active:
        return []
    return _minimal(g.unit_code for g in grants_of(user) if capability in ROLE_CAPABILITIES[g.role])


def _minimal(codes) -> list[str]:
    """Drop codes that lie under another code of the list."""
    minimal: list[str] = []
    for code in sorted(set(codes), key=lambda c: (len(c), c)):
        if not any(code.startswith(kept) for kept in minimal):
            minimal.append(code)
    return minimal


def scope(user, queryset: QuerySet, capability: str = Capability.VIEW) -> QuerySet:
    """The rows of `queryset` whose unit lies in a subtree where the user has `capability`.

    A model routed to departments names its department field in DEPARTMENT_FIELD; on
    such a model a department grant reaches only the rows routed to that department,
    elsewhere it reaches the department's county. A model whose rows may be about a
    department (a form a department fills) names that field in DEPARTMENT_SUBJECT_FIELD:
    there a department grant reaches its county's rows about no department and the rows
    about its own department, never those of another department.
    """
    if user.is_active and user.is_superuser:
        return queryset
    if not user.is_active:
        return queryset.none()
    department_field = getattr(queryset.model, "DEPARTMENT_FIELD", None)
    subject_field = getattr(queryset.model, "DEPARTMENT_SUBJECT_FIELD", None)
    grants = [g for g in grants_of(user) if capability in ROLE_CAPABILITIES[g.role]]
    unit_codes = [g.unit_code for g in grants if not (g.department_id and (department_field or subject_field))]
    department_ids = [g.department_id for g in grants if department_field and g.department_id]
    field = f"{queryset.model.SCOPE_FIELD}__subtree"
    condition = Q()
    for code in _minimal(unit_codes):
        condition |= Q(**{field: code})
    if department_ids:
        condition |= Q(**{f"{department_field}__in": department_ids})
    if subject_field and not department_field:
        for g in grants:
            if g.department_id:
                own = Q(**{f"{subject_field}__isnull": True}) | Q(**{subject_field: g.department_id})
                condition |= Q(**{field: g.unit_code}) & own
    return queryset.filter(condition) if condition else queryset.none()


def scope_overlapping(user, queryset: QuerySet, capability: str = Capability.VIEW) -> QuerySet:
    """Rows whose unit is in the user's subtrees or above them.

    For things issued from above that reach the user's units: a county campaign is
    visible to a township office, whose own rows inside it are still scoped by `scope()`.
    """
    if user.is_active and user.is_superuser:
        return queryset
    codes = scope_codes(user, capability) if user.is_active else []
    if not codes:
        return queryset.none()
    field = queryset.model.SCOPE_FIELD
    condition = Q()
    for code in codes:
        ancestors = ancestor_codes(code)
        condition |= Q(**{f"{field}__subtree": code}) | Q(**{f"{field}__in": ancestors})
    return queryset.filter(condition)


def get_in_scope_or_404(user, queryset: QuerySet, capability: str = Capability.VIEW, **lookup):
    try:
        return scope(user, queryset, capability).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("不存在或不在您的管辖范围内")


def holds(user, *capabilities: str) -> bool:
    """Whether the user has any of these capabilities on some unit (a superuser everywhere)."""
    if not user.is_active:
        return False
    return user.is_superuser or any(scope_codes(user, c) for c in capabilities)


def unit_code_of(obj) -> str:
    """The unit code of a row of a scoped model, following its SCOPE_FIELD path."""
    *hops, last = type(obj).SCOPE_FIELD.split("__")
    value = obj
    for index, hop in enumerate(hops):
        if index == len(hops) - 1 and last == "code":
            return getattr(value, f"{hop}_id")  # the foreign key holds the code: no query
        value = getattr(value, hop)
    return getattr(value, last)


def can(user, unit_code: str, capability: str = Capability.VIEW) -> bool:
    """Whether the user has `capability` on the unit with this code."""
    if user.is_active and user.is_superuser:
        return True
    return user.is_active and any(unit_code.startswith(c) for c in scope_codes(user, capability))


def department_ids(user, capability: str = Capability.VIEW) -> list[int]:
    """The departments the user works for (with that capability)."""
    return [g.department_id for g in grants_of(user) if g.department_id and capability in ROLE_CAPABILITIES[g.role]]


def acts_for_department(user, department_id: int, capability: str) -> bool:
    """Whether the user may do `capability` for this department (a superuser for every one)."""
    if not user.is_active:
        return False
    return user.is_superuser or department_id in department_ids(user, capability)
