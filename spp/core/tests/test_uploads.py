"""Every upload is bounded, read by its content and stored as we made it (spp/core/uploads.py):
logos through the branding page, and the shared check that report photos and receipts use."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from spp.core.models import Organisation
from spp.core.tests.factories import MembershipFactory
from spp.core.uploads import LOGO, RECEIPT, REPORT_PHOTO, clean_upload

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
GPS_IFD = 0x8825


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _image(fmt="JPEG", size=(300, 200), mode="RGB", colour=(10, 90, 160), **options):
    out = io.BytesIO()
    Image.new(mode, size, colour).save(out, format=fmt, **options)
    return out.getvalue()


def _jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x013B] = "Jean Secret"  # Artist
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2] = "N", (45.0, 21.0, 54.0)  # latitude 45° 21′ 54″ N: the author's garden
    return _image(exif=exif.tobytes())


def _gif_html_polyglot() -> bytes:
    """A real GIF whose comment and trailing bytes are an HTML page: a browser told to sniff
    it, or served it as text/html, would run the script."""
    return _image("GIF", mode="P", colour=3, comment=HTML) + HTML


def _post_logo(client, content: bytes, name="logo.jpg"):
    membership = MembershipFactory(role="admin")
    organisation = membership.organisation
    client.force_login(membership.user)
    response = client.post(f"/gestion/organisations/{organisation.slug}/identite/", {
        "primary_colour": "#004d40", "accent_colour": "#b3261e",
        "logo": SimpleUploadedFile(name, content)})
    return response, Organisation.objects.get(pk=organisation.pk)


def _stored(organisation) -> bytes:
    with organisation.logo.open("rb") as stored:
        return stored.read()


@pytest.mark.django_db
def test_a_logo_over_the_bound_is_refused_with_its_size_and_nothing_is_stored(client):
    huge = _image("PNG") + b"\0" * int(31.5 * 1024 * 1024)  # 31.5 MB
    response, organisation = _post_logo(client, huge, "logo.png")
    page = response.content.decode()
    assert response.status_code == 200
    assert "« logo.png » pèse 31,5 Mo : le maximum est 2,0 Mo." in page
    assert not organisation.logo


@pytest.mark.django_db
def test_a_jpeg_logo_with_a_gps_position_is_stored_as_a_png_without_any_metadata(client):
    sent = _jpeg_with_gps()
    with Image.open(io.BytesIO(sent)) as original:
        assert original.getexif().get_ifd(GPS_IFD)  # the position really was there
    response, organisation = _post_logo(client, sent)
    assert response.status_code == 302, response.context["form"].errors
    assert organisation.logo.name == f"organisations/logos/{organisation.slug}.png"
    stored = _stored(organisation)
    with Image.open(io.BytesIO(stored)) as kept:
        assert kept.format == "PNG" and kept.size == (300, 200)
        assert not kept.getexif() and "exif" not in kept.info
    assert b"Jean Secret" not in stored


@pytest.mark.django_db
def test_a_gif_html_polyglot_logo_is_reencoded_and_keeps_no_html(client):
    response, organisation = _post_logo(client, _gif_html_polyglot(), "logo.gif")
    assert response.status_code == 302
    stored = _stored(organisation)
    assert stored.startswith(b"\x89PNG") and b"<script" not in stored and b"<html" not in stored


@pytest.mark.django_db
def test_a_logo_that_is_not_an_image_is_refused_on_its_field(client):
    response, organisation = _post_logo(client, HTML, "logo.png")
    assert response.status_code == 200
    assert "« logo.png » n’est pas une image lisible (JPEG, PNG, WebP ou GIF)." in (
        response.context["form"].errors["logo"])
    assert not organisation.logo


def test_a_transparent_logo_keeps_its_transparency():
    sent = SimpleUploadedFile("logo.png", _image("PNG", mode="RGBA", colour=(0, 0, 0, 0)))
    with Image.open(clean_upload(sent, LOGO)) as kept:
        assert kept.mode == "RGBA" and kept.getpixel((0, 0))[3] == 0


def test_a_large_logo_is_shrunk_to_the_bound_side():
    sent = SimpleUploadedFile("logo.png", _image("PNG", size=(4000, 1000)))
    with Image.open(clean_upload(sent, LOGO)) as kept:
        assert kept.size == (1000, 250)


def test_a_pdf_is_refused_where_only_images_are_taken():
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
    for kind in (LOGO, REPORT_PHOTO):
        with pytest.raises(ValidationError, match="est un PDF : envoyez une image"):
            clean_upload(SimpleUploadedFile("plan.pdf", pdf), kind)


def test_a_gif_html_polyglot_photo_or_receipt_comes_out_a_jpeg_without_html():
    for kind in (REPORT_PHOTO, RECEIPT):
        kept = clean_upload(SimpleUploadedFile("photo.gif", _gif_html_polyglot()), kind)
        content = kept.read()
        assert content.startswith(b"\xff\xd8") and b"<script" not in content
        assert kept.name.endswith(".jpg")


def test_a_receipt_that_starts_like_a_pdf_but_is_an_html_page_is_refused():
    fake = b"%PDF-1.4\n" + HTML + b"\n%%EOF\n"
    with pytest.raises(ValidationError, match="PDF incomplet ou abîmé"):
        clean_upload(SimpleUploadedFile("recu.pdf", fake), RECEIPT)


def test_a_receipt_named_pdf_that_is_not_one_is_refused():
    with pytest.raises(ValidationError, match="n’est pas un vrai PDF"):
        clean_upload(SimpleUploadedFile("recu.pdf", HTML), RECEIPT)


def test_a_whole_plain_pdf_receipt_is_kept_as_sent():
    pdf = (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\nxref\n0 1\n"
           b"trailer\n<< /Root 1 0 R >>\nstartxref\n9\n%%EOF\n")
    kept = clean_upload(SimpleUploadedFile("ticket.pdf", pdf), RECEIPT)
    assert kept.read() == pdf and kept.name == "recu.pdf"


def test_a_receipt_over_its_bound_is_refused_with_the_bound(settings):
    settings.EXPENSES_RECEIPT_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("ticket.jpg", _image() + b"\0" * 2 * 1024 * 1024)
    with pytest.raises(ValidationError, match="le maximum est 1,0 Mo"):
        clean_upload(big, RECEIPT)


def test_a_bmp_is_not_among_the_formats_taken():
    with pytest.raises(ValidationError, match="n’est pas une image lisible"):
        clean_upload(SimpleUploadedFile("logo.bmp", _image("BMP")), LOGO)
