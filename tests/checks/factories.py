"""Registry rows written straight to the tables, for comparison tests.

The importer has its own tests; these build exact populations, including ones the importer
would refuse to mix in one file, with as little machinery as possible.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from stdnum.cn import ric
from stdnum.cn import uscc as uscc_mod

from hecha.registry.models import (
    Enterprise,
    ImportBatch,
    Qualification,
    RegisteredPerson,
    SocialInsurance,
)


def make_uscc(n: int, district: str = "210102") -> str:
    body = f"91{district}{n:09d}"
    return body + uscc_mod.calc_check_digit(body)


def make_id(n: int, birth: date = date(1980, 1, 1), area: str = "210102") -> str:
    body = f"{area}{birth:%Y%m%d}{n % 1000:03d}"
    return body + ric.calc_check_digit(body)


@dataclass
class Population:
    batch: ImportBatch = field(default_factory=lambda: ImportBatch.objects.create(status="done"))
    enterprises: list[Enterprise] = field(default_factory=list)
    qualifications: list[Qualification] = field(default_factory=list)
    people: list[RegisteredPerson] = field(default_factory=list)
    insurance: list[SocialInsurance] = field(default_factory=list)

    def enterprise(
        self, uscc: str, *, district: str = "210102", status: str = "存续", name: str | None = None
    ) -> str:
        self.enterprises.append(
            Enterprise(
                batch=self.batch,
                uscc=uscc,
                name=name or f"沈阳测试建筑工程有限公司{uscc[-4:]}",
                district_id=district,
                business_status=status,
            )
        )
        return uscc

    def qualification(self, uscc: str, name: str, valid_until: date = date(2028, 12, 31)) -> None:
        self.qualifications.append(
            Qualification(
                batch=self.batch,
                uscc=uscc,
                certificate_no=f"D{uscc[-9:]}",
                name=name,
                category="",
                sequence="",
                grade="",
                valid_until=valid_until,
            )
        )

    def person(
        self,
        id_number: str,
        uscc: str,
        *,
        level: int = 2,
        specialties: str = "建筑工程",
        valid_until: date = date(2028, 12, 31),
        name: str | None = None,
    ) -> None:
        self.people.append(
            RegisteredPerson(
                batch=self.batch,
                id_number=id_number,
                name=name or f"人员{id_number[-5:]}",
                uscc=uscc,
                level=level,
                registration_no=f"辽{id_number[-8:]}",
                specialties=specialties,
                valid_until=valid_until,
            )
        )

    def social_insurance(self, id_number: str, uscc: str, month: str = "2026-10") -> None:
        self.insurance.append(
            SocialInsurance(batch=self.batch, id_number=id_number, uscc=uscc, last_paid_month=month)
        )

    def save(self) -> None:
        Enterprise.objects.bulk_create(self.enterprises)
        Qualification.objects.bulk_create(self.qualifications)
        RegisteredPerson.objects.bulk_create(self.people)
        SocialInsurance.objects.bulk_create(self.insurance)
