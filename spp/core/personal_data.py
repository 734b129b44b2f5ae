"""A person's own data, across the apps: the export they download (RGPD articles 15 and 20)
and how far their erasure reaches (``services.user_erase``).

Core holds the profile and the notifications; the apps above it hold the rest (enrolments, the
participation ledger…) and core cannot import them. So an app that holds a person's data says
so on its ``AppConfig`` with two methods, which core calls in ``INSTALLED_APPS`` order:

- ``personal_data_export(user) -> dict``: its sections of the export, keyed by the French
  titles the person reads;
- ``personal_data_erase(user)``: unlinks or blanks its rows, inside ``user_erase``'s
  transaction.

``spp/catalog/apps.py`` is the example."""

from django.apps import apps

from spp.core.models import User


def app_hooks(method_name: str) -> list:
    """The installed apps' ``method_name`` methods, in ``INSTALLED_APPS`` order."""
    return [getattr(config, method_name) for config in apps.get_app_configs()
            if hasattr(config, method_name)]


def personal_data_export(user: User) -> dict:
    """Everything the platform holds about the person: their profile, each app's sections,
    then their notifications."""
    export = {
        "profil": {
            "email": user.email,
            "prenom": user.first_name,
            "nom": user.last_name,
            "telephone": user.phone,
            "langue": user.preferred_language,
            "inscrit_le": user.date_joined,
        },
    }
    for app_sections in app_hooks("personal_data_export"):
        export.update(app_sections(user))
    export["notifications"] = [
        {"titre": n.title, "date": n.created_at} for n in user.notifications.all()
    ]
    return export


def personal_data_erase_in_apps(user: User) -> None:
    """Let each app unlink or blank what it holds about the person (see the module's doc)."""
    for erase in app_hooks("personal_data_erase"):
        erase(user)
