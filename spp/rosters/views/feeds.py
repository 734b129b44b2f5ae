"""Feeds: each volunteer's personal iCalendar (secret, revocable URL) and the service's open
missions in the format of the national volunteering exchange (API Engagement, JeVeuxAider)."""

import re
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from icalendar import Calendar, Event

from spp.rosters import permissions, selectors
from spp.rosters.missions import missions_for
from spp.rosters.models import CalendarFeed
from spp.rosters.services.households import calendar_feed_revoke

TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")  # what secrets.token_urlsafe gives


@login_not_required
def calendar_feed(request, token):
    if not TOKEN.fullmatch(token):  # garbage (a NUL byte, too long…) is simply not found
        raise Http404
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    calendar = Calendar()
    calendar.add("prodid", "-//SPP//Gardes et permanences//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Mes gardes"))
    since = timezone.now() - timedelta(days=30)
    for assignment in selectors.assignments_of(feed.user, upcoming_only=False).filter(
            shift__ends_at__gte=since):
        shift = assignment.shift
        event = Event()
        event.add("uid", f"spp-rosters-assignment-{assignment.pk}@spp")
        event.add("summary", f"{shift.title} — {shift.service.name}")
        event.add("dtstart", shift.starts_at)
        event.add("dtend", shift.ends_at)
        event.add("dtstamp", assignment.created_at)
        event.add("location", shift.place)
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_POST
def calendar_revoke(request):
    calendar_feed_revoke(user=request.user)
    messages.success(request, _("Nouvelle adresse créée : l’ancienne ne fonctionne plus."))
    return redirect("rosters:my_shifts")


@login_not_required
def missions_feed(request, slug):
    service = permissions.access_roster_service(request.user, slug)
    if not service.is_published:
        raise Http404
    return JsonResponse({"missions": missions_for(service, request)},
                        json_dumps_params={"ensure_ascii": False})
