"""What a locked-out login sees (django-axes calls `locked_out_response`)."""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import JsonResponse
from django.shortcuts import render


def locked_out_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return (
        f"登录失败次数过多（连续 {settings.AXES_FAILURE_LIMIT} 次），该账号在本机已被锁定 {minutes} 分钟，"
        "请稍后再试；如忘记密码，请联系上级管理员重置。"
    )


def username_of(request, credentials=None) -> str:
    """The username django-axes records (AXES_USERNAME_CALLABLE): cut to what a username may be and
    without NUL, so a forged one (10^6 characters) is a failed login, not a 500 on PostgreSQL, whose
    varchar(255) column refuses it."""
    if credentials:
        value = credentials.get("username")
    else:
        value = request.POST.get("username") if request is not None else None
    return str(value or "").replace("\x00", "")[:150]


def locked_out_response(request, original_response=None, credentials=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": locked_out_message()}, status=429)
    username = (credentials or {}).get("username", "")
    context = {"form": AuthenticationForm(request, initial={"username": username}), "locked_out": locked_out_message(), "next": request.GET.get("next", "")}
    return render(request, "registration/login.html", context, status=429)
