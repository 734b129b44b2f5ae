"""Where a form sends people back to: its ``next`` field, when it names a page of this site.

``next`` travels in the form, so anyone can forge it (a page elsewhere posting to one of our
actions): followed blindly, it would send a signed-in agent from our site to a look-alike one
("open redirect"). Django's ``url_has_allowed_host_and_scheme`` is the check its own login view
makes: relative paths and this host pass; other hosts, ``//host``, ``/\\host`` and schemes
other than http(s) do not."""

from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request, default: str) -> str:
    """``request.POST["next"]`` (else ``GET``) when it points into this site; else ``default``."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default
