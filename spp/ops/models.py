"""The scheduler's one table: a row per periodic job (spp/ops/scheduling.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledJob(models.Model):
    """The last slot of a periodic job that a scheduler enqueued. A scheduler claims a slot by
    moving ``last_slot`` forward in one conditional UPDATE (``services.scheduler_tick``): of two
    schedulers on two hosts, the second finds the slot taken and enqueues nothing. Slots only
    move forward, so a host whose clock lags never enqueues a slot again."""

    name = models.CharField(_("nom"), max_length=80, unique=True)
    last_slot = models.DateTimeField(_("dernier créneau"), null=True, blank=True)
    last_enqueued_at = models.DateTimeField(_("mise en file le"), null=True, blank=True)
    last_task_id = models.CharField(_("identifiant de la tâche"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("tâche périodique")
        verbose_name_plural = _("tâches périodiques")
        ordering = ["name"]

    def __str__(self):
        return self.name
