from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "spp.reports"
    label = "reports"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_save

        from spp.catalog.models import Service
        from spp.core.models import Commune, Organisation
        from spp.core.signals import on_save_or_delete
        from spp.reports.models import Category

        on_save_or_delete(_forget_categories, Category, "reports.forget_categories")
        on_save_or_delete(_service_changed, Service, "reports.service_changed")
        on_save_or_delete(_commune_changed, Commune, "reports.commune_changed")
        m2m_changed.connect(_service_communes_changed, sender=Service.communes.through,
                            dispatch_uid="reports.service_communes_changed")
        post_save.connect(_organisation_changed, sender=Organisation,
                          dispatch_uid="reports.organisation_changed.save")


def _forget_categories(sender, instance, **kwargs):
    """The queue reads a service's categories from the cache (selectors.category_rows): any
    change, from a service, the admin or a factory, clears them once committed."""
    from django.core.cache import cache
    from django.db import transaction

    from spp.reports.selectors import CATEGORY_LABELS_CACHE_KEY, categories_cache_key

    keys = [categories_cache_key(instance.service_id), CATEGORY_LABELS_CACHE_KEY]
    transaction.on_commit(lambda: cache.delete_many(keys))
    setup_changed(instance.service_id)  # the queue and Open311 lists name the categories


def _service_changed(sender, instance, **kwargs):
    """Open311 lists only published services, found by their slug: a service saved anywhere
    (published, withdrawn, renamed) makes the cached lists, and the filings' kept
    categories, stale."""
    from spp.core import generations
    from spp.reports.selectors import SERVICES_SCOPE

    generations.advance(SERVICES_SCOPE)
    setup_changed(instance.pk)


def _service_communes_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A service's territory (selectors.service_territory_contains) changed: communes added to
    or removed from it, from either side of the relation."""
    if action not in {"post_add", "post_remove", "post_clear", "pre_clear"}:
        return
    if not reverse:
        setup_changed(instance.pk)
    elif action == "pre_clear":  # the commune's services, before they are gone
        from spp.reports.selectors import service_ids_covering

        for service_id in service_ids_covering(instance.pk):
            setup_changed(service_id)
    else:
        for service_id in pk_set or ():
            setup_changed(service_id)


def _commune_changed(sender, instance, **kwargs):
    """A commune's boundary or centre changed: the territory of each service covering it."""
    from spp.reports.selectors import service_ids_covering

    for service_id in service_ids_covering(instance.pk):
        setup_changed(service_id)


def _organisation_changed(sender, instance, **kwargs):
    """Open311 names each request's agency (the organisation of its category): a renamed
    organisation makes the cached labels and every cached request list stale."""
    from django.core.cache import cache
    from django.db import transaction

    from spp.core import generations
    from spp.reports.selectors import CATEGORY_LABELS_CACHE_KEY, REQUESTS_SCOPE, SERVICES_SCOPE

    transaction.on_commit(lambda: cache.delete(CATEGORY_LABELS_CACHE_KEY))
    generations.advance(REQUESTS_SCOPE)
    generations.advance(SERVICES_SCOPE)


def setup_changed(service_id: int) -> None:
    """The service's row or categories changed: the queue's cached copy of them
    (selectors.queue_service) and every cached list are stale."""
    from spp.core import generations
    from spp.reports import services
    from spp.reports.selectors import setup_scope

    generations.advance(setup_scope(service_id))
    services.lists_changed(service_id)
