"""Peak memory of the full CSV export of answers: ``manage.py consultations_export_memory``.

Consumes the streaming response exactly as a WSGI server would (chunk by chunk, discarding
them) and reports the rows, the time, the peak of Python allocations during the export
(tracemalloc) and the process's peak resident memory (VmHWM) before and after."""

import time
import tracemalloc

from django.core.management.base import BaseCommand

from spp.consultations.exports import export_response
from spp.consultations.models import Consultation
from spp.consultations.scale import SLUG


def _peak_rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Command(BaseCommand):
    help = "Measure the peak memory of the streaming CSV export of all answers."

    def add_arguments(self, parser):
        parser.add_argument("--slug", default=SLUG)
        parser.add_argument("--format", default="csv", choices=["csv", "json"])
        parser.add_argument("--no-tracemalloc", action="store_true",
                            help="RSS only (tracemalloc slows the export about threefold)")

    def handle(self, *args, slug, format, no_tracemalloc, **options):
        consultation = Consultation.objects.get(slug=slug)
        rss_before = _peak_rss_mb()
        if not no_tracemalloc:
            tracemalloc.start()
        started = time.perf_counter()
        response = export_response(consultation, dataset="answers", fmt=format, personal=False)
        lines = size = 0
        for chunk in response.streaming_content:
            lines += chunk.count(b"\n")
            size += len(chunk)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 2**20 if not no_tracemalloc else None
        tracemalloc.stop()
        python_peak = f"{peak:.1f} MiB" if peak is not None else "n/a"
        self.stdout.write(
            f"rows={lines - 1} bytes={size} time={elapsed:.1f}s python_peak={python_peak} "
            f"rss_peak_before={rss_before:.1f} MiB rss_peak_after={_peak_rss_mb():.1f} MiB")
