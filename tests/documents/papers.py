"""A case and its papers, built straight from the records each document reads (the procedure's
own tests walk the steps): one enterprise with a short or a long list of findings, carried
to the revocation decision, and lists of any length. Used by the page-by-page PDF tests and,
with HECHA_DOC_PICTURES=DIR, to write the README's pictures."""

from __future__ import annotations

import io
from datetime import date, timedelta

from stdnum.cn import uscc as uscc_check

D = date.fromisoformat
REQUIREMENTS = [
    ("建筑工程施工总承包三级", "建筑工程、机电工程专业注册建造师合计不少于5人", 5),
    ("建筑工程施工总承包三级", "建筑工程专业注册建造师不少于4人", 4),
    ("市政公用工程施工总承包三级", "市政公用工程专业注册建造师不少于5人", 5),
    ("建筑装修装饰工程专业承包二级", "建筑工程专业注册建造师不少于3人", 3),
    ("消防设施工程专业承包二级", "机电工程专业注册建造师不少于3人", 3),
    (
        "电子与智能化工程专业承包二级",
        "机电工程、通信与广电工程专业注册建造师合计不少于4人，其中一级注册建造师不少于2人",
        4,
    ),
    ("输变电工程专业承包三级", "机电工程专业注册建造师不少于3人", 3),
]


def uscc_for(n: int, district: str = "210102") -> str:
    body = f"91{district}MA{n:07d}"[:17]
    return body + uscc_check.calc_check_digit(body)


def registry(tmp_path, usccs: list[tuple[str, str]], district: str = "210102") -> None:
    """Enterprises and their certificates, through the importer."""
    from hecha.registry.services.importing import import_directory

    folder = tmp_path / "registry"
    folder.mkdir(exist_ok=True)
    ent = ["uscc,name,district_code,mailing_address,phone"]
    qual = ["uscc,certificate_no,qualification,valid_until"]
    for n, (code, name) in enumerate(usccs):
        ent.append(f"{code},{name},{district},沈阳市和平区南京南街{n + 1}号,024-2388{n:04d}")
        for k, q in enumerate(sorted({r[0] for r in REQUIREMENTS})):
            qual.append(f"{code},D{221000000 + n * 10 + k},{q},2028-12-31")
    (folder / "enterprises.csv").write_text("\n".join(ent) + "\n", encoding="utf-8")
    (folder / "qualifications.csv").write_text("\n".join(qual) + "\n", encoding="utf-8")
    import_directory(directory=folder, user=None)


def people(district: str = "210102"):
    from hecha.accounts.models import District, Officer, User

    where = District.objects.get(code=district)
    officer_user = User.objects.create_user("paper_officer", role="district_officer", district=where,
                                            last_name="王建国")  # fmt: skip
    city = User.objects.create_user("paper_city", role="city_lead", last_name="陈")
    officers = [Officer.objects.create(name=n, certificate_no=c, valid_from=D("2024-01-01"),
                                       valid_until=D("2028-12-31"), district=where)
                for n, c in [("王建国", "辽210102001"), ("李海燕", "辽210102002")]]  # fmt: skip
    return officer_user, city, officers


AS_OF = D("2026-01-02")


def campaign(city, as_of: date = AS_OF):
    from hecha.cases.models import Campaign
    from hecha.checks.models import CheckRun, StandardVersion

    run = CheckRun.objects.create(as_of=as_of, standard=StandardVersion.objects.order_by("pk").first(),
                                  standard_sha256="0" * 64, status="done")  # fmt: skip
    return Campaign.objects.create(name="2026年资质动态核查", run=run, opened_by=city)


def open_case(campaign, code: str, name: str, findings: int, officers, district: str = "210102"):
    from hecha.cases.models import Case
    from hecha.checks.models import Finding

    Finding.objects.bulk_create(
        Finding(run=campaign.run, uscc=code, enterprise_name=name, district_code=district,
                qualification=q, rule_id=f"r{i:02d}", requirement=req, required=need, counted=max(0, need - 1 - i % 3))
        for i, (q, req, need) in enumerate((REQUIREMENTS * 3)[:findings])
    )  # fmt: skip
    return Case.objects.create(
        campaign=campaign, uscc=code, enterprise_name=name, district_id=district,
        officer_a=officers[0], officer_b=officers[1], notices_on=D("2026-01-05"),
        mailing_address="沈阳市和平区南京南街1号", stage="notices_issued",
    )  # fmt: skip


def evidence(case, user, tmp_path) -> None:
    """A dated 四库 screenshot (a real PNG) on the case's record."""
    import hashlib
    from pathlib import Path

    import segno
    from django.conf import settings

    from hecha.cases.models import EvidenceFile

    shown = case.rectification_until + timedelta(days=2)
    out = io.BytesIO()
    segno.make(f"全国建筑市场监管公共服务平台 人员查询截图 {shown}", micro=False).save(
        out, kind="png", scale=6
    )
    content = out.getvalue()
    digest = hashlib.sha256(content).hexdigest()
    folder = Path(settings.MEDIA_ROOT) / "evidence" / str(case.pk)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{digest}.png").write_bytes(content)
    EvidenceFile.objects.create(case=case, original_name="四库人员截图.png", stored_as=f"evidence/{case.pk}/{digest}.png",
                                content_type="image/png", size=len(content), sha256=digest,
                                shown_date=shown, uploaded_by=user)  # fmt: skip


def served(case, *, by_announcement: bool = False) -> None:
    from hecha.cases.models import Case

    fields = {"signed_on": D("2026-01-20"), "served_on": D("2026-01-20")}
    if by_announcement:
        fields = {
            "returned_on": D("2026-01-22"),
            "announced_on": D("2026-01-26"),
            "served_on": D("2026-02-25"),
        }
    until = add_months(fields["served_on"], 3)
    Case.objects.filter(pk=case.pk).update(stage="rectifying", mailed_on=D("2026-01-12"),
                                           tracking_no="EA123456789CN", rectification_until=until, **fields)  # fmt: skip
    case.refresh_from_db()


def add_months(day: date, months: int) -> date:
    from hecha.law.periods import add_months as add

    return add(day, months)


def rechecked(case, *, city: bool) -> None:
    from hecha.cases.models import Case

    after = case.rectification_until + timedelta(days=3)
    fields = {"stage": "district_recheck", "district_rechecked_on": after}
    if city:
        fields |= {"stage": "city_recheck", "city_rechecked_on": after + timedelta(days=7)}
    Case.objects.filter(pk=case.pk).update(**fields)
    case.refresh_from_db()


def revocation_noticed(case, announced_on: date) -> None:
    from hecha.cases.models import Case

    Case.objects.filter(pk=case.pk).update(
        stage="revocation_noticed", revocation_mailed_on=announced_on, revocation_tracking_no="EA223456789CN",
        revocation_announced_on=announced_on, revocation_served_on=announced_on + timedelta(days=30),
    )  # fmt: skip
    case.refresh_from_db()
