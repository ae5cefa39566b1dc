import random
import time

from django.core.management.base import BaseCommand, CommandError

from django.contrib.auth import get_user_model

from django.utils import timezone

from accounts.roles import Capability
from accounts.scoping import scope_codes
from campaigns.services import build_work_list
from dashboards.ranking import freeze_campaign
from dashboards.rollup import refresh
from demo.accounts import DEMO_PASSWORD, create_demo_accounts
from demo.campaigns import create_demo_campaign, create_province_demo_campaign, province_templates
from demo.fill import fill_campaign
from demo.households import seed_demo_households
from demo.spotchecks import create_demo_spot_check
from units.models import AdminUnit, Level


class Command(BaseCommand):
    help = "为已导入的县生成确定性的演示农户和演示账号（可重复执行）。"

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--county", help="县级区划代码，如 411322")
        scope.add_argument("--province", help="省级区划代码，如 41（先导入 henan_province.csv）：只生成农户")
        parser.add_argument("--households-per-village", type=int, default=40)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--no-accounts", action="store_true", help="不创建演示账号")
        parser.add_argument("--fill-share", type=float, default=0.4,
                            help="演示专项行动中已填报的排查表比例（0–1，默认 0.4）")
        parser.add_argument("--campaign", action="store_true",
                            help="与 --province 同用：再建一个全省演示专项行动，生成排查表并按 --fill-share 填报")

    def handle(self, county, province, households_per_village, seed, no_accounts, fill_share, campaign, **options):
        code, level = (county, Level.COUNTY) if county else (province, Level.PROVINCE)
        unit = AdminUnit.objects.filter(code=code, level=level).first()
        if unit is None:
            raise CommandError(f"{Level(level).label}级区划 {code} 未导入，请先运行 load_divisions")
        if province and campaign and not province_templates():
            raise CommandError("附件表未导入，请先运行 load_checklists（--campaign 需要农户表和村级表）")
        villages = list(AdminUnit.objects.in_subtree(code).villages().order_by("code"))
        if not villages:
            raise CommandError(f"{unit.name} 下没有村级区划")
        self._assign_village_types(villages, seed)
        started = time.monotonic()

        def progress(done, total, created):
            self._progress("农户", done, total, f"个村，已生成 {created:,} 户", created, "户", started)

        created = seed_demo_households(
            villages=villages, per_village=households_per_village, seed=seed, progress=progress
        )
        self.stdout.write(f"{unit.name}：{len(villages):,} 个村，新增农户 {created:,} 户")
        if province:
            if campaign:
                self._province_campaign(unit, fill_share, seed)
            return
        if no_accounts:
            return
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, role, unit_name in create_demo_accounts(unit):
            self.stdout.write(f"  {username:<12} {role:<20} {unit_name}")
        users = get_user_model().objects
        campaign = create_demo_campaign(unit, by=users.get(username="county"))
        if campaign:
            campaign.refresh_from_db()
            if not campaign.work_ready:  # a real worker builds it in the background; here we need it now
                build_work_list(campaign)
            checker = users.get(username="checker")
            forms, problems = fill_campaign(campaign, share=fill_share, seed=seed, checker=checker,
                                            reviewer=users.get(username="reviewer"),
                                            showcase=scope_codes(checker, Capability.FILL)[0])
            spot_check = create_demo_spot_check(campaign, unit, by=users.get(username="county"),
                                                inspector=users.get(username="inspector"), seed=seed)
            refresh(campaign)
            freeze_campaign(campaign, timezone.localdate())
            self.stdout.write(f"演示专项行动：{campaign.name}（{campaign.submissions.count()} 张排查表，"
                              f"已填 {forms} 张，问题 {problems} 条）")
            if spot_check:
                done = spot_check.inspections.filter(status="submitted").count()
                self.stdout.write(f"演示抽查：{spot_check}（{spot_check.inspections.count()} 张检查表，"
                                  f"inspector 已完成 {done} 张）")

    def _province_campaign(self, province, fill_share, seed):
        """The province-wide demo campaign: its work list, `fill_share` of it filled, rolled up."""
        user, _ = get_user_model().objects.get_or_create(username="seed_demo", defaults={"is_active": False})
        started = time.monotonic()  # without a worker, creating the campaign builds its work list in-process
        campaign, created = create_province_demo_campaign(province, by=user)
        if not created:
            self.stdout.write(f"全省演示专项行动已存在：{campaign.name}")
            return
        campaign.refresh_from_db()
        if not campaign.work_ready:  # a real worker builds it in the background; here we need it now
            build_work_list(campaign)
        self.stdout.write(f"排查表 {campaign.submissions.count():,} 张（{time.monotonic() - started:.0f} 秒）")
        started = time.monotonic()

        def progress(done, total, filled, problems):
            self._progress("填报", done, total, f"张，已填 {filled:,} 张，问题 {problems:,} 条", filled, "张", started)

        filled, problems = fill_campaign(campaign, share=fill_share, seed=seed, checker=user, reviewer=user,
                                         progress=progress)
        started = time.monotonic()
        refresh(campaign)
        self.stdout.write(f"{campaign.name}：已填 {filled:,} 张，问题 {problems:,} 条；"
                          f"汇总 {time.monotonic() - started:.0f} 秒")

    def _progress(self, label, done, total, detail, made, noun, started):
        """One line that redraws itself: a bar, how far, and how many per second."""
        bar = "█" * int(30 * done / max(total, 1))
        rate = made / max(time.monotonic() - started, 1e-6)
        self.stdout.write(f"  {label} [{bar:<30}] {done:,}/{total:,} {detail}（{rate:,.0f} {noun}/秒）",
                          ending="\r" if done < total else "\n")
        self.stdout.flush()

    def _assign_village_types(self, villages, seed):
        """About 30 % 脱贫村, the rest 一般村, for villages without a type (deterministic)."""
        rng = random.Random(seed)
        chosen = {AdminUnit.VillageType.POVERTY_EXITED: [], AdminUnit.VillageType.GENERAL: []}
        for village in villages:
            kind = AdminUnit.VillageType.POVERTY_EXITED if rng.random() < 0.3 else AdminUnit.VillageType.GENERAL
            if not village.village_type:
                chosen[kind].append(village.code)
        for kind, codes in chosen.items():
            for start in range(0, len(codes), 5000):
                AdminUnit.objects.filter(code__in=codes[start:start + 5000]).update(village_type=kind)
