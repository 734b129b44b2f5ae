"""allauth's social-account adapter, for what the federations ask of every sign-in."""

import secrets

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def generate_state_param(self, state: dict) -> str:
        """ProConnect refuses a ``state`` shorter than 32 characters (allauth's has 16)."""
        return secrets.token_urlsafe(32)
