"""Import scoping: the registry is the city's to import (README, "Who imports"). The three
cross-district writes a district officer made through the importer are refused, by the
service and by the page, and change nothing; a city reviewer may make the same changes."""

from datetime import date

import pytest

from hecha.registry.services.importing import ImportRefused, import_directory

D = date.fromisoformat
HEPING, SHENHE = "210102", "210103"


@pytest.fixture
def registry(reference_data, tmp_path):
    """A generated city registry, imported from the command line."""
    from hecha.demo.generator import generate

    generate(tmp_path / "data", enterprises=40, as_of=D("2026-01-02"))
    import_directory(directory=tmp_path / "data", user=None)


def _one(district):
    from hecha.registry.models import Enterprise, RegisteredPerson

    enterprise = (
        Enterprise.objects.filter(is_current=True, district_id=district).order_by("uscc").first()
    )
    person = (
        RegisteredPerson.objects.filter(is_current=True, uscc=enterprise.uscc)
        .order_by("id_number")
        .first()
    )
    return enterprise, person


def _snapshot():
    from hecha.audit.models import AuditEntry
    from hecha.registry.models import Enterprise, ImportBatch, RegisteredPerson, SocialInsurance

    def rows(model, *fields):
        return sorted(model.objects.filter(is_current=True).values_list(*fields))

    return (
        rows(Enterprise, "uscc", "district_id", "name"),
        rows(RegisteredPerson, "id_number", "uscc"),
        rows(SocialInsurance, "id_number", "uscc", "last_paid_month"),
        ImportBatch.objects.count(),
        AuditEntry.objects.count(),
    )


def attacks(heping, shenhe, person):
    """The three paths of issue 11: file name -> content."""
    return {
        "social insurance of another district's person": (
            "social_insurance.csv",
            f"id_number,uscc,last_paid_month\n{person.id_number},{heping.uscc},2020-01\n",
        ),
        "another district's enterprise moved in": (
            "enterprises.csv",
            f"uscc,name,district_code\n{shenhe.uscc},{shenhe.name},{HEPING}\n",
        ),
        "another district's person registered here": (
            "personnel.csv",
            "id_number,name,uscc,certificate_type,registration_no,specialties,valid_until\n"
            f"{person.id_number},{person.name},{heping.uscc},一级注册建造师,辽X0001,建筑工程,2030-01-01\n",
        ),
    }


PATHS = [
    "social insurance of another district's person",
    "another district's enterprise moved in",
    "another district's person registered here",
]


def _write(folder, name, text):
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("role", ["district_officer", "district_lead"])
def test_a_district_user_cannot_import_any_of_the_three_paths(registry, tmp_path, role, path):
    from hecha.accounts.models import District, User

    heping, _ = _one(HEPING)
    shenhe, person = _one(SHENHE)
    user = User.objects.create_user("u", role=role, district=District.objects.get(code=HEPING))
    name, text = attacks(heping, shenhe, person)[path]
    before = _snapshot()
    with pytest.raises(ImportRefused) as refused:
        import_directory(directory=_write(tmp_path / "attack", name, text), user=user)
    assert refused.value.problems[0].startswith("数据导入由市局核查人员进行")
    assert _snapshot() == before


@pytest.mark.parametrize("path", PATHS)
def test_the_page_refuses_a_district_officer_and_changes_nothing(
    registry, client, heping_officer, settings, tmp_path, path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.HECHA_JOBS_IN_BACKGROUND = False
    settings.MEDIA_ROOT = tmp_path
    heping, _ = _one(HEPING)
    shenhe, person = _one(SHENHE)
    name, text = attacks(heping, shenhe, person)[path]
    before = _snapshot()
    client.force_login(heping_officer)
    response = client.post("/imports/", {"files": [SimpleUploadedFile(name, text.encode())]})
    assert response.status_code == 302
    assert "数据导入由市局核查人员进行" in client.get("/imports/").content.decode()
    assert _snapshot() == before
    assert not (tmp_path / "uploads").exists()  # not even stored


def test_a_city_reviewer_may_make_the_same_changes(registry, tmp_path, city_reviewer):
    from hecha.registry.models import Enterprise, RegisteredPerson, SocialInsurance

    heping, _ = _one(HEPING)
    shenhe, person = _one(SHENHE)
    for n, (name, text) in enumerate(attacks(heping, shenhe, person).values()):
        import_directory(directory=_write(tmp_path / f"city{n}", name, text), user=city_reviewer)
    assert (
        SocialInsurance.objects.get(is_current=True, id_number=person.id_number).uscc == heping.uscc
    )
    assert Enterprise.objects.get(is_current=True, uscc=shenhe.uscc).district_id == HEPING
    assert RegisteredPerson.objects.filter(is_current=True, id_number=person.id_number).count() == 2
