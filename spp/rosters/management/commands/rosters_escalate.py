"""Hand uncovered needs to the professional fallback. Run it every few minutes (cron, or a
scheduler enqueuing ``spp.rosters.tasks.escalation_check_task``); it is idempotent."""

from django.core.management.base import BaseCommand

from spp.rosters.services import escalation_check


class Command(BaseCommand):
    help = "Escalate needs still uncovered within their service's delay before the start."

    def handle(self, *args, **options):
        escalations = escalation_check()
        for escalation in escalations:
            self.stdout.write(f"{escalation.need.shift} — {escalation.need}: "
                              f"{escalation.missing} place(s) → {escalation.fallback or '—'}")
        self.stdout.write(f"{len(escalations)} escalation(s).")
