"""The home page (工作台): what each app holds for the user, gathered at the top of the house."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.scoping import grants_of
from households.access import may_import
from rectification import selectors as ledger
from unitpages.selectors import top_units_for


@login_required
def home(request):
    user = request.user
    mine = ledger.responsible_problems(user).select_related("unit", "campaign").order_by("deadline", "pk")
    return render(request, "core/home.html", {
        "grants": grants_of(user), "top_units": top_units_for(user),
        "overdue": [p for p in mine.overdue()[:20]],
        "due_soon": [p for p in mine.due_within(3)[:20]],
        "open_count": mine.count(),
        "managed_overdue": ledger.managed_overdue_count(user),
        "notifications": ledger.unread_notifications(user)[:20],
        "may_import": may_import(user),
    })
