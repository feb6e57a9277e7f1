"""Admin pages for the registry: read-only, since imported data is never edited by hand."""

from django.contrib import admin

from hecha.registry.models import (
    Enterprise,
    ImportBatch,
    Qualification,
    RegisteredPerson,
    SocialInsurance,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    list_filter = ("is_current",)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ("id", "created_at", "created_by", "source", "status", "counts")
    list_filter = ("status", "source")


@admin.register(Enterprise)
class EnterpriseAdmin(ReadOnlyAdmin):
    list_display = ("uscc", "name", "district", "business_status", "is_current", "batch")
    list_filter = ("is_current", "district", "business_status")
    search_fields = ("uscc", "name")


@admin.register(Qualification)
class QualificationAdmin(ReadOnlyAdmin):
    list_display = ("uscc", "name", "certificate_no", "valid_until", "is_current", "batch")
    search_fields = ("uscc", "name", "certificate_no")


@admin.register(RegisteredPerson)
class RegisteredPersonAdmin(ReadOnlyAdmin):
    list_display = (
        "name",
        "id_number",
        "uscc",
        "level",
        "specialties",
        "valid_until",
        "is_current",
    )
    search_fields = ("id_number", "name", "uscc", "registration_no")


@admin.register(SocialInsurance)
class SocialInsuranceAdmin(ReadOnlyAdmin):
    list_display = ("id_number", "uscc", "last_paid_month", "is_current")
    search_fields = ("id_number", "uscc")
