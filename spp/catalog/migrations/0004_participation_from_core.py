"""The participation ledger, moved here from core (core 0005 forgot it), over its table.

The table keeps its name, ``core_participation`` (``db_table``), rather than being renamed to
``catalog_participation``: a rename would touch the biggest table for nothing but a name,
while its indexes, constraints and PostgreSQL sequence would keep their old names anyway;
and raw SQL (tests, operations) already says ``core_participation``. So this migration only
declares the model to Django, with the same fields, index and constraint names as before.

It also moves the model's content type to the catalog, so the permissions given on the ledger
(``catalog.view_participation`` now) and the admin's history of its rows stay attached."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def _move_content_type(apps, schema_editor, *, from_app: str, to_app: str) -> None:
    """Relabel the ledger's content type, unless the target already exists (then the old one
    is stale and ``manage.py remove_stale_contenttypes`` removes it)."""
    content_types = apps.get_model("contenttypes", "ContentType").objects.using(
        schema_editor.connection.alias)
    if not content_types.filter(app_label=to_app, model="participation").exists():
        content_types.filter(app_label=from_app, model="participation").update(app_label=to_app)


def content_type_to_catalog(apps, schema_editor):
    _move_content_type(apps, schema_editor, from_app="core", to_app="catalog")


def content_type_back_to_core(apps, schema_editor):
    _move_content_type(apps, schema_editor, from_app="catalog", to_app="core")


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0003_enrolment_list_index"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0005_participation_moves_to_catalog"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Participation",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                                   serialize=False, verbose_name="ID")),
                        ("pseudonym", models.CharField(db_index=True, max_length=20)),
                        ("kind", models.CharField(choices=[
                            ("shift", "Garde ou permanence effectuée"),
                            ("call_out", "Intervention sur alerte"),
                            ("report", "Signalement déposé"),
                            ("report_support", "Signalement appuyé"),
                            ("report_confirmation", "Signalement confirmé"),
                            ("journey", "Trajet partagé"),
                            ("peer_session", "Séance d’accompagnement par un pair"),
                            ("contribution", "Contribution à une consultation"),
                            ("proposal", "Proposition déposée"),
                            ("correction", "Correction"),
                            ("other", "Autre participation"),
                        ], max_length=30, verbose_name="nature")),
                        ("quantity", models.DecimalField(decimal_places=2, max_digits=10,
                                                         verbose_name="quantité")),
                        ("unit", models.CharField(choices=[
                            ("hours", "heures"), ("km", "kilomètres"), ("count", "nombre"),
                        ], max_length=10, verbose_name="unité")),
                        ("occurred_at", models.DateTimeField(verbose_name="date")),
                        ("recorded_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("accepted_at", models.DateTimeField(blank=True, null=True)),
                        ("source_key", models.CharField(
                            blank=True, max_length=120,
                            help_text="Identifie l’acte source (ex. « rosters.assignment:42 ») "
                                      "; un acte, une ligne.")),
                        ("description", models.CharField(blank=True, max_length=255,
                                                         verbose_name="libellé")),
                        ("accepted_by", models.ForeignKey(
                            blank=True, null=True,
                            help_text="L’agent qui a accepté ce concours au nom de l’autorité.",
                            on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                            to=settings.AUTH_USER_MODEL)),
                        ("corrects", models.ForeignKey(
                            blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                            related_name="corrections", to="catalog.participation")),
                        ("recorded_by", models.ForeignKey(
                            blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                            related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("service", models.ForeignKey(
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="participations", to="catalog.service")),
                        ("user", models.ForeignKey(
                            blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                            related_name="participations", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "participation",
                        "db_table": "core_participation",
                        "ordering": ["-occurred_at", "-id"],
                        "indexes": [
                            models.Index(fields=["user", "-occurred_at"],
                                         name="participation_user_idx"),
                            models.Index(fields=["service", "kind", "occurred_at"],
                                         name="participation_service_idx"),
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("source_key", ""), _negated=True),
                                fields=("source_key", "pseudonym"),
                                name="participation_one_row_per_source_act"),
                            models.CheckConstraint(
                                condition=models.Q(("quantity", 0), _negated=True),
                                name="participation_nonzero"),
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(content_type_to_catalog, content_type_back_to_core),
    ]
