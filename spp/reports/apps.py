from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "spp.reports"
    label = "reports"

    def ready(self):
        from django.db.models.signals import post_save

        from spp.catalog.models import Service
        from spp.core.models import Organisation
        from spp.core.signals import on_save_or_delete
        from spp.reports.models import Category

        on_save_or_delete(_forget_categories, Category, "reports.forget_categories")
        on_save_or_delete(_service_changed, Service, "reports.service_changed")
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
    (published, withdrawn, renamed) makes the cached lists stale."""
    setup_changed(instance.pk)


def _organisation_changed(sender, instance, **kwargs):
    """Open311 names each request's agency (the organisation of its category): a renamed
    organisation makes the cached labels and every cached request list stale."""
    from django.core.cache import cache
    from django.db import transaction

    from spp.core import generations
    from spp.reports.selectors import CATEGORY_LABELS_CACHE_KEY, REQUESTS_SCOPE

    transaction.on_commit(lambda: cache.delete(CATEGORY_LABELS_CACHE_KEY))
    generations.advance(REQUESTS_SCOPE)


def setup_changed(service_id: int) -> None:
    """The service's row or categories changed: the queue's cached copy of them
    (selectors.queue_service) and every cached list are stale."""
    from spp.core import generations
    from spp.reports import services
    from spp.reports.selectors import setup_scope

    generations.advance(setup_scope(service_id))
    services.lists_changed(service_id)
