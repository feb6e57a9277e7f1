"""Today's date for the procedure, in one place, so a test (or a rehearsal on a training
server) can move the clock: every deadline, sweep and "not later than today" check asks here."""

from datetime import date

from django.utils import timezone


def today() -> date:
    return timezone.localdate()
