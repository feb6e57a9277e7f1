"""A case walked through the real services, step by step, on fixed dates: notices 5 Jan 2026,
call 6 Jan, submission 7 Jan, EMS 9 Jan, signed 12 Jan (period to 13 Apr), re-check 14 Apr."""

from datetime import date

D = date.fromisoformat
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def notices(case, user, officers, on="2026-01-05"):
    from hecha.cases.services import take_step

    return take_step(case_id=case.pk, step="issue_notices", user=user, today=D(on),
                     data={"notices_on": D(on), "officer_ids": [o.pk for o in officers]})  # fmt: skip


def call(case, user, outcome="informed", on="2026-01-06", **extra):
    from hecha.cases.services import take_step

    data = {"called_at": D(on), "outcome": outcome, "mailing_address": "沈阳市和平区中山路1号",
            "answered_by": "王经理" if outcome == "informed" else ""} | extra  # fmt: skip
    return take_step(case_id=case.pk, step="record_call", user=user, today=D(on), data=data)


def submitted(case, user, officers, city_user, outcome="informed"):
    from hecha.cases.services import accept_submission, submit_to_city

    notices(case, user, officers)
    call(case, user, outcome)
    submission = submit_to_city(case_ids=[case.pk], user=user, today=D("2026-01-07"))
    accept_submission(submission_id=submission.pk, user=city_user)
    return submission


def mailed(case, user, officers, city_user, tracking="EA100", outcome="informed"):
    from hecha.cases.services import record_mailing

    submitted(case, user, officers, city_user, outcome)
    record_mailing(rows=[(case.pk, tracking)], mailed_on=D("2026-01-09"), user=city_user,
                   today=D("2026-01-09"))  # fmt: skip


def served(case, user, officers, city_user, tracking="EA100"):
    from hecha.cases.services import record_delivery

    mailed(case, user, officers, city_user, tracking)
    record_delivery(tracking_no=tracking, signed_on=D("2026-01-12"), user=city_user,
                    today=D("2026-01-12"))  # fmt: skip
    case.refresh_from_db()
    return case


def run(as_of):
    from hecha.checks.services.runs import start_check_run

    return start_check_run(user=None, as_of=D(as_of))


def evidence(case, user, shown="2026-04-14", purpose="recheck"):
    from hecha.cases.services import add_evidence

    return add_evidence(case_id=case.pk, user=user, name="四库截图.png", content=PNG,
                        shown_date=D(shown), purpose=purpose)  # fmt: skip


def district_recheck(case, user, officers, on="2026-04-14", **extra):
    from hecha.cases.services import take_step

    data = {"conclusion": "逾期未完成整改，注册人员仍不满足资质标准要求",
            "officer_ids": [o.pk for o in officers]} | extra  # fmt: skip
    return take_step(case_id=case.pk, step="district_recheck", user=user, today=D(on), data=data)


def rechecked(case, user, officers, city_user):
    served(case, user, officers, city_user)
    run("2026-04-14")
    evidence(case, user)
    return district_recheck(case, user, officers)


def listed(case, user, officers, city_user, on="2026-04-15"):
    from hecha.cases.services import issue_overdue_list

    rechecked(case, user, officers, city_user)
    return issue_overdue_list(user=user, officer_ids=[o.pk for o in officers], today=D(on))


def noticed(case, user, officers, city_user, city_lead):
    from hecha.cases.services import take_step

    listed(case, user, officers, city_user)
    take_step(case_id=case.pk, step="city_recheck", user=city_user, today=D("2026-04-20"),
              data={"conclusion": "经二次复查，确认仍不满足"})  # fmt: skip
    return take_step(case_id=case.pk, step="notice_revocation", user=city_lead, today=D("2026-05-06"),
                     data={"mailed_on": D("2026-05-06"), "announced_on": D("2026-05-06"),
                           "tracking_no": "EA999"})  # fmt: skip


def hire(case, folder, as_of):
    """The enterprise hires the constructors every requirement of its flagged qualifications
    asks for (as the demo does), insured in the month of `as_of`; a comparison on `as_of`
    then sees them."""
    from hecha.demo.walker import hires
    from hecha.registry.services.importing import import_directory

    people, insured = hires(case, D(as_of))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "personnel.csv").write_text("\n".join(people) + "\n", encoding="utf-8")
    (folder / "social_insurance.csv").write_text("\n".join(insured) + "\n", encoding="utf-8")
    import_directory(directory=folder, user=None)
    return run(as_of)
