"""Villages' poverty status and exit year: from the division file's extra columns, from a
status roster (command line and the county office's upload page), and for the demo."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from demo.units import DEMO_EXIT_YEARS, give_demo_exit_years
from units.models import AdminUnit
from tests.factories import make_unit

HEADER = "code,name,level,parent_code"
TREE = ["41,河南省,province,,,", "4113,南阳市,city,41,,", "411322,方城县,county,4113,,",
        "411322100,凤瑞街道,township,411322,,"]


def statuses(*codes):
    return [tuple(AdminUnit.objects.filter(code=c).values_list("village_type", "exit_year").get()) for c in codes]


def write(tmp_path, text, name):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.django_db
def test_division_file_may_carry_poverty_status_and_exit_year(tmp_path):
    rows = TREE + ["411322100001,新华街社区,village,411322100,是,2017",
                   "411322100002,和平社区,village,411322100,1,", "411322100003,东关社区,village,411322100,否,",
                   "411322100004,西关社区,village,411322100,,"]
    call_command("load_divisions", write(tmp_path, f"{HEADER},poverty_village,exit_year\n" + "\n".join(rows), "d.csv"))
    assert statuses("411322100001", "411322100002", "411322100003", "411322100004") == [
        ("poverty_exited", 2017), ("poverty", None), ("general", None), ("", None)]


@pytest.mark.django_db
def test_the_plain_four_column_file_again_keeps_the_statuses(tmp_path, capsys):
    rows = TREE + ["411322100001,新华街社区,village,411322100,是,2017"]
    call_command("load_divisions", write(tmp_path, f"{HEADER},poverty_village,exit_year\n" + "\n".join(rows), "a.csv"))
    plain = [",".join(r.split(",")[:4]) for r in rows]
    call_command("load_divisions", write(tmp_path, f"{HEADER}\n" + "\n".join(plain), "b.csv"))
    assert "新增 0，更新 0，未变 5" in capsys.readouterr().out
    assert statuses("411322100001") == [("poverty_exited", 2017)]


@pytest.mark.django_db
@pytest.mark.parametrize("row, message", [
    ("411322100001,新华街社区,village,411322100,也许,", "第 6 行：是否贫困村应填“是”或“否”，实际为“也许”"),
    ("411322100001,新华街社区,village,411322100,否,2017", "第 6 行：非贫困村不应填写退出年度"),
    ("411322100001,新华街社区,village,411322100,是,17", "第 6 行：退出年度应为 2001–2100 之间的 4 位年份"),
    ("411322101,释之街道,township,411322,是,2017", "第 6 行：只有村级区划可以填写是否贫困村和退出年度"),
])
def test_a_bad_status_in_the_division_file_is_named_by_line_and_nothing_loads(tmp_path, row, message):
    text = f"{HEADER},poverty_village,exit_year\n" + "\n".join(TREE + [row])
    with pytest.raises(CommandError, match=message):
        call_command("load_divisions", write(tmp_path, text, "d.csv"))
    assert not AdminUnit.objects.exists()


@pytest.fixture
def villages(county):
    return [make_unit("411322100001", "新华街社区"), make_unit("411322100002", "和平社区"),
            make_unit("411322101001", "释之社区")]


ROSTER = "区划代码,村名称,是否贫困村,退出年度\n411322100001,新华街社区,是,2016\n411322100002,,否,\n411322101001,释之社区,是,\n"


def test_roster_command_sets_statuses_and_a_second_run_changes_nothing(tmp_path, villages, capsys):
    path = write(tmp_path, ROSTER, "r.csv")
    call_command("load_village_statuses", path)
    assert statuses("411322100001", "411322100002", "411322101001") == [
        ("poverty_exited", 2016), ("general", None), ("poverty", None)]
    call_command("load_village_statuses", path)
    assert "更新 0 个村，未变 3 个村" in capsys.readouterr().out


def test_roster_with_errors_names_every_line_and_writes_nothing(tmp_path, villages, outside_village):
    text = ("区划代码,村名称,是否贫困村,退出年度\n411322100001,新华街社区,是,2016\n411322100,,是,2016\n"
            "411322100002,解放社区,否,\n411322100001,,否,\n999999999999,,否,\n411322101001,,,\n")
    with pytest.raises(CommandError) as raised:
        call_command("load_village_statuses", write(tmp_path, text, "r.csv"))
    assert str(raised.value).splitlines()[1:] == [
        "第 3 行：411322100（单位411322100）不是村级区划",
        "第 4 行：村名称“解放社区”与区划代码 411322100002 的名称“和平社区”不一致",
        "第 5 行：区划代码 411322100001 与第 2 行重复",
        "第 6 行：区划代码“999999999999”不存在",
        "第 7 行：请填写是否贫困村",
    ]
    assert statuses("411322100001") == [("", None)]


def test_county_office_uploads_a_roster_for_its_own_villages(client, county_office, villages):
    client.force_login(county_office)
    upload = SimpleUploadedFile("名单.csv", ROSTER.encode("gb18030"))  # as Excel saves a CSV in China
    response = client.post(reverse("units:village_status_import"), {"file": upload})
    assert response.status_code == 200 and "更新 3 个村" in response.content.decode()
    assert statuses("411322100001") == [("poverty_exited", 2016)]


def test_an_xlsx_roster_is_read_too(client, county_office, villages):
    book = Workbook()
    for row in [["区划代码", "村名称", "是否贫困村", "退出年度"], ["411322100002", "和平社区", "是", 2018]]:
        book.active.append(row)
    buffer = BytesIO()
    book.save(buffer)
    client.force_login(county_office)
    upload = SimpleUploadedFile("名单.xlsx", buffer.getvalue())
    assert client.post(reverse("units:village_status_import"), {"file": upload}).status_code == 200
    assert statuses("411322100002") == [("poverty_exited", 2018)]


def test_a_village_outside_the_office_is_refused_and_nothing_is_saved(client, county_office, villages,
                                                                       outside_village):
    client.force_login(county_office)
    text = ROSTER + f"{outside_village.code},,是,2016\n"
    response = client.post(reverse("units:village_status_import"),
                           {"file": SimpleUploadedFile("r.csv", text.encode())})
    body = response.content.decode()
    assert response.status_code == 422 and "第 5 行：411321100001（外县村）不在您的管辖范围内" in body
    assert statuses("411322100001", outside_village.code) == [("", None), ("", None)]


def test_only_offices_that_manage_may_open_the_upload_page(client, township_office, checker, county_office):
    for user in (township_office, checker):
        client.force_login(user)
        assert client.get(reverse("units:village_status_import")).status_code == 404
    client.force_login(county_office)
    assert client.get(reverse("units:village_status_import")).status_code == 200
    response = client.post(reverse("units:village_status_import"), {"file": SimpleUploadedFile("r.txt", b"x")})
    assert "请上传 Excel（.xlsx）或 CSV（.csv）文件" in response.content.decode()


def test_demo_gives_every_exited_village_an_exit_year_once(county):
    exited = [make_unit(f"4113221000{n:02d}", village_type="poverty_exited") for n in range(1, 21)]
    kept = make_unit("411322100099", village_type="poverty_exited", exit_year=2015)
    make_unit("411322100098", village_type="general")
    assert give_demo_exit_years(county.code) == 20
    years = [y for (_, y) in statuses(*[v.code for v in exited])]
    assert set(years) <= set(DEMO_EXIT_YEARS) and len(set(years)) > 1
    assert statuses(kept.code, "411322100098") == [("poverty_exited", 2015), ("general", None)]
    assert give_demo_exit_years(county.code) == 0
