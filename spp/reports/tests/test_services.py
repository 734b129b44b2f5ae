"""Behaviour of the reports services: routing, duplicates, statuses, notifications, ledger."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from spp.catalog.models import Participation
from spp.core.models import Commune, Notification
from spp.core.tests.factories import OperatorFactory, UserFactory
from spp.reports import selectors, services
from spp.reports.models import Report
from spp.reports.tests.factories import (
    VOIRON,
    CategoryFactory,
    ReportFactory,
    agent_of,
    image_upload,
)

pytestmark = pytest.mark.django_db


def _create(category, actor=None, **kwargs):
    kwargs.setdefault("latitude", VOIRON[0])
    kwargs.setdefault("longitude", VOIRON[1])
    kwargs.setdefault("description", "Nid-de-poule devant l’école")
    return services.report_create(actor=actor or UserFactory(), service=category.service,
                                  category=category, **kwargs)


def test_signed_in_report_gets_reference_target_date_and_ledger_row():
    category = CategoryFactory(target_days=7)
    user = UserFactory()
    report = _create(category, user)
    assert report.reference.startswith("SIG-") and report.status == "new"
    assert (report.target_date - report.created_at.date()).days == 7
    row = Participation.objects.get(user=user)
    assert row.kind == "report" and row.source_key == f"reports.report:{report.pk}"


def test_visitor_must_give_email_and_gets_no_ledger_row():
    category = CategoryFactory()
    with pytest.raises(ValidationError) as error:
        _create(category, AnonymousUser())
    assert "email" in error.value.message_dict
    report = _create(category, AnonymousUser(), email="Passant@Exemple.fr")
    assert report.reporter_email == "passant@exemple.fr"
    assert not Participation.objects.exists()


def test_category_of_another_service_is_refused():
    category, other = CategoryFactory(), CategoryFactory()
    with pytest.raises(ValidationError) as error:
        services.report_create(actor=UserFactory(), service=category.service, category=other,
                               latitude=VOIRON[0], longitude=VOIRON[1], description="x")
    assert "category" in error.value.message_dict


def test_point_outside_the_communes_boundary_is_refused():
    commune = Commune.objects.create(
        insee="38999", name="Carré", departement="38", latitude=45.0, longitude=5.0,
        boundary={"type": "Polygon", "coordinates": [[[4.9, 44.9], [5.1, 44.9], [5.1, 45.1],
                                                       [4.9, 45.1], [4.9, 44.9]]]})
    category = CategoryFactory()
    category.service.communes.add(commune)
    assert _create(category, latitude=45.0, longitude=5.0).pk
    with pytest.raises(ValidationError) as error:
        _create(category, latitude=45.3, longitude=5.0)
    assert "latitude" in error.value.message_dict


def test_photos_are_resized_and_stripped_of_metadata():
    report = _create(CategoryFactory(), uploads=[image_upload()])
    photo = report.photos.get()
    with Image.open(photo.image.path) as image:
        assert max(image.size) == 1600 and image.format == "JPEG"
        assert not image.getexif() and "exif" not in image.info


def test_a_file_that_is_not_an_image_is_refused():
    fake = SimpleUploadedFile("trou.jpg", b"%PDF-1.4 pas une image", content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        _create(CategoryFactory(), uploads=[fake])
    assert "photos" in error.value.message_dict and not Report.objects.exists()


def test_too_large_photo_and_fourth_photo_are_refused(settings):
    settings.REPORTS_PHOTO_MAX_BYTES = 1000
    with pytest.raises(ValidationError):
        _create(CategoryFactory(), uploads=[image_upload()])
    settings.REPORTS_PHOTO_MAX_BYTES = 10**7
    with pytest.raises(ValidationError):
        _create(CategoryFactory(), uploads=[image_upload(size=(10, 10)) for _ in range(4)])


def test_required_attribute_is_enforced():
    category = CategoryFactory(attributes=[
        {"code": "depth", "datatype": "singlevaluelist", "required": True, "variable": True,
         "description": "Profondeur", "order": 1,
         "values": [{"key": "small", "name": "< 5 cm"}, {"key": "deep", "name": "> 5 cm"}]}])
    with pytest.raises(ValidationError) as error:
        _create(category)
    assert "attributes" in error.value.message_dict
    assert _create(category, attribute_values={"depth": "deep"}).attribute_values == {
        "depth": "deep"}


def test_duplicates_are_same_category_open_and_within_the_radius():
    category = CategoryFactory()
    near = ReportFactory(category=category, latitude=VOIRON[0] + 0.0001, longitude=VOIRON[1])
    ReportFactory(category=category, latitude=VOIRON[0] + 0.001, longitude=VOIRON[1])  # 111 m
    ReportFactory(category=category, status="resolved")
    ReportFactory(category=CategoryFactory(service=category.service))  # other category
    found = selectors.report_near_duplicates(category=category, latitude=VOIRON[0],
                                             longitude=VOIRON[1], radius_m=30)
    assert found == [near] and found[0].distance_m == 11


def test_supporting_counts_a_person_once_and_writes_the_ledger():
    report = ReportFactory()
    user = UserFactory()
    _supporter, created = services.report_support(actor=user, report=report)
    _again, created_again = services.report_support(actor=user, report=report)
    report.refresh_from_db()
    assert created and not created_again and report.support_count == 1
    assert Participation.objects.filter(user=user, kind="report_support").count() == 1
    services.report_support(actor=AnonymousUser(), report=report, email="a@exemple.fr")
    services.report_support(actor=AnonymousUser(), report=report, email="A@exemple.fr")
    report.refresh_from_db()
    assert report.support_count == 2


def test_routing_operator_agent_handles_only_routed_categories():
    routed = CategoryFactory(organisation=OperatorFactory())
    other = CategoryFactory(service=routed.service)
    operator_agent = agent_of(routed.organisation)
    authority_agent = agent_of(routed.service.authority)
    mine, theirs = ReportFactory(category=routed), ReportFactory(category=other)
    rows, _more = selectors.report_queue(user=operator_agent, service=routed.service)
    assert [row["reference"] for row in rows] == [mine.reference]
    rows, _more = selectors.report_queue(user=authority_agent, service=routed.service)
    assert {row["reference"] for row in rows} == {mine.reference, theirs.reference}
    with pytest.raises(PermissionDenied):
        services.report_transition(actor=operator_agent, report=theirs, action="acknowledge")


def test_status_changes_follow_the_workflow_and_notify_reporter_and_supporters(
        mailoutbox, django_capture_on_commit_callbacks):
    report = ReportFactory(reporter=UserFactory())
    supporter = UserFactory()
    services.report_support(actor=supporter, report=report)
    services.report_support(actor=AnonymousUser(), report=report, email="voisin@exemple.fr")
    agent = agent_of(report.category.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_transition(actor=agent, report=report, action="acknowledge")
    assert Notification.objects.filter(recipient=report.reporter).count() == 1
    assert Notification.objects.filter(recipient=supporter).count() == 1
    assert any("voisin@exemple.fr" in m.to for m in mailoutbox)
    with pytest.raises(ValidationError):
        services.report_transition(actor=agent, report=report, action="acknowledge")
    with pytest.raises(ValidationError):
        services.report_transition(actor=agent, report=report, action="reject")  # no reason
    report = services.report_transition(actor=agent, report=report, action="resolve")
    assert report.status == "resolved" and report.resolution_round == 1
    assert list(report.events.values_list("kind", flat=True)) == [
        "support", "support", "status", "status"]


def test_duplicate_needs_the_original():
    original, copy = ReportFactory(), None
    copy = ReportFactory(category=original.category)
    agent = agent_of(original.category.organisation)
    with pytest.raises(ValidationError):
        services.report_transition(actor=agent, report=copy, action="mark_duplicate")
    copy = services.report_transition(actor=agent, report=copy, action="mark_duplicate",
                                      duplicate_of=original)
    assert copy.status == "duplicate" and copy.duplicate_of == original


def test_still_there_reopens_with_the_note_and_fixed_writes_the_ledger():
    report = ReportFactory(status="resolved", resolution_round=1)
    citizen = UserFactory()
    services.report_confirm(actor=citizen, report=report, outcome="still_there",
                            note="Le trou s’est rouvert")
    report.refresh_from_db()
    assert report.status == "acknowledged"
    assert report.events.filter(kind="status", body="Le trou s’est rouvert").exists()
    assert Participation.objects.filter(user=citizen, kind="report_confirmation").count() == 1
    with pytest.raises(ValidationError):
        services.report_confirm(actor=citizen, report=report, outcome="fixed")


def test_internal_notes_are_not_public():
    report = ReportFactory()
    agent = agent_of(report.category.organisation)
    services.report_add_event(actor=agent, report=report, body="Équipe passée", public=True)
    services.report_add_event(actor=agent, report=report, body="Appeler le sous-traitant",
                              public=False)
    public = selectors.report_events_for(report, include_internal=False)
    assert [e.body for e in public] == ["Équipe passée"]
    with pytest.raises(PermissionDenied):
        services.report_add_event(actor=UserFactory(), report=report, body="x", public=True)


def test_a_category_routes_only_to_the_services_authority_or_operator():
    from spp.core.tests.factories import OrganisationFactory

    category = CategoryFactory()
    category.organisation = OrganisationFactory()
    with pytest.raises(ValidationError) as error:
        category.full_clean()
    assert "organisation" in error.value.message_dict
    category.organisation = category.service.authority
    category.attributes = [{"code": "x", "datatype": "couleur"}]
    with pytest.raises(ValidationError):
        category.full_clean()
