"""The emission factor the carpool figures start with: an admin adds a newer row when the
reference is revised (the figures use the row valid on each journey's day)."""

import datetime
from decimal import Decimal

from django.db import migrations


def add_reference(apps, schema_editor):
    EmissionFactor = apps.get_model("impact", "EmissionFactor")
    EmissionFactor.objects.get_or_create(
        valid_from=datetime.date(2020, 1, 1),
        defaults={"kg_co2e_per_km": Decimal("0.2180"),
                  "source": "ADEME, Base Empreinte : voiture particulière, motorisation "
                            "moyenne, par véhicule-km (émissions directes et amont)"})


class Migration(migrations.Migration):
    dependencies = [("impact", "0001_initial")]
    operations = [migrations.RunPython(add_reference, migrations.RunPython.noop)]
