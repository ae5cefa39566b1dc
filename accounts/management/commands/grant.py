from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.roles import Role
from accounts.services import GrantError, grant_role, revoke_role


class Command(BaseCommand):
    help = "为用户授予某区划上的角色（用户不存在时创建）。角色：" + "、".join(f"{r.value}={r.label}" for r in Role)

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", help="角色代码，如 county_office")
        parser.add_argument("unit_code", help="区划代码，如 411322")
        parser.add_argument("--department", default="", help="责任单位名称（department 角色必填），如 卫健委")
        parser.add_argument("--password", default="", help="设置密码；新用户不指定时随机生成并打印")
        parser.add_argument("--revoke", action="store_true", help="撤销该角色")

    def handle(self, username, role, unit_code, department, password, revoke, **options):
        try:
            if revoke:
                user = get_user_model().objects.filter(username=username).first()
                if user is None:
                    raise CommandError(f"用户 {username} 不存在")
                revoke_role(user=user, role=role, unit_code=unit_code, department=department)
                self.stdout.write(f"已撤销 {username} 在 {unit_code} 的角色 {role}")
                return
            result = grant_role(
                username=username, role=role, unit_code=unit_code, department=department, password=password
            )
        except GrantError as exc:
            raise CommandError(str(exc))
        verb = "已创建用户并授权" if result.created else "已授权"
        self.stdout.write(f"{verb}：{username} → {role} @ {unit_code}{' ' + department if department else ''}")
        if result.password:
            self.stdout.write(f"初始密码：{result.password}")
