from datetime import date

import pytest

D = date.fromisoformat


@pytest.fixture
def city_lead(reference_data):
    from hecha.accounts.models import User

    return User.objects.create_user("city_lead", password="pw-city_lead", role="city_lead")


@pytest.fixture
def campaign(reference_data, tmp_path, city_lead):
    """A generated registry, a city-wide run on 2026-01-02 and the campaign opened from it."""
    from hecha.cases.services import open_campaign
    from hecha.checks.services.runs import start_check_run
    from hecha.demo.generator import generate
    from hecha.registry.services.importing import import_directory

    generate(tmp_path / "data", enterprises=200, as_of=D("2026-01-02"))
    import_directory(directory=tmp_path / "data", user=None)
    run = start_check_run(user=None, as_of=D("2026-01-02"))
    return open_campaign(run_id=run.pk, user=city_lead)


@pytest.fixture
def case(campaign):
    """The first case of the campaign (its district is whichever was flagged first)."""
    return campaign.cases.order_by("pk").first()


@pytest.fixture
def officer_user(case):
    """A district officer of the case's district."""
    from hecha.accounts.models import User

    return User.objects.create_user(
        "officer", password="pw-officer", role="district_officer", district=case.district
    )


@pytest.fixture
def other_officer(case):
    from hecha.accounts.models import District, User

    other = District.objects.exclude(code=case.district_id).first()
    return User.objects.create_user("other", role="district_officer", district=other)


@pytest.fixture
def officers(case):
    from hecha.accounts.models import Officer

    district = case.district
    return [
        Officer.objects.create(
            name=n,
            certificate_no=c,
            valid_from=D("2024-01-01"),
            valid_until=D("2028-12-31"),
            district=district,
        )  # fmt: skip
        for n, c in [("张伟", "辽执001"), ("李娜", "辽执002")]
    ]
