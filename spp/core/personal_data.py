"""A person's own data, across the apps: the export they download (RGPD articles 15 and 20)
and how far their erasure reaches (``services.user_erase``).

Core holds the profile and the notifications; the apps above it hold the rest (enrolments, the
participation ledger, reports, consultation answers, availability, expense claims…) and core
cannot import them. So an app that holds a person's data says so on its ``AppConfig`` with two
methods, which core calls in ``INSTALLED_APPS`` order:

- ``personal_data_export(user) -> dict``: its sections of the export, keyed by the French
  titles the person reads. Statuses and kinds are given with their label (``etat``) and, where
  useful, their code (``etat_code``). A file (a report's photo, a receipt) is an
  ``ExportFile``: the ZIP holds it under ``fichiers/<app>/...`` and the JSON gives that path;
- ``personal_data_erase(user)``: deletes or pseudonymises its rows, inside ``user_erase``'s
  transaction, as docs/privacy.md's table states for each kind (what serves the public, such
  as a report, stays without its author); ``spp/core/tests/test_erasure_completeness.py``
  searches every table afterwards for the person's address, names and phone.

``spp/catalog/apps.py`` is the example; ``spp/reports/personal_data.py`` shows files.

The ZIP (``personal_data_zip``) holds ``donnees.json``, a ``README.txt`` in French, one CSV per
section that is a plain table, and the files. It is built by a task
(``tasks.build_personal_data_export``) and kept privately for ``EXPORT_LIFETIME``."""

import csv
import io
import json
import shutil
import zipfile
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from spp.core.exports import csv_row
from spp.core.models import PersonalDataExport, User

EXPORT_LIFETIME = timedelta(days=7)


@dataclass(frozen=True)
class ExportFile:
    """A stored file of the person's, placed at ``path`` in the ZIP."""

    path: str
    file: FieldFile


def export_file(app: str, name: str, field_file) -> ExportFile | None:
    """``field_file`` as it will sit in the ZIP, at ``fichiers/<app>/<name>``; None if empty."""
    if not field_file:
        return None
    return ExportFile(f"fichiers/{app}/{name}", field_file)


def app_hooks(method_name: str) -> list:
    """The installed apps' ``method_name`` methods, in ``INSTALLED_APPS`` order."""
    return [
        getattr(config, method_name)
        for config in apps.get_app_configs()
        if hasattr(config, method_name)
    ]


def personal_data_export(user: User) -> dict:
    """Everything the platform holds about the person: their profile, each app's sections,
    then their notifications. Files are still ``ExportFile``s (see ``resolve_files``)."""
    export = {
        "profil": {
            "email": user.email,
            "prenom": user.first_name,
            "nom": user.last_name,
            "telephone": user.phone,
            "langue": user.preferred_language,
            "notifications_par_courriel": user.email_notifications,
            "inscrit_le": user.date_joined,
            "derniere_connexion": user.last_login,
        },
    }
    for app_sections in app_hooks("personal_data_export"):
        export.update(app_sections(user))
    export["notifications"] = [
        {
            "titre": n.title,
            "message": n.body,
            "lien": n.url,
            "date": n.created_at,
            "lue_le": n.read_at,
        }
        for n in user.notifications.all()
    ]
    return export


def resolve_files(value, files: list):
    """``value`` with each ``ExportFile`` replaced by its path in the ZIP (and appended to
    ``files``)."""
    if isinstance(value, ExportFile):
        files.append(value)
        return value.path
    if isinstance(value, dict):
        return {key: resolve_files(item, files) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [resolve_files(item, files) for item in value]
    return value


def personal_data_json(user: User) -> str:
    return _dumps(resolve_files(personal_data_export(user), []))


def _dumps(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, cls=DjangoJSONEncoder)


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return " ; ".join(str(_cell(item)) for item in value)
    if isinstance(value, bool):
        return "oui" if value else "non"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _is_table(rows) -> bool:
    """A list of flat rows (no dict inside, lists only of plain values): one CSV."""
    return (
        isinstance(rows, list)
        and bool(rows)
        and all(isinstance(row, dict) for row in rows)
        and all(
            not isinstance(v, dict)
            and not (isinstance(v, list) and any(isinstance(i, dict | list) for i in v))
            for row in rows
            for v in row.values()
        )
    )


def _csv(rows: list) -> str:
    columns = list(dict.fromkeys(key for row in rows for key in row))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(csv_row([_cell(row.get(column)) for column in columns]))
    return out.getvalue()


README = """Vos données sur la plateforme SPP
===================================

Préparé le {date}.

Cette archive contient tout ce que la plateforme conserve à votre sujet, dans toutes ses
parties (droit d’accès et droit à la portabilité, articles 15 et 20 du RGPD) :

- donnees.json : l’ensemble de vos données, au format JSON (UTF-8). Chaque partie porte un
  titre en français (profil, inscriptions, signalements, réponses aux consultations,
  disponibilités, demandes de remboursement, notifications…). Les états et les natures sont
  donnés en clair (« etat ») et, quand c’est utile, avec leur code interne (« etat_code »).
  Les dates sont au format ISO 8601, en temps universel (UTC) sauf mention contraire.
- un fichier CSV par partie qui se présente comme un tableau (une ligne par élément), pour
  l’ouvrir dans un tableur (séparateur : virgule, encodage : UTF-8).
- fichiers/ : les fichiers que vous avez déposés (photos de signalements, justificatifs de
  frais…), rangés par partie de la plateforme. Le fichier donnees.json indique, pour chacun,
  son chemin dans cette archive.

Pour toute question sur vos données, ou pour les faire rectifier ou effacer, consultez la
page « Données personnelles » de la plateforme.
"""


def personal_data_zip(user: User, out) -> None:
    """Write the person's whole export into ``out`` (a binary file) as a ZIP."""
    files: list[ExportFile] = []
    data = resolve_files(personal_data_export(user), files)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("donnees.json", _dumps(data))
        archive.writestr("README.txt", README.format(date=timezone.now().date().isoformat()))
        for section, rows in data.items():
            if _is_table(rows):
                archive.writestr(f"{section}.csv", "\ufeff" + _csv(rows))
        written = set()
        for item in files:
            if item.path in written:
                continue
            written.add(item.path)
            try:
                with item.file.open("rb") as source, archive.open(item.path, "w") as target:
                    shutil.copyfileobj(source, target)  # a file at a time, never all in memory
            except (FileNotFoundError, OSError):
                archive.writestr(
                    item.path + ".absent.txt",
                    "Ce fichier n’a pas pu être retrouvé dans le stockage.\n",
                )


def personal_data_erase_in_apps(user: User) -> None:
    """Let each app unlink or blank what it holds about the person (see the module's doc),
    and remove the copies of their data they downloaded (their files once committed)."""
    for erase in app_hooks("personal_data_erase"):
        erase(user)
    exports = PersonalDataExport.objects.filter(user=user)
    files = [export.file for export in exports if export.file]
    exports.delete()
    for field_file in files:
        transaction.on_commit(lambda f=field_file: f.storage.delete(f.name))
