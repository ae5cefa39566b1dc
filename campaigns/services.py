from dataclasses import dataclass
from datetime import date

from django.db import transaction

from accounts.roles import Capability
from accounts.scoping import can
from checklists.models import ChecklistTemplate, FormLevel
from core import events
from units import codes
from units.models import AdminUnit

from . import tasks
from .worklist import build_work_list  # noqa: F401 - the synchronous build, for tests, demo and benchmarks
from .models import Campaign, CampaignForm, Phase, Training
from .presets import PhaseSpec
from .selectors import campaigns_for
from .targets import KEY_PERSONS, Targets
from .trainings import attendee_candidates, may_manage_trainings


class CampaignError(ValueError):
    """A campaign that may not be created as asked; the message is for the office, in Chinese."""


@dataclass(frozen=True)
class FormTargets:
    """One form a campaign is to use, and whom it must reach."""

    template: ChecklistTemplate
    targets: Targets


def uniform_targets(templates, target_kinds, include_key_persons=True) -> list[FormTargets]:
    """The same household kinds for every household form, every unit for the others: the
    shorthand of test factories and benchmarks (and the rule every campaign had before
    targets were chosen per form)."""
    household = Targets(tuple(target_kinds), tuple(KEY_PERSONS) if include_key_persons else ())
    return [FormTargets(t, household if t.level == FormLevel.HOUSEHOLD else Targets()) for t in templates]


def check_may_create(by, *, scope_unit: AdminUnit, issuing_unit: AdminUnit, forms: list[FormTargets]) -> None:
    """Every object a new campaign touches: the scope the user manages, an issuing unit that is the
    scope or above it, current versions of distinct forms, and targets that fit each form."""
    if not can(by, scope_unit.code, Capability.MANAGE):
        raise CampaignError("您无权在该区划设立专项行动")
    if not codes.is_within(scope_unit.code, issuing_unit.code):
        raise CampaignError("印发单位应为实施范围本身或其上级")
    if not forms:
        raise CampaignError("请至少选择一张排查表")
    templates = [form.template for form in forms]
    if len({t.pk for t in templates}) != len(templates):
        raise CampaignError("同一张排查表只能选择一次")
    latest = {code: version for code, version in ChecklistTemplate.objects.filter(
        code__in=[t.code for t in templates]).order_by("code", "version").values_list("code", "version")}
    for form in forms:
        if latest.get(form.template.code) != form.template.version:
            raise CampaignError(f"“{form.template.name}”不是最新版本，请选择最新版本")
        errors = form.targets.errors(form.template.level)
        if errors:
            raise CampaignError(f"“{form.template.name}”：{'；'.join(errors)}")


def create_campaign(*, by, name, document_number, issuing_unit, scope_unit, year, phases, forms=None,
                    templates=(), target_kinds=(), include_key_persons=True, error_threshold=None,
                    require_training=False) -> Campaign:
    """Create a campaign for an office: permission and every form's targets are checked first.

    `forms` (FormTargets) say whom each form must reach; `templates` with `target_kinds` is the
    shorthand of `uniform_targets`. The work list is built by a task on commit.
    """
    forms = forms if forms is not None else uniform_targets(templates, target_kinds, include_key_persons)
    check_may_create(by, scope_unit=scope_unit, issuing_unit=issuing_unit, forms=forms)
    return create_campaign_unchecked(by=by, name=name, document_number=document_number, issuing_unit=issuing_unit,
                                     scope_unit=scope_unit, year=year, phases=phases, forms=forms,
                                     error_threshold=error_threshold, require_training=require_training)


