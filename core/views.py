from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from accounts.scoping import grants_of
from households.access import may_import
from rectification import selectors as ledger
from units.selectors import top_units_for


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


def health(request):
    """Liveness for load balancers and docker-compose: the database and, when configured, Redis."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - a health check reports, it does not raise
        checks["database"] = f"error: {exc.__class__.__name__}"
    if settings.REDIS_URL:
        import redis

        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
            checks["redis"] = "ok"
        except Exception as exc:  # noqa: BLE001
            checks["redis"] = f"error: {exc.__class__.__name__}"
    healthy = all(v == "ok" for v in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)
