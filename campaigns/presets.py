"""What a county office issuing each seed's plan would choose: the targets of each form, and the phases.

A form's plan is the first part of its template code (fangcheng-household → fangcheng);
within a plan the targets depend only on the form's level, so a form added to a plan
later (a 福州 county form, say) gets the right targets without a change here.
"""

from datetime import date
from typing import NamedTuple

from checklists.models import FormLevel
from households.models import Household

from .models import Link, Phase
from .targets import EVERY_UNIT, KEY_PERSONS, Targets

Kind = Household.Kind
EXITED = "poverty_exited"
ALL_KEY_PERSONS = tuple(KEY_PERSONS)

# 方城 2022, 四(二): 各乡镇（街道）、县直重点行业部门负责对照方案要求认真组织排查. The 县直重点行业部门 are
# the government departments section 二 names as responsible for its six tasks; each also fills
# 附件3's 县级 part, the county-level checklist (its item 3 asks about the 县级行业部门 themselves), for
# what lies in its own remit, and a 是 it reports is led by that department. Left out: the 工作组
# (working groups, not departments), 乡村振兴局 (the 专班办公室: it fills the county's own 附件3 as the
# county office), 组织部 and 政法委 (party organs), 金融服务中心 and 惠民公司 (a service centre and a
# company), and the 5+2 联动机制单位 and 各帮扶单位 (no single department).
FANGCHENG_DEPARTMENTS = ("教体局", "卫健委", "医保局", "住建局", "水利局", "人社局", "民政局", "残联", "农业农村局",
                         "科工局", "商务局", "财政局", "审计局", "信访局")

PRESETS: dict[str, dict[str, Targets]] = {
    # 方城 2022, 五(二): 脱贫户、监测户、低收入户和老人户等重点户必到，信访人、残疾人、特殊困难群众
    # 等重点人必访 — on top of the three kinds of 附件1's header (十类群体户/脱贫户/监测户).
    # 老人户 and the 重点人 are households of any kind with such a member.
    "fangcheng": {
        FormLevel.HOUSEHOLD: Targets(household_kinds=(Kind.TEN_GROUPS, Kind.POVERTY_EXITED, Kind.MONITORED,
                                                      Kind.LOW_INCOME), key_persons=ALL_KEY_PERSONS),
        FormLevel.VILLAGE: EVERY_UNIT,  # 附件2 asks 脱贫村/一般村 itself: every village fills it
        FormLevel.TOWNSHIP: EVERY_UNIT,  # 附件3 乡级
        FormLevel.COUNTY: Targets(departments=FANGCHENG_DEPARTMENTS),  # 附件3 县级: the county and its 县直重点行业部门
    },
    # 且末 2018: 附件1/4 are about 脱贫人口 (脱贫户); 附件2/5 about the 15 已退出贫困村 only.
    # Its 相关行业部门 (二(一), 二(三) 归口管理) fill no form: they receive the 回头帮 lists routed to
    # them (五(三)) and write their own 《“回头帮”年度实施方案》 (五(四)), so no form goes to a department.
    # 四(一) checks the villages that exited 2014–2017 (建档立卡 began in 2014; the 2018 round
    # looks at exits before it). A year-end round of 四(二) would widen the range to its own year.
    "qiemo": {
        FormLevel.HOUSEHOLD: Targets(household_kinds=(Kind.POVERTY_EXITED,)),
        FormLevel.VILLAGE: Targets(village_types=(EXITED,), exit_year_from=2014, exit_year_to=2017),
        FormLevel.TOWNSHIP: EVERY_UNIT,
    },
    # 福州 2018: every township self-checks (二(二)); a county review form goes to every county.
    "fuzhou": {FormLevel.TOWNSHIP: EVERY_UNIT, FormLevel.COUNTY: EVERY_UNIT},
    # The city template: identification covers 辖区内所有农村人口 (应进必进 means looking at 一般户 too);
    # helpers' work is checked per village (all villages: work teams are not only in 贫困村);
    # fund use per county (县(市) finance and audit offices).
    "city": {
        FormLevel.HOUSEHOLD: Targets(household_kinds=tuple(Kind.values)),
        FormLevel.VILLAGE: EVERY_UNIT,
        FormLevel.COUNTY: EVERY_UNIT,
    },
}

PLAN_NAMES = {"fangcheng": "方城县 2022（方农工组〔2022〕17号）", "qiemo": "且末县 2018（且扶贫领字发〔2018〕31号）",
              "fuzhou": "福州市 2018（榕扶办〔2018〕80号）", "city": "全市“回头看”工作方案（模板）"}

