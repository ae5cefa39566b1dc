"""The unit picker: the JSON a persona gets (only units it may see; a hidden parent is 404), and the
widget that shows the chosen unit's name beside its code."""

import pytest
from django.urls import reverse

from unitpages.picker import UnitPickerWidget
from units.models import AdminUnit

URL = reverse("units:picker")


@pytest.fixture(autouse=True)
def named_ancestors(county):
    AdminUnit.objects.filter(code="41").update(name="河南省")
    AdminUnit.objects.filter(code="4113").update(name="南阳市")


def unit(code, name, level, level_label, path, has_children):
    return {"code": code, "name": name, "level": level, "level_label": level_label, "path": path,
            "has_children": has_children}


FANGCHENG = ["河南省", "南阳市", "方城县"]


def test_a_township_office_starts_at_its_township_and_sees_its_villages(client, township_office, village,
                                                                          sibling_village, other_township_village):
    client.force_login(township_office)
    assert client.get(URL).json() == {"parent": None, "query": "", "units": [
        unit("411322100", "凤瑞街道", "township", "乡镇", [*FANGCHENG, "凤瑞街道"], True)]}
    assert client.get(URL, {"parent": "411322100"}).json() == {
        "parent": unit("411322100", "凤瑞街道", "township", "乡镇", [*FANGCHENG, "凤瑞街道"], True),
        "query": "",
        "units": [unit("411322100001", "新华街社区", "village", "村", [*FANGCHENG, "凤瑞街道", "新华街社区"], False),
                  unit("411322100002", "和平社区", "village", "村", [*FANGCHENG, "凤瑞街道", "和平社区"], False)]}


def test_a_county_office_starts_at_its_county_and_sees_every_township(client, county_office, village,
                                                                        other_township_village):
    client.force_login(county_office)
    assert client.get(URL).json() == {"parent": None, "query": "", "units": [
        unit("411322", "方城县", "county", "县", FANGCHENG, True)]}
    assert client.get(URL, {"parent": "411322"}).json() == {
        "parent": unit("411322", "方城县", "county", "县", FANGCHENG, True),
        "query": "",
        "units": [unit("411322100", "凤瑞街道", "township", "乡镇", [*FANGCHENG, "凤瑞街道"], True),
                  unit("411322101", "释之街道", "township", "乡镇", [*FANGCHENG, "释之街道"], True)]}


def test_the_search_by_name_finds_only_units_the_user_may_see(client, county_office, township_office,
                                                               other_township_village, village):
    client.force_login(county_office)
    assert client.get(URL, {"q": "释之"}).json() == {"parent": None, "query": "释之", "units": [
        unit("411322101", "释之街道", "township", "乡镇", [*FANGCHENG, "释之街道"], True),
        unit("411322101001", "释之社区", "village", "村", [*FANGCHENG, "释之街道", "释之社区"], False)]}
    client.force_login(township_office)
    assert client.get(URL, {"q": "释之"}).json() == {"parent": None, "query": "释之", "units": []}


def test_a_unit_outside_the_users_scope_is_404(client, township_office, county_office, other_township,
                                                outside_village):
    client.force_login(township_office)
    assert client.get(URL, {"parent": "411322"}).status_code == 404  # its own county lies above it
    assert client.get(URL, {"parent": other_township.code}).status_code == 404
    client.force_login(county_office)
    assert client.get(URL, {"parent": "411321"}).status_code == 404  # another county
    assert client.get(URL, {"parent": "999999"}).status_code == 404  # none such: the same answer
    assert client.get(URL, {"q": "外县"}).json()["units"] == []


def test_above_offers_the_ancestors_too_for_an_issuing_unit(client, county_office):
    client.force_login(county_office)
    assert [u["name"] for u in client.get(URL, {"above": "1"}).json()["units"]] == ["河南省", "南阳市", "方城县"]


def test_the_widget_shows_the_units_name_beside_its_code(township):
    html = UnitPickerWidget().render("scope_code", "411322100", attrs={"id": "id_scope_code"})
    assert html == (
        f'<span class="unit-picker" data-unit-picker data-url="{URL}" data-above="">'
        '<input type="text" name="scope_code" value="411322100" inputmode="numeric" autocomplete="off" '
        'class="unit-picker-code" id="id_scope_code">'
        '<span class="unit-picker-name" id="id_scope_code_name" aria-live="polite">河南省 / 南阳市 / 方城县 / 凤瑞街道</span>'
        '</span>')


def test_the_campaign_form_renders_the_chosen_scope_by_name(client, county_office, templates):
    client.force_login(county_office)
    body = client.post(reverse("campaigns:create"), {"scope_code": "411322", "name": ""}).content.decode()
    assert ('<span class="unit-picker-name" id="id_scope_code_name" aria-live="polite">河南省 / 南阳市 / 方城县</span>'
            in body)


def test_the_picker_reads_a_fixed_number_of_queries_however_many_units(client, county_office, village,
                                                                        django_assert_num_queries,
                                                                        django_assert_max_num_queries):
    from tests.factories import make_unit

    client.force_login(county_office)
    client.get(URL, {"parent": "411322"})  # the session and the grants, read once
    # session, user, grants version (and the grants, unless the Redis cache has them); unit, children, paths, below
    with django_assert_max_num_queries(8) as children:
        client.get(URL, {"parent": "411322"})
    with django_assert_max_num_queries(5) as search:
        assert len(client.get(URL, {"q": "新"}).json()["units"]) == 1
    for n in range(30):
        make_unit(f"41132220{n:01d}" if n < 10 else f"4113222{n:02d}", f"新乡镇{n}")
    with django_assert_num_queries(len(children.captured_queries)):
        assert len(client.get(URL, {"parent": "411322"}).json()["units"]) == 31
    with django_assert_num_queries(len(search.captured_queries)):
        assert len(client.get(URL, {"q": "新"}).json()["units"]) == 20
