"""Background work of the rosters app: call-out alerts (in-app, email via core, SMS through
the platform's gateway, ``spp.core.sms``), "filled" notices, and the escalation check."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

# Two concatenated SMS of 153 characters: the message is cut beyond, with an ellipsis (the
# notification and the call-out's page keep it whole).
SMS_MAX = 306


def sms_text(title: str, message: str) -> str:
    """The call-out's SMS: its title, then as much of the coordinator's message as fits."""
    text = f"{title}. {message.strip()}".strip() if message.strip() else title
    return text if len(text) <= SMS_MAX else text[:SMS_MAX - 1].rstrip() + "…"


@task()
def callout_notify(callout_id: int) -> int:
    """Alert every qualified, available volunteer of an open call-out. Idempotent per
    person: someone already told is not told twice."""
    from spp.core.models import Notification, User
    from spp.core.services import notification_send
    from spp.core.sms import sms_backend
    from spp.rosters.models import CallOut
    from spp.rosters.selectors import callout_candidates

    callout = CallOut.objects.select_related("shift__service", "need").filter(
        pk=callout_id, status=CallOut.Status.OPEN).first()
    if callout is None:
        return 0
    url = reverse("rosters:callout_detail", args=[callout.pk])
    title = _("Alerte : %(s)s — %(n)s place(s)") % {"s": callout.shift, "n": callout.places}
    already = set(Notification.objects.filter(url=url).values_list("recipient_id", flat=True))
    backend, sent = sms_backend(), 0
    for user in User.objects.filter(pk__in=callout_candidates(callout.need)).exclude(
            pk__in=already):
        notification_send(recipient=user, title=title, body=callout.message, url=url)
        if user.phone:
            backend.send(user.phone, sms_text(title, callout.message))
        sent += 1
    return sent


@task()
def callout_filled_notify(callout_id: int) -> None:
    """Tell those alerted who did not get a place that the call-out is filled."""
    from spp.core.models import Notification, User
    from spp.core.services import notification_send
    from spp.rosters.models import CallOut

    callout = CallOut.objects.select_related("shift").get(pk=callout_id)
    url = reverse("rosters:callout_detail", args=[callout.pk])
    accepted = set(callout.responses.filter(answer="accepted").values_list("user_id", flat=True))
    told = Notification.objects.filter(url=url).values_list("recipient_id", flat=True)
    for user in User.objects.filter(pk__in=told).exclude(pk__in=accepted).distinct():
        notification_send(recipient=user, title=_("Alerte pourvue : %(s)s") % {
            "s": callout.shift}, body=_("Merci : toutes les places ont été prises."), url="")


@task()
def escalation_check_task() -> int:
    from spp.rosters.services.callouts import escalation_check

    return len(escalation_check(now=timezone.now()))


@task()
def availability_count_task() -> int:
    from spp.rosters.services import availability_count_ahead

    return sum(availability_count_ahead().values())


@task()
def roster_solve_task(request_id: int) -> str:
    """Solve a coordinator's roster request (``services.rosters.roster_request_run``): its
    state and per-stage progress are written on the request's row, which the page shows."""
    from spp.rosters.services.rosters import roster_request_run

    row = roster_request_run(request_id=request_id)
    return row.state if row else "skipped"
