"""django-allauth adapter: where people land after signing up or in."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        next_url = request.GET.get("next") or request.POST.get("next")
        if next_url and self.is_safe_url(next_url):
            return next_url
        return reverse("core:my_engagement")
