"""The per-person facts a run reads are brought up to date by each import, incrementally,
and a run never reads stale ones."""

from datetime import date

from hecha.checks.models import FactsState, RegistrationFact
from hecha.checks.services.facts import refresh_facts
from hecha.checks.services.runs import start_check_run
from tests.checks.factories import Population, make_id, make_uscc

AS_OF = date(2026, 11, 24)


def staffed(pop, uscc, n, start=0):
    pop.enterprise(uscc)
    pop.qualification(uscc, "建筑工程施工总承包三级")
    for i in range(start, start + n):
        pop.person(make_id(i), uscc)
        pop.social_insurance(make_id(i), uscc)


def test_facts_are_built_once_and_then_only_for_the_people_a_batch_touched(reference_data):
    first = Population()
    staffed(first, make_uscc(1), 5)
    staffed(first, make_uscc(2), 5, start=10)
    first.save()
    assert refresh_facts() == [first.batch.pk]
    assert RegistrationFact.objects.count() == 10
    untouched = RegistrationFact.objects.get(id_number=make_id(10)).pk
    # a later batch: one person's insurance is now paid by another unit
    later = Population()
    from hecha.registry.models import SocialInsurance

    SocialInsurance.objects.filter(id_number=make_id(0)).update(
        is_current=False, superseded_by=later.batch
    )
    later.social_insurance(make_id(0), make_uscc(9))
    later.save()
    refresh_facts()
    fact = RegistrationFact.objects.get(id_number=make_id(0))
    assert (fact.si_uscc, fact.clean) == (make_uscc(9), False)
    assert RegistrationFact.objects.get(id_number=make_id(10)).pk == untouched  # not rewritten
    assert FactsState.objects.get().batches == [first.batch.pk, later.batch.pk]


def test_a_run_takes_in_a_batch_the_facts_have_not_seen(reference_data):
    pop = Population()
    staffed(pop, make_uscc(1), 5)
    pop.save()
    assert start_check_run(user=None, as_of=AS_OF).findings_count == 0
    elsewhere = Population()  # the same person registered with a second enterprise
    elsewhere.enterprise(make_uscc(3))
    elsewhere.person(make_id(0), make_uscc(3))
    elsewhere.save()
    run = start_check_run(user=None, as_of=AS_OF)
    assert run.findings_count == 1  # 4 of 5 count: only the total (.a) falls short
    reasons = set(run.findings.get(uscc=make_uscc(1), rule_id__endswith=".a").people.values_list(
        "id_number", "reason"
    ))  # fmt: skip
    assert (make_id(0), "registered_elsewhere") in reasons


def test_an_import_refreshes_the_facts_itself(reference_data, tmp_path):
    from hecha.demo.generator import generate
    from hecha.registry.services.importing import import_directory

    generate(tmp_path, enterprises=20, as_of=AS_OF)
    batch = import_directory(directory=tmp_path, user=None)
    state = FactsState.objects.get()
    assert state.built and batch.pk in state.batches
    assert RegistrationFact.objects.count() > 0
