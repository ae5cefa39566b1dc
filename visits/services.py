"""Writes of visits: assigning helpers to households, recording a visit (with the household's
satisfaction), and recording satisfaction asked by a spot check's inspector.

Each checks the actor against every object it touches, at its entrance.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from accounts.scoping import can
from audit.services import acting_as
from core import events
from households.models import Household
from households.validators import name_problem, phone_problem
from units import codes

from .models import Satisfaction, Visit
from .selectors import ASSIGN_CAPABILITY, NOT_FOUND, helper_works_in, may_assign

BACKFILL_DAYS = 31  # a visit may be recorded up to a month late (no signal in the hills), never ahead


class VisitError(ValueError):
    """A refused write whose message (Chinese) is shown to the user."""


def visit_date_problem(day: date, today: date) -> str | None:
    if day > today:
        return "走访日期不能晚于今天"
    if day < today - timedelta(days=BACKFILL_DAYS):
        return f"只能补记 {BACKFILL_DAYS} 天内的走访"
    return None


@dataclass(frozen=True)
class Place:
    """Where the browser said the phone was at the check-in, if the helper allowed it."""

    location: str = Visit.Location.UNAVAILABLE
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    accuracy: int | None = None

    def __post_init__(self):
        given = self.location == Visit.Location.GIVEN
        if given != (self.latitude is not None and self.longitude is not None):
            raise VisitError("定位信息不完整，请重新定位或不带定位提交")


def _helper_name(helper, name: str) -> str:
    """The helper's name is the account's: given once for an account without one, then fixed."""
    account = helper.get_full_name().replace(" ", "")
    name = name.strip()
    if account:
        if name and name != account:
            raise VisitError(f"该账号登记的姓名是“{account}”，与填写的姓名不一致")
        return account
    if not name:
        raise VisitError("该账号还没有登记姓名，请填写帮扶责任人姓名")
    problem = name_problem(name, "帮扶责任人姓名")
    if problem:
        raise VisitError(problem)
    helper.first_name = name
    helper.save(update_fields=["first_name"])
    return name


@transaction.atomic
def assign_helper(*, by, household_ids: list[int], helper=None, name: str = "", phone: str = "") -> int:
    """Make `helper` (an account) the helper of these households, or clear their helper (None).

    The actor administers every household's village; the helper works in every household's county
    (holds a role or a department there). The households' helper_name / helper_phone are the
    account's name and the phone given; the helper's other households in the actor's scope take
    the same phone, so one helper reads the same everywhere the actor looks."""
    if not may_assign(by):
        raise PermissionDenied("没有指派帮扶责任人的权限")
    ids = sorted({int(pk) for pk in household_ids})
    if not ids:
        raise VisitError("请勾选要指派的农户")
    households = list(Household.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    if len(households) != len(ids) or not all(can(by, h.village_id, ASSIGN_CAPABILITY) for h in households):
        raise Http404(NOT_FOUND)
    if helper is None:
        name = phone = ""
    else:
        for county in {codes.county_code(h.village_id) for h in households}:
            if not helper_works_in(helper, county):
                raise VisitError("该账号不是本县的工作人员，不能指派为帮扶责任人（请先为其授予帮扶责任人角色）")
        phone = phone.strip()
        problem = phone_problem(phone, "帮扶责任人电话")
        if problem:
            raise VisitError(problem)
        name = _helper_name(helper, name)
    with acting_as(by):
        for household in households:
            household.helper, household.helper_name, household.helper_phone = helper, name, phone
            household.save(update_fields=["helper", "helper_name", "helper_phone", "updated_at"])
        if helper is not None:
            others = (Household.objects.select_for_update().filter(helper=helper).exclude(pk__in=ids)
                      .exclude(helper_name=name, helper_phone=phone))
            for household in others:
                if can(by, household.village_id, ASSIGN_CAPABILITY):
                    household.helper_name, household.helper_phone = name, phone
                    household.save(update_fields=["helper_name", "helper_phone", "updated_at"])
    return len(households)


@transaction.atomic
def record_visit(*, by, household: Household, visited_on: date, work_done: str, needs: str = "",
                 manuals_checked: bool, manuals_note: str = "", place: Place = Place(), knows_helper: bool,
                 satisfied: bool) -> Visit:
    """A helper's visit to one of their households, checked in now (server time), with the household's
    answers on knowing and being satisfied with its helper."""
    household = Household.objects.select_for_update().filter(pk=household.pk).first()
    if household is None or not by.is_active or household.helper_id != by.pk:
        raise PermissionDenied("只有该户的帮扶责任人才能登记走访")
    problem = visit_date_problem(visited_on, timezone.localdate())
    if problem:
        raise VisitError(problem)
    if not work_done.strip():
        raise VisitError("请填写帮扶工作内容")
    with acting_as(by):
        visit = Visit.objects.create(
            household=household, village_id=household.village_id, helper=by, visited_on=visited_on,
            work_done=work_done.strip(), needs=needs.strip(), manuals_checked=manuals_checked,
            manuals_note=manuals_note.strip(), checked_in_at=timezone.now(), location=place.location,
            latitude=place.latitude, longitude=place.longitude, accuracy=place.accuracy,
        )
        answer = Satisfaction.objects.create(
            household=household, village_id=household.village_id, helper=by, source=Satisfaction.Source.VISIT,
            visit=visit, asked_on=visited_on, knows_helper=knows_helper, satisfied=satisfied, recorded_by=by,
        )
    events.publish(events.SatisfactionRecorded(answer.pk, answer.village_id, answer.asked_on, None))
    return visit


def record_spot_check_satisfaction(*, by, household: Household, campaign, asked_on: date, knows_helper: bool,
                                   satisfied: bool, existing: Satisfaction | None = None) -> Satisfaction:
    """知晓、满意 asked by a spot check's inspector; a second save of the same inspection changes its answer.

    Called by spotchecks' save_inspection only, inside its transaction, after its check that `by` is
    the inspection's inspector (this app sits below spot checks and cannot see assignments)."""
    row = existing or Satisfaction(household=household, village_id=household.village_id,
                                   source=Satisfaction.Source.SPOT_CHECK, campaign=campaign, recorded_by=by)
    row.helper_id, row.asked_on = household.helper_id, asked_on
    row.knows_helper, row.satisfied, row.recorded_by = knows_helper, satisfied, by
    with acting_as(by):
        row.save()
    events.publish(events.SatisfactionRecorded(row.pk, row.village_id, row.asked_on, campaign.pk))
    return row
