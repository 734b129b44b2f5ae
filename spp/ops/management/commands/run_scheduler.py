"""``manage.py run_scheduler``: enqueue the periodic jobs of spp/ops/scheduling.py when due,
forever (``scripts/worker.sh`` runs it beside the workers; ``--once`` ticks once, for cron).

Run one per host or several: each slot is enqueued once (``services.scheduler_tick``). It
outlives a database outage: the tick fails, the error is logged, the connections are dropped,
and the next tick, ``--retry`` seconds later, starts afresh; SIGTERM or SIGINT stop it between
ticks."""

import logging
import signal
import threading

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections, connections
from django.utils import timezone

from spp.ops.services import scheduler_tick

logger = logging.getLogger("spp.ops.scheduler")


def tick_afresh(now) -> list[str]:
    """One tick on a checked connection (like a request: a connection that broke is
    replaced); after a database error, every connection is dropped so the next starts anew."""
    close_old_connections()
    try:
        return scheduler_tick(now=now)
    except DatabaseError:
        connections.close_all()
        raise


def scheduler_loop(*, stop: threading.Event, interval: float, retry: float,
                   tick=tick_afresh) -> None:
    """Tick every ``interval`` seconds until ``stop`` is set; after a database error, log it
    (once per outage) and tick again ``retry`` seconds later."""
    failing = False
    while not stop.is_set():
        try:
            tick(now=timezone.now())
        except DatabaseError as error:
            if not failing:
                logger.warning("Scheduler: database unreachable (%s: %s); retrying every %g s",
                               error.__class__.__name__, error, retry)
            failing = True
            stop.wait(retry)
            continue
        if failing:
            logger.warning("Scheduler: database reachable again, carrying on")
        failing = False
        stop.wait(interval)


class Command(BaseCommand):
    help = "Enqueue the periodic jobs (spp/ops/scheduling.py) when they are due."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=15,
                            help="seconds between two ticks (default 15)")
        parser.add_argument("--retry", type=float, default=5,
                            help="seconds before the next tick after a database error")
        parser.add_argument("--once", action="store_true",
                            help="tick once and exit (to run it from cron instead)")

    def handle(self, *args, interval, retry, once, **options):
        if once:
            for name in scheduler_tick():
                self.stdout.write(f"Mise en file : {name}")
            return
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        logger.info("Scheduler: started, ticking every %g s", interval)
        scheduler_loop(stop=stop, interval=interval, retry=retry)
        logger.info("Scheduler: stopped")
