from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "spp.reports"
    label = "reports"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from spp.reports.models import Category

        post_save.connect(_forget_categories, sender=Category,
                          dispatch_uid="reports.forget_categories.save")
        post_delete.connect(_forget_categories, sender=Category,
                            dispatch_uid="reports.forget_categories.delete")


def _forget_categories(sender, instance, **kwargs):
    """The queue reads a service's categories from the cache (selectors.category_rows): any
    change, from a service, the admin or a factory, clears them once committed."""
    from django.core.cache import cache
    from django.db import transaction

    from spp.reports.selectors import CATEGORY_LABELS_CACHE_KEY, categories_cache_key

    keys = [categories_cache_key(instance.service_id), CATEGORY_LABELS_CACHE_KEY]
    transaction.on_commit(lambda: cache.delete_many(keys))
