"""Send pending journey proofs to the national carpool proof registry. Run it often (the
registry wants a journey within 24 hours), from cron or a scheduler: it is idempotent."""

from django.core.management.base import BaseCommand

from spp.carpool.tasks import registry_send_pending


class Command(BaseCommand):
    help = "Send the pending journey proofs to the carpool proof registry (if configured)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=1000,
                            help="at most this many journeys in this run")
        parser.add_argument("--enqueue", action="store_true",
                            help="queue the task for the workers instead of running it here")

    def handle(self, *args, limit, enqueue, **options):
        if enqueue:
            result = registry_send_pending.enqueue(limit=limit)
            self.stdout.write(f"Tâche mise en file : {result.id}")
            return
        counts = registry_send_pending.call(limit=limit)
        if counts.get("disabled"):
            self.stdout.write("Envoi au registre désactivé (CARPOOL_REGISTRY_URL vide) : "
                              "rien n’est envoyé.")
            return
        self.stdout.write(f"{counts['sent']} envoyé(s), {counts['failed']} refusé(s).")
        if counts.get("stopped"):
            self.stderr.write(f"Envoi interrompu : {counts['stopped']} (à reprendre).")
