"""Evidence belongs to an open case and is dated no earlier than the data the case was
flagged on; a refusal says why in Chinese, writes no file and no record."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hecha.cases.services import CaseRefused, add_evidence, take_step

D = date.fromisoformat
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _nothing_stored(case, settings):
    from hecha.audit.models import AuditEntry

    folder = settings.MEDIA_ROOT / "evidence" / str(case.pk)
    return (
        case.evidence.count() == 0
        and not (folder.exists() and any(folder.iterdir()))
        and not AuditEntry.objects.filter(action="cases.evidence_added").exists()
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    return settings


def test_evidence_on_a_closed_case_is_refused(case, officer_user, media):
    from hecha.accounts.models import User

    lead = User.objects.create_user("lead", role="district_lead", district=case.district)
    take_step(case_id=case.pk, step="withdraw", user=lead, today=D("2026-01-05"),
              data={"reason_code": "duplicate", "reason": "与另一案件重复立案"})  # fmt: skip
    with pytest.raises(CaseRefused) as refused:
        add_evidence(case_id=case.pk, user=officer_user, name="x.png", content=PNG,
                     shown_date=D("2026-01-05"))  # fmt: skip
    assert refused.value.reasons == ["案件已结案（撤销核查），不能再上传证据"]
    assert _nothing_stored(case, media)


@pytest.mark.parametrize("shown", ["0001-01-01", "2025-12-31"])
def test_evidence_dated_before_the_data_of_the_case_is_refused(case, officer_user, media, shown):
    with pytest.raises(CaseRefused) as refused:
        add_evidence(case_id=case.pk, user=officer_user, name="x.png", content=PNG,
                     shown_date=D(shown))  # fmt: skip
    assert refused.value.reasons == ["截图显示日期不能早于本案比对基准日 2026-01-02"]
    assert _nothing_stored(case, media)


def test_the_page_says_why_and_stores_nothing(client, case, officer_user, media, monkeypatch):
    monkeypatch.setattr("hecha.clock.today", lambda: D("2026-01-05"))
    client.force_login(officer_user)
    response = client.post(
        f"/cases/{case.pk}/evidence/",
        {"file": SimpleUploadedFile("a.png", PNG), "shown_date": "0001-01-01", "note": ""},
        follow=True,
    )
    assert "上传未完成：截图显示日期不能早于本案比对基准日 2026-01-02" in response.content.decode()
    assert _nothing_stored(case, media)


def test_evidence_files_are_private(case, officer_user, media):
    import stat

    evidence = add_evidence(case_id=case.pk, user=officer_user, name="x.png", content=PNG,
                            shown_date=D("2026-01-02"))  # fmt: skip
    stored = media.MEDIA_ROOT / evidence.stored_as
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert stat.S_IMODE(stored.parent.stat().st_mode) == 0o700
