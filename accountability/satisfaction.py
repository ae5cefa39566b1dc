"""满意度: the share of households satisfied with the help they get, per county of a campaign.

The one definition the satisfaction rule reads. Today its only source is the spot checks: a
household form whose flag question asks about dissatisfaction (方城 附件1 item 13, "是否存在对帮扶
工作不满意、不认可等问题"; 是 = dissatisfied), as the inspectors answered it. A household counts once,
with its latest answer. Helpers' visits (知晓、满意 asked at each visit) are to be merged into
`household_answers` as a second source, the later answer of a household winning.
"""

from dataclasses import dataclass

from checklists import engine
from checklists.models import FormLevel
from spotchecks.models import Inspection
from units import codes

# Flag questions of the household forms whose 是 means the household is not satisfied with its helper.
DISSATISFACTION_KEYS = ("helper_unsatisfied",)


@dataclass
class Satisfaction:
    asked: int = 0
    dissatisfied: int = 0

    @property
    def rate(self):
        """满意度 in %, one decimal; None when nobody was asked."""
        return round(100 * (self.asked - self.dissatisfied) / self.asked, 1) if self.asked else None


def household_answers(campaign) -> dict[int, tuple[str, bool]]:
    """{household id: (village code, satisfied)} from the inspectors' submitted household forms."""
    rows = (Inspection.objects.filter(spot_check__campaign=campaign, status=Inspection.Status.SUBMITTED,
                                      template__level=FormLevel.HOUSEHOLD, household__isnull=False)
            .order_by("submitted_at", "pk").values_list("household_id", "unit_id", "answers"))
    answers = {}
    for household_id, unit_code, given in rows:
        asked = [given[key] for key in DISSATISFACTION_KEYS if given.get(key) in (engine.YES, engine.NO)]
        if asked:
            answers[household_id] = (unit_code, engine.YES not in asked)
    return answers


def by_county(campaign) -> dict[str, Satisfaction]:
    counties: dict[str, Satisfaction] = {}
    for unit_code, satisfied in household_answers(campaign).values():
        if not codes.is_at_or_below(unit_code, codes.COUNTY):
            continue
        figure = counties.setdefault(codes.county_code(unit_code), Satisfaction())
        figure.asked += 1
        figure.dissatisfied += not satisfied
    return dict(sorted(counties.items()))
