"""``manage.py seed_demo``: the demo, put together from each app's part, in one transaction.

Operations sit above every app, so this is where the parts meet: the people and organisations
(``spp.core.demo``), the services and enrolments (``spp.catalog.demo``), then each pattern
app's content (its ``demo.py``, ``seed(context)``), and last the charter update that asks some
contributors to accept a new version. Every step is idempotent."""

from django.db import transaction

from spp.carpool import demo as carpool_demo
from spp.catalog.demo import seed_catalog, seed_charter_update
from spp.consultations import demo as consultations_demo
from spp.core.demo import DemoContext, seed_people
from spp.expenses import demo as expenses_demo
from spp.impact.services.refresh import figures_refresh
from spp.peers import demo as peers_demo
from spp.reports import demo as reports_demo
from spp.rosters import demo as rosters_demo

# Expenses come last: they claim for what the others recorded in the ledger.
PATTERN_DEMOS = [rosters_demo, reports_demo, consultations_demo, carpool_demo, peers_demo,
                 expenses_demo]


@transaction.atomic
def seed_demo(log=print) -> DemoContext:
    context = seed_people(log=log)
    seed_catalog(context, log=log)
    for demo in PATTERN_DEMOS:
        demo.seed(context)
    seed_charter_update(context)
    # The impact pages read figures a scheduled task computes: computed once here, so the
    # demo's dashboards and transparency pages show the history just written.
    figures_refresh()
    return context
