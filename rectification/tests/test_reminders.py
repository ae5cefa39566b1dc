from datetime import date, timedelta

from django.core import mail

from rectification.models import Notification
from rectification.reminders import send_reminders
from rectification.tasks import send_daily_reminders


def test_reminders_go_to_the_responsible_users_once(make_problem, health, health_user, township_office,
                                                    other_township_office):
    today = date.today()
    soon = make_problem(department=health, deadline=today + timedelta(days=2))
    late = make_problem(deadline=today - timedelta(days=1))  # the township's own
    make_problem(department=health, deadline=today + timedelta(days=10))  # not yet
    make_problem(department=health, deadline=today - timedelta(days=3), status="closed")  # done

    assert send_reminders(today) == 2
    assert send_reminders(today) == 0  # running twice sends nothing twice
    assert set(Notification.objects.values_list("user__username", "problem_id", "kind")) == {
        ("health_staff", soon.pk, "due_soon"), ("township_office", late.pk, "overdue")}


def test_a_problem_turning_overdue_is_reminded_again(make_problem, health, health_user):
    today = date.today()
    problem = make_problem(department=health, deadline=today + timedelta(days=1))
    send_reminders(today)
    send_reminders(today + timedelta(days=2))
    assert list(Notification.objects.order_by("kind").values_list("kind", flat=True)) == ["due_soon", "overdue"]


def test_reminders_are_mailed_once_when_email_is_configured(settings, make_problem, health, health_user):
    settings.EMAIL_HOST = "smtp.example.gov.cn"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    health_user.email = "health@example.gov.cn"
    health_user.save()
    make_problem(department=health, deadline=date.today() - timedelta(days=1))
    send_daily_reminders.delay()
    send_daily_reminders.delay()
    assert len(mail.outbox) == 1 and "已逾期" in mail.outbox[0].body
    assert mail.outbox[0].to == ["health@example.gov.cn"]


def test_the_job_is_on_the_daily_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["daily-rectification-reminders"]
    assert entry["task"] == send_daily_reminders.name
