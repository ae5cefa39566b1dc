"""The 方城县 2022 campaign of the seed, as demo data."""

from datetime import date

from campaigns.models import Campaign, Phase
from campaigns.presets import FANGCHENG_DEPARTMENTS, preset_for
from campaigns.services import FormTargets, create_campaign_unchecked
from checklists.models import ChecklistTemplate
from units import departments
from units.models import AdminUnit

from .units import give_demo_exit_years

DOCUMENT = "方农工组〔2022〕17号"
TEMPLATES = ["fangcheng-household", "fangcheng-village", "fangcheng-township", "fangcheng-county"]


def create_demo_campaign(county: AdminUnit, by) -> Campaign | None:
    """Create the seed's campaign once, each form with the seed's targets; None when it is already there."""
    if Campaign.objects.filter(document_number=DOCUMENT, scope_unit=county).exists():
        return None
    templates = [ChecklistTemplate.objects.filter(code=code).order_by("-version").first() for code in TEMPLATES]
    if not any(templates):
        return None  # load_checklists has not run
    register_departments(county)
    give_demo_exit_years(county.code)  # the demo's 脱贫村 get exit years, as a status roster would give them
    return create_campaign_unchecked(
        by=by, name="方城县巩固脱贫成果“回头看”靶向整改专项行动", document_number=DOCUMENT,
        issuing_unit=county, scope_unit=county, year=2022, forms=seed_forms(templates),
        phases=[
            (Phase.Kind.SCREENING, date(2022, 7, 10), date(2022, 7, 30)),
            (Phase.Kind.RECTIFICATION, date(2022, 7, 15), date(2022, 8, 20)),
            (Phase.Kind.UNANNOUNCED, date(2022, 8, 21), date(2022, 8, 31)),
        ],
    )


def register_departments(county: AdminUnit) -> None:
    """The county's list of departments, as its office would keep it: the seed's 县直重点行业部门, so
    the county form reaches them and the forms' questions route to them."""
    for name in FANGCHENG_DEPARTMENTS:
        departments.named(county.code, name)


def seed_forms(templates) -> list[FormTargets]:
    return [FormTargets(t, preset_for(t)) for t in templates if t]


PROVINCE_DOCUMENT = "演示〔2026〕1号"


def province_templates() -> list[ChecklistTemplate]:
    """The household and village forms of the province demo; empty until load_checklists has run."""
    templates = [ChecklistTemplate.objects.filter(code=code).order_by("-version").first() for code in TEMPLATES[:2]]
    return templates if all(templates) else []


def create_province_demo_campaign(province: AdminUnit, by) -> tuple[Campaign, bool]:
    """A province-wide campaign with the household and village forms, for scale demos and benchmarks."""
    existing = Campaign.objects.filter(document_number=PROVINCE_DOCUMENT, scope_unit=province).first()
    if existing:
        return existing, False
    templates = province_templates()
    if not templates:
        raise ValueError("load_checklists has not run: the province demo campaign needs its forms")
    give_demo_exit_years(province.code)
    return create_campaign_unchecked(
        by=by, name=f"{province.name}巩固脱贫成果“回头看”专项行动（演示）", document_number=PROVINCE_DOCUMENT,
        issuing_unit=province, scope_unit=province, year=2026, forms=seed_forms(templates),
        phases=[
            (Phase.Kind.SCREENING, date(2026, 11, 10), date(2026, 11, 30)),
            (Phase.Kind.RECTIFICATION, date(2026, 11, 15), date(2026, 12, 31)),
        ],
    ), True
