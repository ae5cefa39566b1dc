"""Error pages speak Chinese in the site's look, and the dashboard renders without the optional chart library."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

ERROR_TITLES = {"400.html": "请求无效", "403.html": "无权访问", "404.html": "页面不存在", "500.html": "系统出错"}


@pytest.mark.parametrize("name, title", ERROR_TITLES.items())
def test_every_error_template_is_chinese_and_standalone(name, title):
    from django.template.loader import render_to_string

    html = render_to_string(name)  # the 500 handler renders with no context at all
    assert f"<title>{title} · 回头看</title>" in html and '<html lang="zh-hans">' in html
    assert "返回首页" in html


@pytest.mark.django_db
def test_an_unknown_page_answers_the_chinese_404(client, county_office):
    client.force_login(county_office)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "<h1>页面不存在</h1>" in response.content.decode()


@pytest.mark.django_db
def test_a_post_without_csrf_token_answers_the_chinese_csrf_page(county_office):
    client = Client(enforce_csrf_checks=True)
    client.force_login(county_office)
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    assert "<h1>页面已过期</h1>" in response.content.decode()


@pytest.mark.django_db
def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")


def test_optional_static_is_empty_for_a_file_missing_from_the_manifest(tmp_path):
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.template import Context, Template
    from django.utils.functional import empty

    (tmp_path / "staticfiles.json").write_text('{"paths": {}, "version": "1.1", "hash": "x"}')
    storage = {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage",
               "OPTIONS": {"location": str(tmp_path)}}
    with override_settings(STORAGES={"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                                     "staticfiles": storage}):
        staticfiles_storage._wrapped = empty  # the lazy storage is rebuilt from the overridden settings
        rendered = Template("{% load huitoukan %}{% optional_static 'vendor/chartjs/chart.umd.min.js' as u %}"
                            "[{{ u }}]").render(Context())
    staticfiles_storage._wrapped = empty
    assert rendered == "[]"
