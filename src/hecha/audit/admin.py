"""Changes made in the admin are on the audit trail too: a holiday schedule moves legal
dates, an officer's certificate decides who may sign a notice."""

from django.contrib import admin

from hecha.audit.services import log_action


class AuditedAdmin(admin.ModelAdmin):
    """The admin's changeform and delete views run in a transaction: the entry joins it."""

    def _log(self, request, obj, verb: str, fields: list[str]) -> None:
        log_action(
            action="admin.changed",
            actor=request.user,
            object_type=obj._meta.label_lower,
            object_id=obj.pk,
            data={"verb": verb, "model": str(obj._meta.verbose_name), "object": str(obj),
                  "fields": "、".join(fields) or "—"},
        )  # fmt: skip

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        fields = [str(form.fields[f].label or f) for f in form.changed_data if f in form.fields]
        self._log(request, obj, "修改" if change else "新增", fields)

    def delete_model(self, request, obj):
        self._log(request, obj, "删除", [])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._log(request, obj, "删除", [])
        super().delete_queryset(request, queryset)
