"""The enterprise page shows the same explanation as the stored findings, even after the
registry has changed since the run."""

import re
from datetime import date

from hecha.privacy import mask_id
from hecha.standards.model import REASON_LABELS

SECTION = re.compile(
    r'<section class="card requirement (met|unmet)" data-rule="([^"]+)">(.*?)</section>', re.S
)
EXCLUDED = re.compile(
    r'<li data-reason="(\w+)">[^<]*<small class="mono">([\w*]+)</small>：([^<]+)<br>'
)


def page_findings(html):
    """{rule_id: {(id_number, reason)}} of the unmet requirements the page shows."""
    shown = {}
    for verdict, rule_id, body in SECTION.findall(html):
        if verdict == "unmet":
            people = EXCLUDED.findall(body)
            for reason, _, label in people:
                assert label == REASON_LABELS[reason]
            shown[rule_id] = {(i, r) for r, i, _ in people}
    return shown


def stored_findings(run, uscc):
    from hecha.checks.models import FindingPerson

    stored = {}
    for p in FindingPerson.objects.filter(finding__run=run, finding__uscc=uscc):
        stored.setdefault(p.finding.rule_id, set())
        if p.reason:
            stored[p.finding.rule_id].add((mask_id(p.id_number), p.reason))  # as pages show it
    return stored


def test_page_agrees_with_findings_for_every_flagged_enterprise(
    client, city_reviewer, demo_registry
):
    from hecha.checks.models import Finding

    client.force_login(city_reviewer)
    flagged = sorted(set(Finding.objects.filter(run=demo_registry).values_list("uscc", flat=True)))
    assert flagged
    for uscc in flagged:
        html = client.get(f"/checks/{demo_registry.pk}/enterprises/{uscc}/").content.decode()
        assert page_findings(html) == stored_findings(demo_registry, uscc), uscc


def test_page_keeps_the_runs_view_after_a_reimport(client, city_reviewer, demo_registry, tmp_path):
    from hecha.checks.models import Finding
    from hecha.registry.models import RegisteredPerson
    from hecha.registry.services.importing import import_directory

    finding = Finding.objects.filter(run=demo_registry, people__reason="expired").first()
    assert finding is not None
    person = finding.people.filter(reason="expired").first()
    row = RegisteredPerson.objects.get(
        is_current=True, id_number=person.id_number, uscc=finding.uscc
    )
    folder = tmp_path / "renewed"
    folder.mkdir()
    (folder / "personnel.csv").write_text(
        "id_number,name,uscc,certificate_type,registration_no,specialties,valid_until\n"
        f"{row.id_number},{row.name},{row.uscc},{'一级' if row.level == 1 else '二级'}注册建造师,"
        f"{row.registration_no},{row.specialties},2030-01-01\n",
        encoding="utf-8",
    )
    import_directory(directory=folder, user=None)
    client.force_login(city_reviewer)
    html = client.get(f"/checks/{demo_registry.pk}/enterprises/{finding.uscc}/").content.decode()
    assert page_findings(html) == stored_findings(demo_registry, finding.uscc)
    # a new run sees the renewal
    from hecha.checks.services.runs import start_check_run

    later = start_check_run(user=None, as_of=date(2026, 11, 24))
    assert not later.findings.filter(
        people__id_number=row.id_number, people__reason="expired"
    ).exists()
