from accounts.roles import Capability
from accounts.scoping import acts_for_department, can, get_in_scope_or_404, scope

from .models import Submission


def submissions_for(user, capability: str = Capability.VIEW):
    return scope(user, Submission.objects.all(), capability)


def get_submission_for(user, pk, capability: str = Capability.VIEW) -> Submission:
    # Campaign, checker and reviewer load lazily when the page shows them: a seven-table join
    # costs PostgreSQL more to plan (~2 ms) than the three small queries it saves.
    queryset = Submission.objects.select_related("template", "unit", "household", "department")
    return get_in_scope_or_404(user, queryset, capability, pk=pk)


def fills(user, submission: Submission) -> bool:
    """Whether the form is the user's to fill, whatever its state: a department's form only by that
    department (the county office reviews it, it does not fill it), any other by who may fill in its unit."""
    if submission.department_id:
        return acts_for_department(user, submission.department_id, Capability.FILL_FOR_DEPARTMENT)
    return can(user, submission.unit_id, Capability.FILL)


def reviews(user, submission: Submission) -> bool:
    """Whether the user signs off forms of the submission's unit (a department's form: its county's office)."""
    return can(user, submission.unit_id, Capability.REVIEW)


def may_fill(user, submission: Submission) -> bool:
    return submission.is_editable and fills(user, submission)


def may_resend(user, submission: Submission) -> bool:
    """A submitted form may be posted again by its filler: a repeat of the submit is answered, not refused."""
    return submission.status == Submission.Status.SUBMITTED and fills(user, submission)


def may_review(user, submission: Submission) -> bool:
    return (
        submission.status == Submission.Status.SUBMITTED
        and submission.checker_id != user.pk
        and reviews(user, submission)
    )
