"""The demo's spot check: a 县级复核 drawn, published and assigned to the demo inspector, part of it done.

Written through the real spot-check services (draw, publish, assign, save), so the demo county and
city offices see a spot check with its inspectors' progress and the inspector has 我的抽查任务.
"""

import random

from checklists.engine import structure
from spotchecks import services
from spotchecks.models import Inspection, SpotCheck

from .fill import demo_answers

SIZE_PER_TOWNSHIP = 3
DONE = 2  # inspections submitted; the rest stay on the inspector's list


def create_demo_spot_check(campaign, county, *, by, inspector, seed: int = 7) -> SpotCheck | None:
    """Draw households across the county's townships, publish, give the county's part to `inspector` and
    submit `DONE` inspections; None when the campaign already has a spot check."""
    if SpotCheck.objects.filter(campaign=campaign).exists():
        return None
    spot_check = services.create_spot_check(by=by, campaign=campaign, unit=county, kind=SpotCheck.Kind.COUNTY,
                                            subject=SpotCheck.Subject.HOUSEHOLD, strata=SpotCheck.Strata.TOWNSHIP,
                                            size_per_stratum=SIZE_PER_TOWNSHIP, seed=seed)
    services.publish(spot_check, by=by)
    services.assign_inspector(spot_check, by=by, county_code=county.code, inspector=inspector)
    rng = random.Random(seed)
    for inspection in Inspection.objects.filter(spot_check=spot_check).select_related("household", "template") \
            .order_by("unit_id", "pk")[:DONE]:
        answers, _ = demo_answers(structure(inspection.template)[1], inspection.household, rng)
        data = {key: str(value) for key, value in answers.items()}
        data.update(satisfaction_known="yes", satisfaction_satisfied="yes")
        errors = services.save_inspection(inspection, by=inspector, data=data, version=inspection.version,
                                          submit=True)
        if errors:
            raise ValueError(f"演示检查表填写有误：{errors}")
    return spot_check
