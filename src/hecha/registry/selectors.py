"""Reads of the registry: the one door for enterprises, scoped to the user's district."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from hecha.registry.models import Enterprise, Qualification, RegisteredPerson, SocialInsurance

if TYPE_CHECKING:
    from hecha.accounts.models import User


def enterprises_visible_to(user: User) -> QuerySet[Enterprise]:
    """Every enterprise row (current and replaced) the user may see: district users their
    own district's, everyone else all; an anonymous user none (fails closed)."""
    rows = Enterprise.objects.all()
    if not getattr(user, "is_authenticated", False):
        return rows.none()
    if user.is_district_user:
        return rows.filter(district_id=user.district.code if user.district else None)
    return rows


def current_counts() -> dict[str, int]:
    """How many records of each kind are current (CONTRACT.md §2, `hecha stats`)."""
    return {
        "enterprises": Enterprise.objects.filter(is_current=True).count(),
        "qualifications": Qualification.objects.filter(is_current=True).count(),
        "personnel": RegisteredPerson.objects.filter(is_current=True).count(),
        "social_insurance": SocialInsurance.objects.filter(is_current=True).count(),
    }
