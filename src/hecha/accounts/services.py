"""Creating users and API tokens; each change is on the audit trail."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

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
            validate_password(password, User(username=username, last_name=full_name))
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


def _active_user(username: str) -> User:
    user = User.objects.select_related("district").filter(username=username, is_active=True).first()
    if user is None:
        raise AccountRefused(f"用户不存在或已停用：{username}")
    return user


def _district_of(user: User) -> str:
    return user.district.code if user.district else ""


def issue_token(*, username: str, actor: User | None = None, days: int | None = None) -> str:
    """A new API token for the user, valid for `days` (default HECHA_TOKEN_DAYS); only its
    digest is stored, so it is shown once."""
    days = settings.HECHA_TOKEN_DAYS if days is None else days
    if not 1 <= days <= 3660:
        raise AccountRefused("令牌有效期应为 1 至 3660 天")
    user = _active_user(username)
    token = ApiToken.new_token()
    expires_at = timezone.now() + timedelta(days=days)
    with transaction.atomic():
        row = ApiToken.objects.create(
            user=user, digest=ApiToken.digest_of(token), expires_at=expires_at
        )
        log_action(
            action="accounts.token_issued",
            actor=actor,
            object_type="accounts.user",
            object_id=user.pk,
            district_code=_district_of(user),
            data={"username": username, "token": row.digest[:8],
                  "expires_at": timezone.localtime(expires_at).strftime("%Y-%m-%d %H:%M")},
        )  # fmt: skip
    return token


def revoke_tokens(
    *, username: str, actor: User | None = None, token_ids: list[int] | None = None
) -> int:
    """Revoke the user's valid tokens (all, or those ids); returns how many."""
    user = User.objects.select_related("district").filter(username=username).first()
    if user is None:
        raise AccountRefused(f"用户不存在：{username}")
    with transaction.atomic():
        rows = ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True)
        if token_ids is not None:
            rows = rows.filter(pk__in=token_ids)
        digests = [d[:8] for d in rows.values_list("digest", flat=True)]
        if not digests:
            return 0
        rows.update(revoked_at=timezone.now())
        log_action(
            action="accounts.tokens_revoked",
            actor=actor,
            object_type="accounts.user",
            object_id=user.pk,
            district_code=_district_of(user),
            data={"username": username, "count": len(digests), "tokens": "、".join(digests)},
        )
    return len(digests)


def tokens_of(username: str) -> list[ApiToken]:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise AccountRefused(f"用户不存在：{username}")
    return list(ApiToken.objects.filter(user=user))


def user_for_token(token: str) -> User | None:
    """The token's user while the token is neither expired nor revoked."""
    row = (
        ApiToken.objects.select_related("user", "user__district")
        .filter(
            digest=ApiToken.digest_of(token),
            user__is_active=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .first()
    )
    return row.user if row else None


def unlock_user(*, username: str, actor: User | None = None) -> int:
    """Lift a login lockout (django-axes) before it ends by itself; returns the attempts
    cleared."""
    from axes.utils import reset

    if not User.objects.filter(username=username).exists():
        raise AccountRefused(f"用户不存在：{username}")
    with transaction.atomic():
        cleared = reset(username=username)
        log_action(
            action="accounts.lockout_lifted",
            actor=actor,
            object_type="accounts.user",
            object_id=username,
            data={"username": username, "attempts": cleared},
        )
    return cleared