@transaction.atomic
def create_campaign_unchecked(*, by, name, document_number, issuing_unit, scope_unit, year, phases, forms=None,
                              templates=(), target_kinds=(), include_key_persons=True,
                              error_threshold=None, require_training=False, copied_from=None) -> Campaign:
    """Create a campaign without asking whether `by` may: for demo data, benchmarks and test
    factories, which act for the system. Offices go through `create_campaign`.

    `phases` are PhaseSpecs or bare (kind, start, end) tuples."""
    forms = forms if forms is not None else uniform_targets(templates, target_kinds, include_key_persons)
    campaign = Campaign.objects.create(
        name=name, document_number=document_number, issuing_unit=issuing_unit, scope_unit=scope_unit, year=year,
        created_by=by, error_threshold=error_threshold, require_training=require_training, copied_from=copied_from,
    )
    rows = []
    for form in forms:
        row = CampaignForm(campaign=campaign, template=form.template)
        row.targets = form.targets
        rows.append(row)
    CampaignForm.objects.bulk_create(rows)
    Phase.objects.bulk_create([Phase(campaign=campaign, **PhaseSpec(*phase)._asdict()) for phase in phases])
    tasks.build_work_list.delay_on_commit(campaign.pk)
    return campaign


def shift_year(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def years_moved(source: Campaign, year: int) -> int:
    """How far a copy's calendar moves: the years from the source's year to the copy's. The one shift of a
    campaign like the last one: its phases here, its reports due in paperwork (on CampaignCopied)."""
    return year - source.year


def phases_moved(source: Campaign, years: int) -> list[PhaseSpec]:
    """The source's phases, each moved by `years` (a campaign like last year's keeps its calendar)."""
    return [PhaseSpec(p.kind, shift_year(p.starts_on, years), shift_year(p.ends_on, years), p.link, p.name,
                      p.remind_days) for p in source.phases.all()]


def copy_campaign(*, by, source: Campaign, name, document_number, scope_unit: AdminUnit, year,
                  phases: list | None = None, carry_over: bool = True) -> Campaign:
    """来年再看: a new campaign like `source` — its forms (current versions) with the same targets, its
    phases moved by the years between them (or `phases` as chosen), its training requirement and its
    accountability threshold — over a scope `by` manages; unfinished problems carried over when asked."""
    if not campaigns_for(by).filter(pk=source.pk).exists():
        raise CampaignError("原专项行动不存在或不在您的管辖范围内")
    latest = {}
    for template in ChecklistTemplate.objects.filter(
            code__in=source.forms.values("template__code")).order_by("code", "-version"):
        latest.setdefault(template.code, template)
    forms = [FormTargets(latest[f.template.code], f.targets) for f in source.forms.select_related("template")]
    issuing = source.issuing_unit if codes.is_within(scope_unit.code, source.issuing_unit_id) else scope_unit
    check_may_create(by, scope_unit=scope_unit, issuing_unit=issuing, forms=forms)
    phases = phases if phases is not None else phases_moved(source, years_moved(source, year))
    return _copy(by=by, source=source, name=name, document_number=document_number, issuing_unit=issuing,
                 scope_unit=scope_unit, year=year, phases=phases, forms=forms, carry_over=carry_over)


@transaction.atomic
def _copy(*, by, source, carry_over, **fields) -> Campaign:
    campaign = create_campaign_unchecked(by=by, error_threshold=source.error_threshold,
                                         require_training=source.require_training, copied_from=source, **fields)
    events.publish(events.CampaignCopied(source.pk, campaign_id=campaign.pk, by_id=by.pk, carry_over=carry_over))
    return campaign


@transaction.atomic
def record_training(*, by, campaign: Campaign, held_on, topic, trainer, attendees) -> Training:
    """大培训: a session of the campaign and who attended; every attendee must be an account of the
    campaign's units that the office manages."""
    if not may_manage_trainings(by, campaign):
        raise CampaignError("您无权登记本专项行动的培训")
    allowed = set(attendee_candidates(by, campaign).values_list("pk", flat=True))
    outside = [user for user in attendees if user.pk not in allowed]
    if outside:
        raise CampaignError(f"参训人员须为本专项行动范围内您管辖单位的账号：{'、'.join(u.username for u in outside)}")
    training = Training.objects.create(campaign=campaign, held_on=held_on, topic=topic, trainer=trainer,
                                       created_by=by)
    training.attendees.set(attendees)
    return training
