"""Deadlines are picked with the browser's date picker, which offers no day before today."""

from django.utils import timezone

from rectification.forms import AssignForm, ExtensionRequestForm
from rectification.models import Problem


def test_deadline_inputs_are_date_pickers_starting_today():
    today = timezone.localdate().isoformat()
    assign = AssignForm(departments=Problem.objects.none().values("pk"), candidates=Problem.objects.none())
    assert str(assign["deadline"]) == f'<input type="date" name="deadline" id="id_deadline" min="{today}">'
    extension = ExtensionRequestForm()
    assert str(extension["proposed_deadline"]) == (
        f'<input type="date" name="proposed_deadline" required id="id_proposed_deadline" min="{today}">')
