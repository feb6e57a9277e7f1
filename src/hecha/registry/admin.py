"""Admin pages for the registry: read-only, since imported data is never edited by hand."""

from django.contrib import admin

from hecha.privacy import mask_id
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
        "masked_id",
        "uscc",
        "level",
        "specialties",
        "valid_until",
        "is_current",
    )
    search_fields = ("id_number", "name", "uscc", "registration_no")

    @admin.display(description="身份证号")
    def masked_id(self, obj):
        return mask_id(obj.id_number)


@admin.register(SocialInsurance)
class SocialInsuranceAdmin(ReadOnlyAdmin):
    list_display = ("masked_id", "uscc", "last_paid_month", "is_current")

    @admin.display(description="身份证号")
    def masked_id(self, obj):
        return mask_id(obj.id_number)

    search_fields = ("id_number", "uscc")
