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


def batches_visible_to(user: User):
    """Import batches: a district user sees those started by users of their district."""
    from hecha.registry.models import ImportBatch

    rows = ImportBatch.objects.select_related("created_by")
    if user.is_district_user:
        return rows.filter(created_by__district=user.district)
    return rows


def enterprise_record(enterprise: Enterprise) -> dict:
    """An enterprise with its current qualifications, registered people and their insurance."""
    qualifications = Qualification.objects.filter(is_current=True, uscc=enterprise.uscc).order_by(
        "name"
    )
    people = list(
        RegisteredPerson.objects.filter(is_current=True, uscc=enterprise.uscc).order_by(
            "level", "name"
        )
    )
    ids = [p.id_number for p in people]
    insurance = {
        s.id_number: s for s in SocialInsurance.objects.filter(is_current=True, id_number__in=ids)
    }
    elsewhere = set(
        RegisteredPerson.objects.filter(is_current=True, id_number__in=ids)
        .exclude(uscc=enterprise.uscc)
        .values_list("id_number", flat=True)
    )
    for p in people:
        p.insurance = insurance.get(p.id_number)
        p.insured_here = bool(p.insurance and p.insurance.uscc == enterprise.uscc)
        p.also_elsewhere = p.id_number in elsewhere
    versions = Enterprise.objects.filter(uscc=enterprise.uscc).count()
    return {
        "enterprise": enterprise,
        "qualifications": qualifications,
        "people": people,
        "versions": versions,
    }
