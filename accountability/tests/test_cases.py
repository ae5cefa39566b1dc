"""A case from draft to the discipline office: confirm or dismiss, steps, clues, transfer, close; and who sees it."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from accountability import selectors, services
from accountability.models import AccountabilityCase, CaseStep, Clue

from .conftest import PNG

Case, Kind = AccountabilityCase, CaseStep.Kind


@pytest.fixture
def draft(review):
    services.apply_rules(review.campaign)
    return Case.objects.get(unit_id="411322101")  # 释之街道, handled by the county


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def png(name="约谈记录.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def history(case):
    return [(s.kind, s.note, [c.original_name for c in s.clues.all()]) for s in case.steps.all()]


def test_a_confirmed_case_takes_steps_goes_to_the_discipline_office_and_is_closed(draft, county_office):
    services.confirm(draft, by=county_office, note="属实")
    services.add_step(draft, by=county_office, kind=Kind.INTERVIEW, happened_on=date.today() - timedelta(days=1),
                      note="约谈乡党委书记", files=[png()])
    services.add_step(draft, by=county_office, kind=Kind.CRITICIZE, happened_on=date.today(), note="全县通报")
    services.transfer(draft, by=county_office, happened_on=date.today(), note="涉嫌虚报退出",
                      files=[png("线索.png")])
    services.close(draft, by=county_office, happened_on=date.today(), outcome="给予党内警告处分")
    draft.refresh_from_db()
    assert (draft.status, draft.outcome, draft.confirmed_by) == ("closed", "给予党内警告处分", county_office)
    assert draft.transferred_at is not None and draft.closed_at is not None
    assert history(draft) == [
        ("interview", "约谈乡党委书记", ["约谈记录.png"]), ("confirm", "属实", []), ("criticize", "全县通报", []),
        ("transfer", "涉嫌虚报退出", ["线索.png"]), ("close", "给予党内警告处分", []),
    ]


def test_a_dismissed_draft_keeps_its_reason_and_takes_no_step(draft, county_office):
    with pytest.raises(services.CaseError, match="请填写不予问责的理由"):
        services.dismiss(draft, by=county_office, reason=" ")
    services.dismiss(draft, by=county_office, reason="抽查样本有误，已复核")
    draft.refresh_from_db()
    assert (draft.status, draft.outcome) == ("dismissed", "抽查样本有误，已复核")
    with pytest.raises(services.CaseError, match="不予问责"):
        services.add_step(draft, by=county_office, kind=Kind.INTERVIEW, happened_on=date.today(), note="x")
    with pytest.raises(services.CaseError):
        services.confirm(draft, by=county_office)


def test_a_draft_takes_no_step_before_it_is_confirmed(draft, county_office):
    with pytest.raises(services.CaseError, match="待确认"):
        services.add_step(draft, by=county_office, kind=Kind.INTERVIEW, happened_on=date.today(), note="约谈")
    with pytest.raises(services.CaseError, match="待确认"):
        services.transfer(draft, by=county_office, happened_on=date.today(), note="线索", files=[png()])


def test_a_step_in_the_future_or_without_a_note_is_refused(draft, county_office):
    services.confirm(draft, by=county_office)
    with pytest.raises(services.CaseError, match="日期不能晚于今天"):
        services.add_step(draft, by=county_office, kind=Kind.ADMONISH, happened_on=date.today() + timedelta(days=1),
                          note="诫勉")
    with pytest.raises(services.CaseError, match="请填写情况"):
        services.add_step(draft, by=county_office, kind=Kind.ADMONISH, happened_on=date.today(), note="")
    with pytest.raises(services.CaseError, match="请选择问责措施"):
        services.add_step(draft, by=county_office, kind=Kind.CLOSE, happened_on=date.today(), note="办结")
    assert history(draft) == [("confirm", "", [])]


@pytest.mark.parametrize("name, content, message", [
    ("线索.exe", b"MZ\x90\x00", "只接受照片"),
    ("线索.png", b"%PDF-1.4 not a picture", "文件内容与扩展名不符"),
    ("线索.pdf", b"", "文件是空的"),
])
def test_a_bad_clue_file_is_refused_and_nothing_is_stored(draft, county_office, name, content, message):
    services.confirm(draft, by=county_office)
    bad = SimpleUploadedFile(name, content)
    with pytest.raises(services.CaseError, match=message):
        services.transfer(draft, by=county_office, happened_on=date.today(), note="线索", files=[png(), bad])
    draft.refresh_from_db()
    assert draft.status == "open" and Clue.objects.count() == 0 and history(draft) == [("confirm", "", [])]


def test_a_transfer_needs_a_clue_file(draft, county_office):
    services.confirm(draft, by=county_office)
    with pytest.raises(services.CaseError, match="移送须附问题线索材料"):
        services.transfer(draft, by=county_office, happened_on=date.today(), note="线索")
    services.add_step(draft, by=county_office, kind=Kind.NOTE, happened_on=date.today(), note="补充", files=[png()])
    services.transfer(draft, by=county_office, happened_on=date.today(), note="线索见前")  # the clue already there
    assert Case.objects.get(pk=draft.pk).status == "transferred"


def test_only_the_handling_office_writes(draft, township_office, discipline, outsider, city_office):
    for stranger in (township_office, discipline, outsider):
        with pytest.raises(services.NotAllowed):
            services.confirm(draft, by=stranger)
    services.confirm(draft, by=city_office)  # the city may take up a case its county handles
    assert Case.objects.get(pk=draft.pk).status == "open"


def test_the_county_does_not_handle_the_case_against_itself(review, county_office, city_office):
    services.apply_rules(review.campaign)
    own = Case.objects.get(unit_id="411322")
    with pytest.raises(services.NotAllowed):
        services.confirm(own, by=county_office)
    assert selectors.cases_for(county_office).filter(pk=own.pk).exists() is False
    services.confirm(own, by=city_office)


def test_discipline_sees_the_cases_and_clues_of_its_scope_only(review, county_office, discipline, city_discipline,
                                                               outside_discipline, viewer, department_user,
                                                               township_office, checker):
    services.apply_rules(review.campaign)
    township_case = Case.objects.get(unit_id="411322101")
    services.confirm(township_case, by=county_office)
    services.add_step(township_case, by=county_office, kind=Kind.NOTE, happened_on=date.today(), note="线索",
                      files=[png()])
    clue = Clue.objects.get()

    def seen(user):
        return sorted(selectors.cases_for(user).values_list("unit_id", flat=True))

    assert seen(discipline) == ["411322100", "411322101"]  # the cases its county handles
    assert seen(city_discipline) == ["411322", "411322100", "411322101"]
    for nobody in (outside_discipline, viewer, department_user, township_office, checker):
        assert seen(nobody) == []
        with pytest.raises(Http404):
            selectors.get_case_for(nobody, township_case.pk)
        with pytest.raises(Http404):
            selectors.get_clue_for(nobody, clue.pk)
    assert selectors.get_clue_for(discipline, clue.pk) == clue


def test_an_office_opens_a_case_on_a_department_of_its_county(county_office, county, campaign, department_user):
    from units.models import Department

    health = Department.objects.get(county=county, name="卫健委")
    case = services.open_case(by=county_office, reason="unannounced", unit=county, department=health,
                              person="卫健委主任 王某", summary="暗访发现家庭医生签约走过场", evidence_text="3 户未见签约",
                              campaign=campaign, files=[png("暗访照片.png")])
    assert (case.status, case.handling_unit_id, case.subject_label) == ("open", "411322", "方城县卫健委 卫健委主任 王某")
    assert history(case) == [("open", "3 户未见签约", ["暗访照片.png"])]
    with pytest.raises(services.NotAllowed):
        services.open_case(by=county_office, reason="other", unit=county, summary="对本县自身立案")


def test_an_office_cannot_tie_its_case_to_another_countys_campaign_or_problems(county_office, township, templates,
                                                                               outsider, outside_village):
    from rectification import services as ledger
    from tests.factories import make_campaign

    theirs = make_campaign(outside_village.parent.parent, [templates["fangcheng-household"]], by=outsider)
    with pytest.raises(services.NotAllowed, match="专项行动不存在"):
        services.open_case(by=county_office, reason="unannounced", unit=township, summary="暗访", campaign=theirs)
    problem = ledger.record_problem(by=outsider, campaign=theirs, unit=outside_village, source="unannounced",
                                    category="住房保障", description="墙体开裂")
    with pytest.raises(services.NotAllowed, match="相关问题不在您的管辖范围内"):
        services.open_case(by=county_office, reason="unannounced", unit=township, summary="暗访", problems=[problem])
    assert Case.objects.count() == 0
