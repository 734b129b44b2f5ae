from django.contrib import admin, messages

from spp.open311 import services
from spp.open311.models import ApiClient


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    """Adding a client issues its key, shown once in a message (only a hash is stored)."""

    list_display = ["name", "organisation", "key_prefix", "is_active", "created_at", "last_used_at"]
    fields = ["name", "contact_email", "organisation", "is_active", "key_prefix", "created_at",
              "last_used_at"]
    readonly_fields = ["key_prefix", "created_at", "last_used_at"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        client, raw = services.api_client_create(actor=request.user, name=obj.name,
                                                 contact_email=obj.contact_email)
        obj.pk, obj.key_prefix, obj.key_hash = client.pk, client.key_prefix, client.key_hash
        obj.created_at = client.created_at
        messages.warning(request, f"Clé Open311 de « {client.name} » (copiez-la maintenant, "
                                  f"elle ne sera plus affichée) : {raw}")
