"""Factories for report categories and reports."""

import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from spp.catalog.tests.factories import ServiceFactory
from spp.core.tests.factories import MembershipFactory, UserFactory
from spp.reports.models import Category, Report

VOIRON = (45.3647, 5.5897)


class ReportsServiceFactory(ServiceFactory):
    patterns = factory.LazyFunction(lambda: ["reports"])
    requires_approval = False


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    service = factory.SubFactory(ReportsServiceFactory)
    code = factory.Sequence(lambda n: f"categorie-{n}")
    name = factory.Sequence(lambda n: f"Nid-de-poule {n}")
    organisation = factory.LazyAttribute(lambda o: o.service.authority)
    team = "Voirie"
    target_days = 10


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    category = factory.SubFactory(CategoryFactory)
    service = factory.LazyAttribute(lambda o: o.category.service)
    latitude, longitude = VOIRON
    description = "Un trou profond au milieu de la chaussée."
    reporter = factory.SubFactory(UserFactory)


def agent_of(organisation, role="agent"):
    return MembershipFactory(organisation=organisation, role=role).user


def image_upload(name="trou.jpg", size=(2400, 1800), fmt="JPEG", exif=True):
    """A real image file, with EXIF (a GPS-like tag and an author) when ``exif``."""
    image = Image.new("RGB", size, (120, 80, 40))
    out = io.BytesIO()
    kwargs = {}
    if exif and fmt == "JPEG":
        data = Image.Exif()
        data[0x013B] = "Jean Secret"  # Artist
        data[0x0112] = 1  # Orientation
        kwargs["exif"] = data.tobytes()
    image.save(out, format=fmt, **kwargs)
    return SimpleUploadedFile(name, out.getvalue(), content_type=f"image/{fmt.lower()}")
