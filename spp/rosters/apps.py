from django.apps import AppConfig


class RostersConfig(AppConfig):
    name = "spp.rosters"
    label = "rosters"

    def ready(self):
        from spp.rosters import caching

        caching.connect()  # the coverage pages' generations follow every ORM write they show
