"""The proposal list's cards, formatted in Python once per page: on a page of 20 cards the
template's tags and filters per card (a link, a name, a date, two plural forms) cost more than
the query that reads them. The texts are those the tags wrote (tests/test_page_texts.py)."""

from django.contrib.auth import get_user_model
from django.utils.dates import MONTHS
from django.utils.timezone import get_current_timezone
from django.utils.translation import gettext, ngettext

from spp.consultations.selectors.proposals import EXCERPT
from spp.core.links import link_for_pk


def author_public_name(author_id: int | None, first_name: str) -> str | None:
    """``User.public_name`` from a row's two columns (None for a deleted author): the first
    name, or the stable pseudonym the model computes from the id alone."""
    if first_name:
        return first_name
    return None if author_id is None else get_user_model()(pk=author_id).public_name


def day_formatter():
    """A function formatting an aware datetime as ``{{ value|date:"j F Y" }}`` would, in the
    active language and time zone ("6 décembre 2026"), for many rows: the month names are
    translated once per call of this function, not once per row."""
    zone, months = get_current_timezone(), {n: str(name) for n, name in MONTHS.items()}

    def day(value) -> str:
        local = value.astimezone(zone)
        return f"{local.day} {months[local.month]} {local.year}"

    return day


def proposal_cards(rows, consultation) -> list[dict]:
    """The rows of a list page (``proposals_published``) with what each card shows: its link,
    the line under its title (author's public name, day, supports and comments in words) and
    the excerpt with its ellipsis when the text goes on."""
    link = link_for_pk("consultations:proposal", consultation.slug)  # reversed once a page
    day, anonymous = day_formatter(), gettext("Anonyme")
    supports = _once_per_number(
        lambda n: ngettext("%(n)s soutien", "%(n)s soutiens", n) % {"n": n})
    comments = _once_per_number(
        lambda n: ngettext("%(n)s commentaire", "%(n)s commentaires", n) % {"n": n})
    return [{
        **row,
        "url": link(row["id"]),
        "meta": " · ".join((
            author_public_name(row["author_id"], row["author__first_name"]) or anonymous,
            day(row["created_at"]), supports(row["support_count"]),
            comments(row["comment_count"]))),
        "excerpt": row["excerpt"] + ("…" if len(row["excerpt"]) >= EXCERPT else ""),
    } for row in rows]


def _once_per_number(in_words):
    """``in_words(n)``, computed once per number for the page being built: on a list many
    proposals share their number of supports or comments."""
    labels: dict[int, str] = {}

    def label(n: int) -> str:
        if n not in labels:
            labels[n] = in_words(n)
        return labels[n]

    return label
