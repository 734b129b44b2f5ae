from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "spp.consultations"
    label = "consultations"

    def ready(self):
        from spp.catalog.models import Service
        from spp.consultations.models import Consultation, Question, Section
        from spp.core.models import Organisation
        from spp.core.signals import on_save_or_delete

        for model in (Consultation, Section, Question):
            on_save_or_delete(_consultation_changed, model,
                              f"consultations.changed.{model.__name__}")
        on_save_or_delete(_service_changed, Service, "consultations.owner.service")
        on_save_or_delete(_authority_changed, Organisation, "consultations.owner.authority")


def _consultation_changed(sender, instance, **kwargs):
    """The cached copy of a consultation and its shared pages (``caching``) hold its settings,
    whether it has questions, its sections: any change of them, from a service, the admin, a
    script or a factory, makes them stale. (A change of slug also advances the old one:
    ``services_authoring.consultation_update``.)"""
    from spp.consultations import caching
    from spp.consultations.models import Consultation

    consultation = instance if isinstance(instance, Consultation) else None
    if consultation is not None and kwargs.get("created"):
        return  # nothing was cached under its slug (a missing one is not: caching.py)
    if consultation is None:
        consultation = Consultation.objects.filter(pk=instance.consultation_id).only(
            "slug").first()
    if consultation is not None:
        caching.advance_consultation(consultation.slug)


def _owner_changed(field: str, instance, kwargs) -> None:
    """A service or an authority changed (its name, its operator — whom permissions read): the
    cached copies of its consultations are stale."""
    if kwargs.get("created"):
        return  # no consultation yet
    from spp.consultations import caching
    from spp.consultations.models import Consultation

    slugs = Consultation.objects.filter(**{f"{field}_id": instance.pk}).values_list(
        "slug", flat=True)
    caching.advance_consultation(*slugs)


def _service_changed(sender, instance, **kwargs):
    _owner_changed("service", instance, kwargs)


def _authority_changed(sender, instance, **kwargs):
    _owner_changed("authority", instance, kwargs)
