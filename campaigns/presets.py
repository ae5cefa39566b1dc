"""What a county office issuing each seed's plan would choose as the targets of each form.

A form's plan is the first part of its template code (fangcheng-household → fangcheng);
within a plan the targets depend only on the form's level, so a form added to a plan
later (a 福州 county form, say) gets the right targets without a change here.
"""

from checklists.models import FormLevel
from households.models import Household

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
