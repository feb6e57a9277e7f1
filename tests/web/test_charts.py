"""The charts' numbers: scoped to the user's district, each linked to the list it counts."""

from datetime import timedelta

from hecha import clock


def test_district_user_sees_their_district_only(login, campaign, city_lead):
    from hecha.accounts.models import User
    from hecha.charts import chart_data

    case = campaign.cases.order_by("pk").first()
    officer = User.objects.create_user("o", role="district_officer", district=case.district)
    data = chart_data(officer)
    assert [d["code"] for d in data["districts"]["districts"]] == [case.district_id]
    mine = campaign.cases.filter(district=case.district).count()
    assert sum(s["value"] for s in data["funnel"]) == mine
    flagged = campaign.run.findings.filter(district_code=case.district_id)
    assert data["runs"][-1]["value"] == flagged.values("uscc").distinct().count()
    html = login(officer).get("/charts/").content.decode()
    others = {c.district.name for c in campaign.cases.exclude(district=case.district)}
    assert others and not any(f">{name}<" in html for name in others)


def test_each_number_links_to_its_list(login, campaign, city_lead):
    from hecha.cases.models import Case

    case = campaign.cases.order_by("pk").first()
    due = clock.today() + timedelta(days=3)
    Case.objects.filter(pk=case.pk).update(deadline=due)
    client = login(city_lead)
    html = client.get("/charts/").content.decode()
    assert "/cases/?stage=flagged" in html
    drill = f"/cases/?deadline_from={due}&amp;deadline_to={due}"
    assert drill in html
    listed = client.get(drill.replace("&amp;", "&")).content.decode()
    assert "共 1 条" in listed and case.enterprise_name in listed
    assert f"/checks/{campaign.run_id}/findings/" in html


def test_dashboard_fragment_carries_its_numbers_escaped(login, campaign, city_lead):
    html = login(city_lead).get("/charts/dashboard/").content.decode()
    assert 'data-json="[{&quot;key&quot;: &quot;flagged&quot;' in html
    assert "<script" not in html
