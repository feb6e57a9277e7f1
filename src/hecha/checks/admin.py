"""Runs and findings are never edited: the admin shows them read-only. Standards versions are
loaded from YAML (built-in by `hecha init`, drafts through the standards page)."""

from django.contrib import admin

from hecha.checks.models import CheckRun, Finding, StandardVersion


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StandardVersion)
class StandardVersionAdmin(ReadOnlyAdmin):
    list_display = ["version", "title", "document", "status", "effective_from", "effective_until"]


@admin.register(CheckRun)
class CheckRunAdmin(ReadOnlyAdmin):
    list_display = ["id", "as_of", "standard", "district", "what_if", "enterprises_flagged"]


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ["run", "enterprise_name", "qualification", "rule_id", "required", "counted"]
    list_filter = ["district_code"]
    search_fields = ["uscc", "enterprise_name"]
