""""Mes données" on a phone: the person asks for their data, the page says it is ready, with
the link to download it; the section is accessible and fits a 360 px screen."""

import pytest

from spp.core.testing.browser import assert_accessible, assert_fits_a_phone, login
from spp.core.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_person_prepares_their_data_on_a_phone_and_finds_the_download(phone_page):
    user = UserFactory()
    login(phone_page, user.email, TEST_PASSWORD)
    phone_page.goto("/mon-profil/")
    phone_page.get_by_role("button", name="Préparer mes données").click()
    phone_page.wait_for_load_state()
    # The tests run tasks at once: the archive is ready when the page comes back.
    download = phone_page.get_by_role("link", name="Télécharger mes données (ZIP)")
    assert download.is_visible()
    assert "prête" in phone_page.locator("#mes-donnees + p + p").inner_text()
    assert_accessible(phone_page)
    assert_fits_a_phone(phone_page)
