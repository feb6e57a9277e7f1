from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission

from hecha.accounts import services
from hecha.accounts.models import ApiToken, District, Officer, User
from hecha.audit.admin import AuditedAdmin

ACTIONS = {"add": "增加", "change": "修改", "delete": "删除", "view": "查看"}


def permission_label(permission: Permission) -> str:
    """A permission in Chinese: Django names its own "Can add <model>", in English, whatever
    the language (the name is stored when the table is created)."""
    action, _, model = permission.codename.partition("_")
    model_class = permission.content_type.model_class()
    if action not in ACTIONS or model_class is None or model != model_class._meta.model_name:
        return f"{permission.content_type.app_labeled_name} | {permission.name}"
    meta = model_class._meta
    app = apps.get_app_config(meta.app_label).verbose_name
    return f"{app} | {meta.verbose_name} | {ACTIONS[action]}{meta.verbose_name}"


class ChinesePermissions(admin.ModelAdmin):
    """Lists permissions by their Chinese labels in the user and group forms."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.name in ("user_permissions", "permissions"):
            field.label_from_instance = permission_label  # type: ignore[method-assign]
        return field


def _one_name(fieldsets):
    """Django's fieldsets with 名字 and 姓氏 replaced by the one 姓名 field."""
    out = []
    for name, options in fieldsets:
        fields = tuple(f for f in options.get("fields", ()) if f != "first_name")
        out.append((name, {**options, "fields": fields}))
    return tuple(out)


@admin.register(User)
class HechaUserAdmin(ChinesePermissions, AuditedAdmin, UserAdmin):
    fieldsets = (*_one_name(UserAdmin.fieldsets), ("核查", {"fields": ("role", "district")}))
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        ("核查", {"fields": ("last_name", "role", "district")}),
    )
    list_display = ["username", "last_name", "role", "district", "is_active"]
    list_filter = ["role", "district", "is_active"]
    search_fields = ["username", "last_name", "email"]


admin.site.unregister(Group)


@admin.register(Group)
class HechaGroupAdmin(ChinesePermissions, GroupAdmin):
    pass


@admin.register(District)
class DistrictAdmin(AuditedAdmin):
    list_display = ["code", "name", "city"]


@admin.register(Officer)
class OfficerAdmin(AuditedAdmin):
    list_display = ["name", "certificate_no", "district", "valid_from", "valid_until", "active"]
    list_filter = ["district", "active"]
    search_fields = ["name", "certificate_no"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are listed and revoked here; they are issued by `hecha user token NAME`."""

    list_display = ["user", "fingerprint", "created_at", "expires_at", "revoked_at", "state"]
    list_filter = ["revoked_at", "expires_at"]
    search_fields = ["user__username", "user__last_name"]
    actions = ["revoke"]

    @admin.display(description="令牌指纹")
    def fingerprint(self, obj: ApiToken) -> str:
        return obj.digest[:8] + "…"

    @admin.display(description="状态")
    def state(self, obj: ApiToken) -> str:
        return obj.state

    @admin.action(description="吊销所选令牌")
    def revoke(self, request, queryset) -> None:
        count = 0
        for username in sorted(set(queryset.values_list("user__username", flat=True))):
            ids = list(queryset.filter(user__username=username).values_list("pk", flat=True))
            count += services.revoke_tokens(username=username, actor=request.user, token_ids=ids)
        messages.success(request, f"已吊销 {count} 个令牌")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # revoked, never deleted: the record of who held a token stays


# django-axes ships no Chinese: its admin section in the administrator's language
apps.get_app_config("axes").verbose_name = "登录锁定"
for model, name in ((AccessAttempt, "访问尝试（删除即解除锁定）"), (AccessFailureLog, "登录失败记录"),
                    (AccessLog, "登录记录")):  # fmt: skip
    model._meta.verbose_name = model._meta.verbose_name_plural = name
admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class LockoutAdmin(AccessAttemptAdmin):
    """django-axes' failed attempts: deleting a username's attempts lifts its lockout, on the
    record (as `hecha user unlock NAME` does)."""

    list_display = ["user_name", "ip", "failures", "last_attempt", "locked"]
    list_filter = ["attempt_time"]

    @admin.display(description="用户名", ordering="username")
    def user_name(self, obj) -> str:
        return obj.username

    @admin.display(description="IP 地址")
    def ip(self, obj) -> str:
        return obj.ip_address or ""

    @admin.display(description="失败次数", ordering="failures_since_start")
    def failures(self, obj) -> int:
        return obj.failures_since_start

    @admin.display(description="最近一次", ordering="attempt_time")
    def last_attempt(self, obj):
        return obj.attempt_time

    @admin.display(description="已锁定", boolean=True)
    def locked(self, obj) -> bool:
        from django.conf import settings

        return obj.failures_since_start >= settings.AXES_FAILURE_LIMIT

    def delete_model(self, request, obj) -> None:
        self._lift(request, [obj.username])

    def delete_queryset(self, request, queryset) -> None:
        self._lift(request, sorted(set(queryset.values_list("username", flat=True))))

    def _lift(self, request, usernames: list[str]) -> None:
        for username in usernames:
            if User.objects.filter(username=username).exists():
                services.unlock_user(username=username, actor=request.user)
            else:  # attempts for a name no one has: nothing to put on a user's record
                AccessAttempt.objects.filter(username=username).delete()
