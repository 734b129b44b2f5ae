from allauth.account.decorators import secure_admin_login
from django.contrib import admin

from spp.core.models import (
    ApiToken,
    AuditLogEntry,
    Commune,
    Membership,
    Organisation,
    User,
)

# Django's own admin log-in form checks passwords with no throttling at all: it is replaced by
# a redirect to the site's sign-in (allauth's, rate-limited per address and per account and
# address, settings.ACCOUNT_RATE_LIMITS), which comes back to the admin page asked for
# (allauth's documented way). Signed in without staff status, the admin answers 403.
admin.site.login = secure_admin_login(admin.site.login)


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "first_name", "last_name", "is_active", "date_joined"]
    search_fields = ["email", "first_name", "last_name"]
    exclude = ["password"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "siret"]
    list_filter = ["kind"]
    # Set on the branding page, whose service checks and re-encodes it (spp/core/uploads.py).
    readonly_fields = ["logo"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role", "organisation"]


@admin.register(AuditLogEntry)
class AuditLogEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "target_repr"]
    list_filter = ["action"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read only, for support: a token is issued and revoked by its organisation's admins in
    /gestion/ (spp.core.services.api_tokens), where it is shown once and audited."""

    list_display = ["name", "organisation", "scope", "prefix", "created_at", "expires_at",
                    "last_used_at", "revoked_at"]
    list_filter = ["scope"]
    search_fields = ["name", "prefix", "organisation__name"]
    exclude = ["secret_hash"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(Commune)
