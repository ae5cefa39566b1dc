"""满意度: the share of households satisfied with the help they get, per county of a campaign.

The one definition the satisfaction rule reads, from both places a household is asked:

- spot checks: a submitted household inspection, by its flag question on dissatisfaction (方城 附件1
  item 13, "是否存在对帮扶工作不满意、不认可等问题"; 是 = dissatisfied) and by the 知晓、满意 the
  inspector recorded with it (visits.Satisfaction); either saying "not satisfied" makes the
  inspection's answer "not satisfied";
- helpers' visits: the 满意 asked at each visit within the campaign's window (visits.selectors).

A household counts once, with its latest answer whichever the source: a visit by the day it was
asked (then when it was recorded), an inspection by when it was handed in.
"""

from dataclasses import dataclass

from django.utils import timezone

from checklists import engine
from checklists.models import FormLevel
from spotchecks.models import Inspection
from units import codes
from visits import selectors as visits
from visits.models import Satisfaction as Answer

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
    """{household id: (village code, satisfied)}, each household's latest answer from either source."""
    answers: dict[int, tuple[tuple, str, bool]] = {}

    def heard(household_id, when, unit_code, satisfied):
        if household_id not in answers or answers[household_id][0] <= when:
            answers[household_id] = (when, unit_code, satisfied)

    asked_in_visits = list(visits.campaign_answers(None, campaign=campaign))
    for row in asked_in_visits:
        if row["source"] == Answer.Source.VISIT:
            heard(row["household_id"], (row["asked_on"], row["recorded_at"]), row["village_id"], row["satisfied"])
    by_inspector = {row["id"]: row["satisfied"] for row in asked_in_visits
                    if row["source"] == Answer.Source.SPOT_CHECK}
    rows = (Inspection.objects.filter(spot_check__campaign=campaign, status=Inspection.Status.SUBMITTED,
                                      template__level=FormLevel.HOUSEHOLD, household__isnull=False)
            .values_list("household_id", "unit_id", "answers", "satisfaction_id", "submitted_at"))
    for household_id, unit_code, given, satisfaction_id, submitted_at in rows:
        said = [given[key] != engine.YES for key in DISSATISFACTION_KEYS if given.get(key) in (engine.YES, engine.NO)]
        if satisfaction_id in by_inspector:
            said.append(by_inspector[satisfaction_id])
        if said:
            heard(household_id, (timezone.localdate(submitted_at), submitted_at), unit_code, all(said))
    return {household_id: (unit_code, satisfied) for household_id, (_, unit_code, satisfied) in answers.items()}


def by_county(campaign) -> dict[str, Satisfaction]:
    counties: dict[str, Satisfaction] = {}
    for unit_code, satisfied in household_answers(campaign).values():
        if not codes.is_at_or_below(unit_code, codes.COUNTY):
            continue
        figure = counties.setdefault(codes.county_code(unit_code), Satisfaction())
        figure.asked += 1
        figure.dissatisfied += not satisfied
    return dict(sorted(counties.items()))
