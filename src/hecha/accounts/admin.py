from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from hecha.accounts.models import District, Officer, User
from hecha.audit.admin import AuditedAdmin


@admin.register(User)
class HechaUserAdmin(AuditedAdmin, UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("核查", {"fields": ("role", "district")}))
    add_fieldsets = (*UserAdmin.add_fieldsets, ("核查", {"fields": ("role", "district")}))
    list_display = ["username", "last_name", "role", "district", "is_active"]
    list_filter = ["role", "district", "is_active"]


@admin.register(District)
class DistrictAdmin(AuditedAdmin):
    list_display = ["code", "name", "city"]


@admin.register(Officer)
class OfficerAdmin(AuditedAdmin):
    list_display = ["name", "certificate_no", "district", "valid_from", "valid_until", "active"]
    list_filter = ["district", "active"]
    search_fields = ["name", "certificate_no"]
