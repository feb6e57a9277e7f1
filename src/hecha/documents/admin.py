from django.contrib import admin

from hecha.audit.admin import AuditedAdmin
from hecha.documents.models import IssuingBody


@admin.register(IssuingBody)
class IssuingBodyAdmin(AuditedAdmin):
    """The contacts printed on documents; the code, name and number prefix come with Hecha."""

    list_display = ["code", "name", "prefix", "review_body", "office", "address", "phone"]
    readonly_fields = ["code"]
    fields = ["code", "name", "prefix", "review_body", "office", "address", "phone",
              "contact_person"]  # fmt: skip

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
