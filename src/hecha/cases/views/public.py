"""Public pages (no login): the bureau's announcements and the restriction query."""

from __future__ import annotations

from django.shortcuts import render


def public_announcements(request):
    """The bureau's announcements, public (the plan publishes them on the bureau's website)."""
    from hecha.cases.models import Announcement

    rows = Announcement.objects.select_related("document").order_by("-published_on", "-pk")[:100]
    return render(request, "cases/public_announcements.html", {"announcements": rows})


def public_restrictions(request):
    """Whether an enterprise is restricted, and under which status (the page of
    GET /api/public/restrictions/{uscc})."""
    from hecha import clock
    from hecha.cases.selectors import restrictions_for
    from hecha.law.identifiers import check_uscc

    code = request.GET.get("uscc", "").strip().upper()[:40]
    problem = check_uscc(code) if code else None
    found = restrictions_for(code, clock.today()) if code and not problem else []
    groups: dict[tuple, dict] = {}
    for r in found:
        key = (r["status"], r["since"], r["until"])
        groups.setdefault(key, {**r, "kinds": []})["kinds"].append(r["kind_label"])
    return render(request, "cases/public_restrictions.html",
                  {"uscc": code, "problem": problem, "groups": list(groups.values()),
                   "asked": bool(code)})  # fmt: skip
