"""Creating users and API tokens; each change is on the audit trail."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from hecha.accounts.models import DISTRICT_ROLES, ApiToken, District, Role, User
from hecha.audit.services import log_action


class AccountRefused(Exception):
    """Nothing was changed; the message is Chinese."""


def create_user(
    *,
    username: str,
    password: str,
    role: str,
    district_code: str | None = None,
    full_name: str = "",
    actor: User | None = None,
    check_password: bool = True,
) -> User:
    username = username.strip()
    if not username:
        raise AccountRefused("用户名不能为空")
    if role not in Role.values:
        raise AccountRefused(f"未知的角色：{role}（应为 {'、'.join(Role.values)} 之一）")
    district = None
    if role in DISTRICT_ROLES:
        if not district_code:
            raise AccountRefused(f"角色“{Role(role).label}”必须指定所属区县（--district）")
        district = District.objects.filter(code=district_code).first()
        if district is None:
            raise AccountRefused(f"未知的区划代码：{district_code}")
    elif district_code:
        raise AccountRefused(f"角色“{Role(role).label}”不属于区县，不能指定 --district")
    if User.objects.filter(username=username).exists():
        raise AccountRefused(f"用户名已存在：{username}")
    if check_password:
        try:
            validate_password(password)
        except ValidationError as exc:
            raise AccountRefused("密码不符合要求：" + "；".join(exc.messages)) from None
    with transaction.atomic():
        user = User(username=username, role=role, district=district, last_name=full_name)
        user.is_staff = user.is_superuser = role == Role.ADMIN
        user.set_password(password)
        user.save()
        log_action(
            action="accounts.user_created",
            actor=actor,
            object_type="accounts.user",
            object_id=user.pk,
            district_code=district.code if district else "",
            data={"username": username, "role": role, "district": district_code or ""},
        )
    return user


def issue_token(*, username: str, actor: User | None = None) -> str:
    """A new API token for the user; only its digest is stored, so it is shown once."""
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise AccountRefused(f"用户不存在或已停用：{username}")
    token = ApiToken.new_token()
    with transaction.atomic():
        ApiToken.objects.create(user=user, digest=ApiToken.digest_of(token))
        log_action(
            action="accounts.token_issued",
            actor=actor,
            object_type="accounts.user",
            object_id=user.pk,
            district_code=user.district.code if user.district else "",
            data={"username": username},
        )
    return token


def user_for_token(token: str) -> User | None:
    row = (
        ApiToken.objects.select_related("user", "user__district")
        .filter(digest=ApiToken.digest_of(token), user__is_active=True)
        .first()
    )
    return row.user if row else None
