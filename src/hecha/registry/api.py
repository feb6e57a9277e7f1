"""The registry's JSON API: enterprises the caller may see, and the counts of `hecha stats`."""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from hecha.privacy import mask_id
from hecha.registry import selectors

router = Router(tags=["企业"])


class EnterpriseOut(Schema):
    uscc: str
    name: str
    district_code: str
    business_status: str
    legal_representative: str
    mailing_address: str


class QualificationOut(Schema):
    name: str
    certificate_no: str
    valid_until: date


class PersonOut(Schema):
    id_number: str
    name: str
    level: int
    specialties: list[str]
    valid_until: date


class EnterpriseDetail(EnterpriseOut):
    qualifications: list[QualificationOut]
    people: list[PersonOut]


class EnterpriseFilter(Schema):
    q: str | None = None
    district_code: str | None = None
    limit: int = Field(100, ge=1, le=1000)
    offset: int = Field(0, ge=0, le=10_000_000)


def _out(e) -> dict:
    return {
        "uscc": e.uscc,
        "name": e.name,
        "district_code": e.district_id,
        "business_status": e.business_status,
        "legal_representative": e.legal_representative,
        "mailing_address": e.mailing_address,
    }


@router.get("/enterprises", response=list[EnterpriseOut], summary="在册企业")
def list_enterprises(request: HttpRequest, filters: Query[EnterpriseFilter]):
    rows = selectors.enterprises_visible_to(request.auth).filter(is_current=True).order_by("uscc")
    if filters.q:
        rows = rows.filter(name__contains=filters.q)
    if filters.district_code:
        rows = rows.filter(district_id=filters.district_code)
    limit = max(1, min(filters.limit, 1000))
    offset = max(0, filters.offset)
    return [_out(e) for e in rows[offset : offset + limit]]


@router.get("/enterprises/{uscc}", response=EnterpriseDetail, summary="企业详情")
def get_enterprise(request: HttpRequest, uscc: str):
    e = selectors.enterprises_visible_to(request.auth).filter(is_current=True, uscc=uscc).first()
    if e is None:
        raise Http404("企业不存在")
    record = selectors.enterprise_record(e)
    return {
        **_out(e),
        "qualifications": [
            {"name": q.name, "certificate_no": q.certificate_no, "valid_until": q.valid_until}
            for q in record["qualifications"]
        ],
        "people": [
            {
                "id_number": mask_id(p.id_number),  # masked for every API user (hecha.privacy)
                "name": p.name,
                "level": p.level,
                "specialties": p.specialties.split(";"),
                "valid_until": p.valid_until,
            }
            for p in record["people"]
        ],
    }
