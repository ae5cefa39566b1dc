"""Deterministic, realistic demo households: Chinese names, valid ID numbers."""

import random
from datetime import date, timedelta

from households import idnumber
from households.bulk import write_households
from households.models import Household
from units import codes
from units.models import AdminUnit

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "建国军华明伟强磊洋勇艳杰娟涛超秀英霞平刚桂兰玉芳红梅丽丹萍鹏宇浩志春海波峰永东新福德成文国庆生金凤小云彩玲娥荣花振保全喜来根"
KIND_WEIGHTS = [
    (Household.Kind.POVERTY_EXITED, 60),
    (Household.Kind.MONITORED, 15),
    (Household.Kind.TEN_GROUPS, 5),
    (Household.Kind.LOW_INCOME, 10),
    (Household.Kind.GENERAL, 10),
]
_EPOCH = date(1935, 1, 1)


def chinese_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('35789')}{rng.randrange(10**9):09d}"


def id_number(rng: random.Random, area_code: str) -> str:
    birth = _EPOCH + timedelta(days=rng.randrange(70 * 365))
    first17 = f"{area_code}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + idnumber.check_char(first17)


def village_household_rows(village_code: str, count: int, seed: int, taken_ids: set[str]) -> list[dict]:
    """`count` households of one village as field values; the same seed gives the same households.

    Each village has its own random stream, so adding villages never changes others.
    `taken_ids` guards ID-number uniqueness; numbers of different counties never collide
    (they start with the county code), so a set per county is enough.
    """
    rng = random.Random(f"{seed}:{village_code}")
    kinds, weights = zip(*KIND_WEIGHTS)
    rows = []
    for i in range(1, count + 1):
        number = id_number(rng, codes.county_code(village_code))
        while number in taken_ids:
            number = id_number(rng, codes.county_code(village_code))
        taken_ids.add(number)
        members = rng.choice((1, 2, 2, 3, 3, 4, 4, 4, 5, 5, 6, 7))
        rows.append({
            "number": f"{village_code}{i:04d}", "village_id": village_code, "head_name": chinese_name(rng),
            "kind": rng.choices(kinds, weights)[0], "members": members,
            "members_able_to_work": rng.randint(0, members), "has_elderly": rng.random() < 0.25,
            "has_disabled": rng.random() < 0.08, "has_petitioner": rng.random() < 0.02,
            "has_special_hardship": rng.random() < 0.05, "helper_name": chinese_name(rng),
            "helper_phone": mobile(rng), "phone": mobile(rng),
            # generated numbers are valid by construction: protect them without re-validating
            "id_number_masked": idnumber.mask(number), "id_number_cipher": idnumber.encrypt(number),
            "id_number_hash": idnumber.lookup_hash(number),
        })
    return rows


def seed_demo_households(*, villages: list[AdminUnit], per_village: int, seed: int, progress=None) -> int:
    """Create demo households for each village that has none yet, a county at a time.

    Returns the number of households created. Safe to run again: a village that already has
    households is left as it is, so nothing is created twice. Demo data is not audited.
    """
    filled = set(Household.objects.filter(village__code__in=[v.code for v in villages])
                 .values_list("village_id", flat=True).distinct()) if len(villages) < 5000 else \
        set(Household.objects.values_list("village_id", flat=True).distinct())
    created = 0
    by_county: dict[str, list] = {}
    for village in villages:
        by_county.setdefault(codes.county_code(village.code), []).append(village)
    done = 0
    for county_villages in by_county.values():
        batch, taken_ids = [], set()
        for village in county_villages:
            if village.code not in filled:
                batch += village_household_rows(village.code, per_village, seed, taken_ids)
        created += write_households(batch)
        done += len(county_villages)
        if progress:
            progress(done, len(villages), created)
    return created
