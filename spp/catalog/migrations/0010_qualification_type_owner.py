"""Each qualification type gets the organisation that defines it (issue #15): only its members,
and those of the organisations it names, verify a qualification of that type.

Existing types are given, as their owner, the authority of the services requiring them (the
one with the most such services, the oldest on a tie); the other authorities and the operators
of those services are named as also verifying, so nobody who verified before for a service
relying on the type loses it. A type no service requires keeps no owner: nobody verifies it
until a superuser gives it one (docs/permissions.md)."""

from collections import Counter

import django.db.models.deletion
from django.db import migrations, models


def assign_owners(apps, schema_editor):
    QualificationType = apps.get_model("catalog", "QualificationType")
    Service = apps.get_model("catalog", "Service")
    for qualification_type in QualificationType.objects.filter(owner__isnull=True).order_by("pk"):
        services = list(
            Service.objects.filter(required_qualifications=qualification_type)
            .order_by("pk")
            .values_list("authority_id", "operator_id")
        )
        if not services:
            continue
        counts = Counter(authority for authority, _operator in services)
        owner = min(counts, key=lambda authority: (-counts[authority], authority))
        qualification_type.owner_id = owner
        qualification_type.save(update_fields=["owner"])
        others = {a for a, _o in services} | {o for _a, o in services if o is not None}
        qualification_type.verifiers.set(sorted(others - {owner}))


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0009_qualification_type_active'),
        ('core', '0008_invitations'),
    ]

    operations = [
        migrations.AddField(
            model_name='qualificationtype',
            name='owner',
            field=models.ForeignKey(blank=True, help_text='L’organisation qui définit la qualification et la vérifie.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='qualification_types', to='core.organisation', verbose_name='organisation'),
        ),
        migrations.AddField(
            model_name='qualificationtype',
            name='verifiers',
            field=models.ManyToManyField(blank=True, help_text='Leurs agents vérifient aussi cette qualification, au nom de l’organisation qui la définit.', related_name='qualification_types_verified', to='core.organisation', verbose_name='organisations habilitées à vérifier'),
        ),
        migrations.RunPython(assign_owners, migrations.RunPython.noop),
    ]
