from django.db import transaction
from django.utils import timezone

from campaigns.models import Campaign
from checklists import engine
from units.models import Department

from .models import Problem


def allocate_numbers(campaign_id: int, count: int) -> range:
    """Reserve `count` consecutive problem numbers in the campaign (row-locked, so never twice)."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
    first = campaign.problem_seq + 1
    campaign.problem_seq += count
    campaign.save(update_fields=["problem_seq"])
    return range(first, first + count)


def department_for(unit_code: str, name: str) -> Department | None:
    """The county department of that name, where a problem of this unit is routed by default."""
    if not name or len(unit_code) < 6:
        return None
    department, _ = Department.objects.get_or_create(county_id=unit_code[:6], name=name)
    return department


@transaction.atomic
def sync_problems_from_submission(submission, *, by) -> list[Problem]:
    """One problem per question answered 是; re-submitting updates them, never duplicates.

    A problem whose question is no longer answered 是 is withdrawn while nobody has worked on it.
    """
    questions = list(submission.template.questions.all())
    flagged = engine.flagged(questions, submission.answers)
    existing = {p.question_key: p for p in submission.problems.select_for_update()}
    now = timezone.now()
    new = [(q, d) for q, d in flagged if q.key not in existing]
    numbers = iter(allocate_numbers(submission.campaign_id, len(new))) if new else iter(())
    created = [
        Problem(
            campaign_id=submission.campaign_id, number=next(numbers), unit_id=submission.unit_id,
            household_id=submission.household_id, submission=submission, question_key=q.key, question_text=q.text,
            category=q.category, description=description, source=Problem.Source.SELF_CHECK,
            department=department_for(submission.unit_id, q.department), found_by=by, found_at=now,
        )
        for q, description in new
    ]
    Problem.objects.bulk_create(created)
    still_flagged = {q.key: d for q, d in flagged}
    for key, problem in existing.items():
        if key in still_flagged:
            problem.description = still_flagged[key]
            if problem.status == Problem.Status.WITHDRAWN:
                problem.status = Problem.Status.OPEN
            problem.save(update_fields=["description", "status"])
        elif problem.status == Problem.Status.OPEN:
            problem.status = Problem.Status.WITHDRAWN
            problem.save(update_fields=["status"])
    return created
