"""A list's row links built from one reversed URL are the URLs ``reverse`` gives each row."""

from django.urls import reverse

from spp.core.links import link_for_pk, link_for_slug


def test_a_row_link_by_id_is_the_reversed_url_for_every_id():
    link = link_for_pk("catalog:enrolment_detail")
    for pk in (1, 7, 2147483646, 10**12):
        assert link(pk) == reverse("catalog:enrolment_detail", args=[pk])


def test_a_row_link_takes_the_arguments_before_the_row_s_own():
    link = link_for_pk("catalog:person_qualifications", "voirie-voiron")
    assert link(42) == reverse("catalog:person_qualifications", args=["voirie-voiron", 42])


def test_a_row_link_by_slug_is_the_reversed_url_for_every_slug():
    link = link_for_slug("catalog:service_detail")
    for slug in ("voirie-voiron", "a", "slug-a-remplacer-2"):
        assert link(slug) == reverse("catalog:service_detail", args=[slug])
