from dataclasses import dataclass

from django.db import transaction

from accounts.roles import Capability
from accounts.scoping import can
from checklists.models import ChecklistTemplate, FormLevel
from units import codes
from units.models import AdminUnit

from . import tasks
from .worklist import build_work_list  # noqa: F401 - the synchronous build, for tests, demo and benchmarks
from .models import Campaign, CampaignForm, Phase
from .targets import KEY_PERSONS, Targets


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
                    templates=(), target_kinds=(), include_key_persons=True, error_threshold=None) -> Campaign:
    """Create a campaign for an office: permission and every form's targets are checked first.

    `forms` (FormTargets) say whom each form must reach; `templates` with `target_kinds` is the
    shorthand of `uniform_targets`. The work list is built by a task on commit.
    """
    forms = forms if forms is not None else uniform_targets(templates, target_kinds, include_key_persons)
    check_may_create(by, scope_unit=scope_unit, issuing_unit=issuing_unit, forms=forms)
    return create_campaign_unchecked(by=by, name=name, document_number=document_number, issuing_unit=issuing_unit,
                                     scope_unit=scope_unit, year=year, phases=phases, forms=forms,
                                     error_threshold=error_threshold)


@transaction.atomic
def create_campaign_unchecked(*, by, name, document_number, issuing_unit, scope_unit, year, phases, forms=None,
                              templates=(), target_kinds=(), include_key_persons=True,
                              error_threshold=None) -> Campaign:
    """Create a campaign without asking whether `by` may: for demo data, benchmarks and test
    factories, which act for the system. Offices go through `create_campaign`."""
    forms = forms if forms is not None else uniform_targets(templates, target_kinds, include_key_persons)
    campaign = Campaign.objects.create(
        name=name, document_number=document_number, issuing_unit=issuing_unit, scope_unit=scope_unit, year=year,
        created_by=by, error_threshold=error_threshold,
    )
    rows = []
    for form in forms:
        row = CampaignForm(campaign=campaign, template=form.template)
        row.targets = form.targets
        rows.append(row)
    CampaignForm.objects.bulk_create(rows)
    Phase.objects.bulk_create(
        [Phase(campaign=campaign, kind=kind, starts_on=start, ends_on=end) for kind, start, end in phases]
    )
    tasks.build_work_list.delay_on_commit(campaign.pk)
    return campaign


