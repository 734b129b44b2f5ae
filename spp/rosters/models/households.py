"""Households of a parent-run service: several enrolled people sharing one duty quota."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Household(models.Model):
    """A family owing ``monthly_quota`` duties ("permanences") each calendar month."""

    service = models.ForeignKey("catalog.Service", on_delete=models.CASCADE,
                                related_name="households")
    name = models.CharField(_("foyer"), max_length=120)
    monthly_quota = models.PositiveSmallIntegerField(_("permanences dues par mois"), default=4)

    class Meta:
        verbose_name = _("foyer")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["service", "name"], name="household_name_unique"),
            models.CheckConstraint(condition=Q(monthly_quota__lte=31),
                                   name="household_quota_bounded"),
        ]

    def __str__(self):
        return self.name


class HouseholdMember(models.Model):
    """One person in a household; a person belongs to at most one household per service."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    service = models.ForeignKey("catalog.Service", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="household_memberships")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "user"],
                                               name="household_member_one_per_service")]

    def __str__(self):
        return f"{self.user} ({self.household})"

    def save(self, *args, **kwargs):
        self.service_id = self.household.service_id
        super().save(*args, **kwargs)
