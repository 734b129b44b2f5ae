"""Links of a list's rows, reversed once per page: ``reverse`` walks the URL resolver on each
call, so a list building one link per row builds them from one reversed URL instead."""

from collections.abc import Callable

from django.urls import reverse

_SLUG = "slug-placeholder"
_PK = 9876543210


def _from_one_reverse(url_name: str, placeholder) -> Callable[[object], str]:
    before, after = reverse(url_name, args=[placeholder]).split(str(placeholder))
    return lambda value: f"{before}{value}{after}"


def url_for_slug(url_name: str) -> Callable[[str], str]:
    """A function giving ``reverse(url_name, args=[slug])`` for any slug (slugs need no
    quoting)."""
    return _from_one_reverse(url_name, _SLUG)


def url_for_pk(url_name: str) -> Callable[[int], str]:
    """A function giving ``reverse(url_name, args=[pk])`` for any integer primary key."""
    return _from_one_reverse(url_name, _PK)
