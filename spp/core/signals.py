"""Connecting the receivers that keep cached copies exact."""

from django.db.models.signals import post_delete, post_save


def on_save_or_delete(receiver, model, dispatch_uid: str) -> None:
    """Call ``receiver(sender, instance, **kwargs)`` after each save and each delete of a
    ``model`` row made through the ORM (the services, the admin, factories)."""
    post_save.connect(receiver, sender=model, dispatch_uid=f"{dispatch_uid}.save")
    post_delete.connect(receiver, sender=model, dispatch_uid=f"{dispatch_uid}.delete")
