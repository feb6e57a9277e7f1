from tests.cases.conftest import campaign, case, city_lead, officer_user, officers, other_officer  # noqa: F401