# A form of another plan: the households a 回头看 always reaches, and every unit otherwise.
DEFAULT = {
    FormLevel.HOUSEHOLD: Targets(household_kinds=(Kind.POVERTY_EXITED, Kind.MONITORED), key_persons=ALL_KEY_PERSONS),
}


def plan_of(template) -> str:
    return template.code.split("-", 1)[0]


def preset_for(template) -> Targets:
    """The targets an office would choose for this form by default."""
    by_level = PRESETS.get(plan_of(template), {})
    return by_level.get(template.level) or DEFAULT.get(template.level, EVERY_UNIT)


class PhaseSpec(NamedTuple):
    """One window as the plan writes it; a bare (kind, start, end) is a PhaseSpec too."""

    kind: str
    starts_on: date
    ends_on: date
    link: str = ""
    name: str = ""
    remind_days: int = 3


P = Phase.Kind
PHASE_PRESETS: dict[str, list[PhaseSpec]] = {
    # 方城 三、时间阶段: (一) 问题排查 7/10–7/30, (二) 集中整改 7/15–8/20 (查改结合, they overlap),
    # (三) 暗访评价 8 月下旬.
    "fangcheng": [
        PhaseSpec(P.SCREENING, date(2022, 7, 10), date(2022, 7, 30)),
        PhaseSpec(P.RECTIFICATION, date(2022, 7, 15), date(2022, 8, 20)),
        PhaseSpec(P.UNANNOUNCED, date(2022, 8, 21), date(2022, 8, 31), name="暗访评价（8月下旬总考评）"),
    ],
    # 且末: the plan of 6/19; 附件1–3 (回头看摸底) reported by 7/13, 附件4–6 (回头帮成果) by 10/15.
    "qiemo": [
        PhaseSpec(P.SCREENING, date(2018, 6, 19), date(2018, 7, 13), name="回头看摸底（附件1–3）"),
        PhaseSpec(P.RECTIFICATION, date(2018, 7, 14), date(2018, 10, 15), name="回头帮（附件4–6）"),
    ],
    # 福州 三: helpers' visits and the townships' self-check with its 问题台帐 by 2019-01-10, then the
    # county's random re-check and the city's spot check (the plan gives no dates for these two).
    "fuzhou": [
        PhaseSpec(P.SCREENING, date(2018, 11, 22), date(2019, 1, 10), name="入户走访、乡镇自查"),
        PhaseSpec(P.COUNTY_REVIEW, date(2019, 1, 11), date(2019, 1, 31)),
        PhaseSpec(P.CITY_SPOT_CHECK, date(2019, 2, 1), date(2019, 2, 28)),
    ],
    # The city template: 动员部署 → 自查自纠 → 市级抽查, the last two with separate windows for
    # 贫困人口认定 and 帮扶工作落实 on one side and 扶贫资金 on the other. The template leaves the days
    # blank (4 月…日—5 月…日): these are the days an office would fill in.
    "city": [
        PhaseSpec(P.MOBILIZATION, date(2025, 4, 1), date(2025, 4, 9)),
        PhaseSpec(P.SCREENING, date(2025, 4, 10), date(2025, 5, 10), Link.PEOPLE, "自查自纠"),
        PhaseSpec(P.SCREENING, date(2025, 4, 10), date(2025, 5, 10), Link.HELPERS, "自查自纠"),
        PhaseSpec(P.SCREENING, date(2025, 4, 10), date(2025, 5, 5), Link.FUNDS, "自查自纠"),
        PhaseSpec(P.CITY_SPOT_CHECK, date(2025, 5, 11), date(2025, 5, 25), Link.PEOPLE),
        PhaseSpec(P.CITY_SPOT_CHECK, date(2025, 5, 11), date(2025, 5, 25), Link.HELPERS),
        PhaseSpec(P.CITY_SPOT_CHECK, date(2025, 5, 11), date(2025, 5, 31), Link.FUNDS),
    ],
}

# The city plan's forms, one per link (city-identification, city-helpers, city-funds).
LINK_OF_FORM = {"identification": Link.PEOPLE, "helpers": Link.HELPERS, "funds": Link.FUNDS}


def phase_preset(plan: str) -> list[PhaseSpec]:
    return PHASE_PRESETS.get(plan, [])


def link_of(template) -> str:
    """The link a form belongs to ("" for a form of every link)."""
    return LINK_OF_FORM.get(template.code.split("-", 1)[-1], "")


def phase_kinds_of(template) -> tuple[str, ...]:
    """The phases in which a form is filled: 回头帮 results (且末 附件4–6) during rectification, the others
    during 排查 / 自查自纠."""
    return (P.RECTIFICATION,) if template.code.endswith("-help") else (P.SCREENING,)
