"""Connecting the receivers that keep cached copies exact."""

from django.db.models.signals import post_delete, post_save


def on_save_or_delete(receiver, model, dispatch_uid: str) -> None:
    """Call ``receiver(sender, instance, **kwargs)`` after each save and each delete of a
    ``model`` row made through the ORM (the services, the admin, factories). Held strongly:
    a receiver made inside a function (``advance_on_change``) would otherwise be collected."""
    post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"{dispatch_uid}.save")
    post_delete.connect(receiver, sender=model, weak=False,
                        dispatch_uid=f"{dispatch_uid}.delete")


def advance_on_change(model, scopes_of, dispatch_uid: str) -> None:
    """Advance the generations ``scopes_of(instance)`` (``spp.core.generations``) after each
    save and each delete of a ``model`` row made through the ORM, so that the cached pages
    which show such rows are never served after one changed, whoever changed it (a service,
    the admin, a factory). A service that writes with ``QuerySet.update()`` or
    ``bulk_create`` sends no signal: it advances the same scopes itself."""
    from spp.core import generations

    def advance(sender, instance, **kwargs):
        for scope in scopes_of(instance):
            generations.advance(scope)

    on_save_or_delete(advance, model, dispatch_uid)
