"""Privacy by role: ID numbers masked on every page and web export; a city lead reveals them
only by an explicit, audited action; no digests or MIME types on officers' pages or forms."""

import io
import re

import pytest

from hecha.privacy import mask_id, mask_ids_in
from tests.registry.test_import import ENTERPRISES, ID1, ID2, PERSONNEL, QUALIFICATIONS, U1

FULL_ID = re.compile(r"(?<![0-9A-Za-z])[0-9]{17}[0-9X](?![0-9A-Za-z])")


def test_mask_keeps_the_first_six_and_the_last_four():
    assert mask_id("210102198001011234") == "210102********1234"
    assert mask_id("21010219800101123X") == "210102********123X"
    assert mask_id("1234") == "****"
    assert mask_ids_in("张三（210102198001011234）") == "张三（210102********1234）"


@pytest.fixture
def registry(reference_data, tmp_path):
    from hecha.registry.services.importing import import_directory

    folder = tmp_path / "data"
    folder.mkdir()
    for name, text in {"enterprises": ENTERPRISES, "qualifications": QUALIFICATIONS,
                       "personnel": PERSONNEL}.items():  # fmt: skip
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    import_directory(directory=folder, user=None)


def revealed_entries():
    from hecha.audit.models import AuditEntry

    return list(AuditEntry.objects.filter(action="privacy.id_numbers_revealed"))


@pytest.mark.parametrize("who", ["city_reviewer", "heping_officer"])
def test_officers_see_masked_numbers_and_cannot_reveal(client, registry, request, who):
    client.force_login(request.getfixturevalue(who))
    page = client.get(f"/enterprises/{U1}/").content.decode()
    assert ID1 not in page and ID2 not in page
    assert mask_id(ID1) in page and mask_id(ID2) in page
    assert "显示完整号码" not in page
    refused = client.post(f"/enterprises/{U1}/", {"reveal": "1"}, follow=True).content.decode()
    assert "只有市局负责人可以查看完整身份证号" in refused
    assert ID1 not in refused and revealed_entries() == []


def test_a_city_lead_reveals_only_by_an_audited_action(client, registry, city_lead):
    client.force_login(city_lead)
    page = client.get(f"/enterprises/{U1}/").content.decode()
    assert ID1 not in page and "显示完整号码" in page and revealed_entries() == []
    shown = client.post(f"/enterprises/{U1}/", {"reveal": "1"}).content.decode()
    assert ID1 in shown and ID2 in shown and "已记入审计日志" in shown
    [entry] = revealed_entries()
    assert entry.actor == city_lead and entry.object_id == U1
    assert entry.data["count"] == 2 and ID1 not in str(entry.data)
    assert mask_id(ID1) in entry.data["id_numbers"]
    # A plain visit afterwards is masked again.
    assert ID1 not in client.get(f"/enterprises/{U1}/").content.decode()


def test_comparison_pages_and_web_exports_never_hold_a_full_number(
    client, demo_registry, city_lead
):
    from hecha.checks.models import Finding, FindingPerson
    from hecha.registry.models import RegisteredPerson

    client.force_login(city_lead)
    ids = set(RegisteredPerson.objects.values_list("id_number", flat=True))
    assert FindingPerson.objects.exists()
    flagged = sorted(set(Finding.objects.filter(run=demo_registry).values_list("uscc", flat=True)))
    pages = [
        client.get(f"/checks/{demo_registry.pk}/enterprises/{u}/").content.decode()
        for u in flagged[:10]
    ]
    pages += [client.get(f"/enterprises/{u}/").content.decode() for u in flagged[:10]]
    for fmt in ("csv", "json"):
        pages.append(
            client.get(f"/checks/{demo_registry.pk}/findings.{fmt}").content.decode("utf-8-sig")
        )
    xlsx = client.get(f"/checks/{demo_registry.pk}/findings.xlsx").content
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(xlsx))
    pages.append(str(book.get_sheet_by_index(0).to_python()))
    for text in pages:
        assert not set(FULL_ID.findall(text)) & ids
    assert any(mask_id(i) in "".join(pages) for i in ids)


def test_the_operators_cli_export_keeps_full_numbers(demo_registry):
    from hecha.checks.exports import to_json
    from hecha.checks.models import Finding, FindingPerson

    person = FindingPerson.objects.filter(finding__run=demo_registry).first()
    assert person.id_number in to_json(Finding.objects.filter(run=demo_registry)).decode()


def test_api_masks_id_numbers(client, registry, city_lead):
    client.force_login(city_lead)
    data = client.get(f"/api/enterprises/{U1}").json()
    assert {p["id_number"] for p in data["people"]} == {mask_id(ID1), mask_id(ID2)}
