"""The API serves what it lists: every document file address in `/api/cases/{id}/documents`
answers the same bearer token, with the same district scope as the pages."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from hecha.cases.services import submit_to_city, take_step
from hecha.documents.models import Document

D = date.fromisoformat


@pytest.fixture
def submitted(case, officer_user, officers):
    """The case's notices issued, the call recorded and the case on a submitted list (an
    XLSX file as well as a DOCX)."""
    take_step(case_id=case.pk, step="issue_notices", user=officer_user, today=D("2026-01-05"),
              data={"notices_on": D("2026-01-05"), "officer_ids": [o.pk for o in officers]})  # fmt: skip
    take_step(case_id=case.pk, step="record_call", user=officer_user, today=D("2026-01-06"),
              data={"called_at": D("2026-01-06"), "answered_by": "王", "result": "已告知",
                    "mailing_address": "沈阳市某路1号"})  # fmt: skip
    submission = submit_to_city(case_ids=[case.pk], user=officer_user, today=D("2026-01-07"))
    return submission.document


def bearer(user) -> dict:
    from hecha.accounts.services import issue_token

    return {"Authorization": f"Bearer {issue_token(username=user.username)}"}


def listed_urls(client, case, auth) -> list[str]:
    listed = client.get(f"/api/cases/{case.pk}/documents", headers=auth)
    assert listed.status_code == 200
    return [d[k] for d in listed.json() for k in ("docx_url", "pdf_url", "xlsx_url") if d[k]]


def test_every_listed_docx_and_xlsx_answers_the_token(client, case, officer_user, submitted):
    auth = bearer(officer_user)
    urls = listed_urls(client, case, auth)
    docx = [u for u in urls if u.endswith(".docx")]
    assert len(docx) >= 2
    for url in docx + [u for u in urls if u.endswith(".xlsx")]:
        response = client.get(url, headers=auth)
        assert response.status_code == 200, url
        doc = Document.objects.get(pk=int(url.rsplit("/", 1)[1].split(".")[0]))
        expected = bytes(doc.docx) if url.endswith(".docx") else bytes(doc.xlsx)
        assert response.content == expected
        assert "sessionid" not in response.cookies  # a token request makes no session
    # the submitted list's spreadsheet, by its own address
    assert submitted.xlsx_sha256
    xlsx = client.get(f"/documents/{submitted.pk}.xlsx", headers=auth)
    assert xlsx.status_code == 200 and xlsx.content == bytes(submitted.xlsx)


def test_listed_pdf_answers_the_token(client, case, officer_user, submitted):
    auth = bearer(officer_user)
    pdf = next(u for u in listed_urls(client, case, auth) if u.endswith(".pdf"))
    response = client.get(pdf, headers=auth)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_without_libreoffice_a_token_gets_503_json(
    client, case, officer_user, submitted, monkeypatch
):
    monkeypatch.setattr("hecha.documents.pdf.soffice", lambda: None)
    auth = bearer(officer_user)
    pdf = next(u for u in listed_urls(client, case, auth) if u.endswith(".pdf"))
    response = client.get(pdf, headers=auth)
    assert response.status_code == 503
    assert "LibreOffice" in response.json()["detail"]


def test_another_districts_token_gets_404_json(
    client, case, officer_user, other_officer, submitted
):
    urls = listed_urls(client, case, bearer(officer_user))
    other = bearer(other_officer)
    for url in urls:
        response = client.get(url, headers=other)
        assert response.status_code == 404, url
        assert response.json() == {"detail": "文书不存在"}
    assert client.get("/documents/99999999.docx", headers=other).json() == {"detail": "文书不存在"}


def test_a_city_token_sees_every_district(client, case, officer_user, city_reviewer, submitted):
    urls = listed_urls(client, case, bearer(officer_user))
    auth = bearer(city_reviewer)
    assert all(
        client.get(u, headers=auth).status_code == 200 for u in urls if not u.endswith(".pdf")
    )


@pytest.mark.parametrize("header", ["Bearer nope", "Bearer ", "Basic abc"])
def test_a_bad_token_is_401_json_never_a_login_redirect(client, case, submitted, header):
    response = client.get(f"/documents/{submitted.pk}.docx", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json() == {"detail": "未登录或令牌无效"}
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_expired_or_revoked_token_is_401_json(client, case, officer_user, submitted):
    from hecha.accounts.models import ApiToken
    from hecha.accounts.services import revoke_tokens

    url = f"/documents/{submitted.pk}.docx"
    auth = bearer(officer_user)
    assert client.get(url, headers=auth).status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = client.get(url, headers=auth)
    assert expired.status_code == 401 and expired.json() == {"detail": "未登录或令牌无效"}
    auth = bearer(officer_user)
    revoke_tokens(username=officer_user.username)
    revoked = client.get(url, headers=auth)
    assert revoked.status_code == 401 and revoked.json() == {"detail": "未登录或令牌无效"}


def test_a_browser_without_a_session_still_goes_to_the_login_page(client, submitted):
    response = client.get(f"/documents/{submitted.pk}.docx")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_session_still_downloads(client, officer_user, submitted):
    client.force_login(officer_user)
    assert client.get(f"/documents/{submitted.pk}.docx").content == bytes(submitted.docx)
