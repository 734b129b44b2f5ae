"""The links of a list's rows, reversed once per page.

``reverse`` (and ``{% url %}``) walks the URL resolver on every call, which costs more than the
rest of a row in a list of 25–50. Rows' links differ only by the row's id or slug, so a list
reverses its URL once, with a stand-in value, and puts each row's value in its place."""

from collections.abc import Callable

from django.urls import reverse

_PK = 2147483647  # an integer no row's id takes (the largest 32-bit one)
_SLUG = "slug-a-remplacer"


def _with_stand_in(url_name: str, args: tuple, stand_in) -> Callable[[object], str]:
    head, tail = reverse(url_name, args=[*args, stand_in]).rsplit(str(stand_in), 1)
    return lambda value: f"{head}{value}{tail}"


def link_for_pk(url_name: str, *args) -> Callable[[int], str]:
    """A function giving ``reverse(url_name, args=[*args, pk])`` for any integer ``pk``."""
    return _with_stand_in(url_name, args, _PK)


def link_for_slug(url_name: str, *args) -> Callable[[str], str]:
    """A function giving ``reverse(url_name, args=[*args, slug])`` for any slug (slugs need
    no quoting)."""
    return _with_stand_in(url_name, args, _SLUG)
