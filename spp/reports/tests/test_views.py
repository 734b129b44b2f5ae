"""The reports pages, through HTTP as a citizen or an agent would use them."""

import uuid

import pytest
from django.urls import reverse

from spp.core.tests.factories import TEST_PASSWORD, UserFactory
from spp.reports.models import Report
from spp.reports.tests.factories import (
    VOIRON,
    CategoryFactory,
    ReportFactory,
    agent_of,
    image_upload,
)

pytestmark = pytest.mark.django_db


def _post_report(client, category, **extra):
    data = {"category": category.pk, "latitude": VOIRON[0], "longitude": VOIRON[1],
            "description": "Grosse fissure sur le trottoir", "form_token": str(uuid.uuid4())}
    data.update(extra)
    return client.post(reverse("reports:report_new", args=[category.service.slug]), data)


def test_visitor_reports_with_a_photo_and_lands_on_the_follow_up_page(client):
    category = CategoryFactory()
    response = _post_report(client, category, email="passant@exemple.fr",
                            photos=[image_upload()])
    report = Report.objects.get()
    assert response.status_code == 302 and response.url == report.get_absolute_url()
    page = client.get(response.url)
    assert report.reference in page.text and "passant@exemple.fr" not in page.text
    assert report.photos.count() == 1


def test_same_form_token_twice_creates_one_report(client):
    category = CategoryFactory()
    token = str(uuid.uuid4())
    first = _post_report(client, category, email="a@exemple.fr", form_token=token)
    second = _post_report(client, category, email="a@exemple.fr", form_token=token)
    assert Report.objects.count() == 1 and first.url == second.url


def test_bad_input_keeps_what_was_typed(client):
    category = CategoryFactory()
    response = _post_report(client, category, email="a@exemple.fr", latitude="abc",
                            photos=[image_upload(name="x.jpg", fmt="PNG")])
    assert response.status_code == 200 and "Grosse fissure sur le trottoir" in response.text
    assert not Report.objects.exists()


def test_not_an_image_gets_a_form_message(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    category = CategoryFactory()
    fake = SimpleUploadedFile("trou.jpg", b"not an image", content_type="image/jpeg")
    response = _post_report(client, category, email="a@exemple.fr", photos=[fake])
    assert response.status_code == 200 and "image" in response.text
    assert "Grosse fissure" in response.text and not Report.objects.exists()


def test_signed_in_citizen_supports_once(client):
    report = ReportFactory()
    user = UserFactory()
    client.force_login(user)
    url = reverse("reports:report_support", args=[report.reference])
    client.post(url)
    client.post(url)
    report.refresh_from_db()
    assert report.support_count == 1


def test_map_json_is_capped_and_filtered(client):
    category = CategoryFactory()
    ReportFactory.create_batch(3, category=category)
    ReportFactory(category=category, status="resolved", resolution_round=1)
    url = reverse("reports:map_json", args=[category.service.slug])
    bbox = f"{VOIRON[0] - 0.01},{VOIRON[1] - 0.01},{VOIRON[0] + 0.01},{VOIRON[1] + 0.01}"
    data = client.get(url, {"bbox": bbox, "status": "open"}).json()
    assert len(data["reports"]) == 3 and data["truncated"] is False
    assert client.get(url, {"bbox": "1,2"}).status_code == 400


def test_the_map_shows_the_newest_reports_in_the_box_and_says_when_there_are_more():
    """The newest ids in the box are found first (an index walk), then only their rows read."""
    from datetime import timedelta

    from django.utils import timezone

    from spp.reports.selectors import report_map_viewport

    category = CategoryFactory()
    now = timezone.now()
    inside = [ReportFactory(category=category, created_at=now - timedelta(hours=hours))
              for hours in (3, 2, 1)]
    ReportFactory(category=category, latitude=VOIRON[0] + 0.5)  # the newest, outside the box
    bbox = (VOIRON[0] - 0.01, VOIRON[1] - 0.01, VOIRON[0] + 0.01, VOIRON[1] + 0.01)
    rows, more = report_map_viewport(service=category.service, bbox=bbox, cap=2)
    assert [row[0] for row in rows] == [inside[2].reference, inside[1].reference] and more
    assert rows[0][1:] == (VOIRON[0], VOIRON[1], "new", category.name)
    rows, more = report_map_viewport(service=category.service, bbox=bbox, cap=3)
    assert len(rows) == 3 and not more


def test_duplicates_json_offers_the_near_open_report(client):
    report = ReportFactory()
    url = reverse("reports:duplicates_json", args=[report.service.slug])
    data = client.get(url, {"category": report.category.pk, "lat": VOIRON[0],
                            "lon": VOIRON[1] + 0.0002}).json()
    assert [r["ref"] for r in data["reports"]] == [report.reference]


def test_queue_is_404_to_outsiders_and_lists_for_agents(client):
    report = ReportFactory()
    client.force_login(UserFactory())
    url = reverse("reports:service_manage", args=[report.service.slug])
    assert client.get(url).status_code == 404
    assert client.get(reverse("reports:report_handle", args=[report.reference])).status_code == 404
    client.force_login(agent_of(report.category.organisation))
    assert report.reference in client.get(url).text
    assert report.reference in client.get(url, {"status": "new", "sort": "newest"}).text


def test_agent_resolves_with_a_public_update_and_reporter_sees_it(client):
    report = ReportFactory()
    agent = agent_of(report.category.organisation)
    client.force_login(agent)
    action = reverse("reports:report_handle_action", args=[report.reference])
    client.post(action, {"form": "event", "body": "Note pour l’équipe"})
    client.post(action, {"form": "transition", "action": "resolve",
                         "note": "Trou rebouché ce matin"})
    report.refresh_from_db()
    assert report.status == "resolved"
    client.force_login(report.reporter)
    page = client.get(report.get_absolute_url()).text
    assert "Trou rebouché ce matin" in page and "Note pour l’équipe" not in page


def test_reject_without_reason_is_refused_with_a_message(client):
    report = ReportFactory()
    client.force_login(agent_of(report.category.organisation))
    action = reverse("reports:report_handle_action", args=[report.reference])
    response = client.post(action, {"form": "transition", "action": "reject"}, follow=True)
    report.refresh_from_db()
    assert report.status == "new" and "Expliquez" in response.text


def test_service_home_lists_and_filters(client):
    report = ReportFactory()
    ReportFactory(category=report.category, status="resolved", resolution_round=1,
                  description="Déjà réparé")
    url = reverse("reports:service_home", args=[report.service.slug])
    page = client.get(url, {"status": "open"}).text
    assert report.reference in page and "Déjà réparé" not in page


def test_service_home_names_each_row_and_filters_by_an_active_category_code(client):
    report = ReportFactory(description="x" * 200, support_count=2)
    retired = CategoryFactory(service=report.service, name="Ancienne catégorie",
                              is_active=False)
    old = ReportFactory(category=retired, support_count=1)
    url = reverse("reports:service_home", args=[report.service.slug])
    page = client.get(url).text
    assert f"Ancienne catégorie — {old.reference}" in page  # a retired category still names
    assert f'<option value="{retired.code}"' not in page  # but is no filter any more
    assert f"{report.category.name} — {report.reference}" in page
    assert "· 2 appuis</p>" in page and "· 1 appui</p>" in page
    assert "x" * 139 + "…" in page and "x" * 140 not in page
    page = client.get(url, {"category": report.category.code}).text
    assert report.reference in page and old.reference not in page
    assert f'<option value="{report.category.code}" selected>' in page
    assert report.reference not in client.get(url, {"category": "inconnue"}).text


def test_service_home_is_404_for_an_unknown_or_unpublished_service(client):
    report = ReportFactory()
    assert client.get(reverse("reports:service_home", args=["inconnu"])).status_code == 404
    report.service.is_published = False
    report.service.save(update_fields=["is_published"])
    url = reverse("reports:service_home", args=[report.service.slug])
    assert client.get(url).status_code == 404


def test_login_pages_need_no_password_prompt_for_public_pages(client):
    report = ReportFactory()
    assert client.get(report.get_absolute_url()).status_code == 200
    assert client.login(email=report.reporter.email, password=TEST_PASSWORD)


def test_web_form_asks_the_chosen_categorys_attributes(client):
    category = CategoryFactory(attributes=[
        {"code": "depth", "datatype": "singlevaluelist", "required": True, "variable": True,
         "description": "Profondeur", "order": 1,
         "values": [{"key": "small", "name": "< 5 cm"}, {"key": "deep", "name": "> 5 cm"}]}])
    page = client.get(reverse("reports:report_new", args=[category.service.slug])).text
    assert "Profondeur" in page
    missing = _post_report(client, category, email="a@exemple.fr")
    assert missing.status_code == 200 and "Profondeur" in missing.text
    assert "Grosse fissure" in missing.text and not Report.objects.exists()
    _post_report(client, category, email="a@exemple.fr", **{f"c{category.pk}_depth": "deep"})
    assert Report.objects.get().attribute_values == {"depth": "deep"}


def test_coordinator_sets_a_category_target_and_agents_cannot(client):
    category = CategoryFactory(target_days=10)
    url = reverse("reports:categories_manage", args=[category.service.slug])
    client.force_login(agent_of(category.organisation))
    assert client.post(url, {"category": category.pk, "target_days": 3}).status_code == 403
    client.force_login(agent_of(category.organisation, role="coordinator"))
    client.post(url, {"category": category.pk, "target_days": 3})
    category.refresh_from_db()
    assert category.target_days == 3


def test_queue_filters_keep_their_values_and_a_bad_area_gets_a_message(client):
    report = ReportFactory()
    client.force_login(agent_of(report.category.organisation))
    url = reverse("reports:service_manage", args=[report.service.slug])
    page = client.get(url, {"status": "new", "category": report.category.pk,
                            "sort": "newest"}).text
    assert '<option value="new" selected>' in page
    assert f'<option value="{report.category.pk}" selected>' in page
    assert '<option value="newest" selected>' in page and report.reference in page
    page = client.get(url, {"bbox": "nord"}).text
    assert "Quatre nombres" in page and 'value="nord"' in page
    page = client.get(url, {"bbox": "sud"}).text  # another invalid area: not the copy above
    assert "Quatre nombres" in page and 'value="sud"' in page and 'value="nord"' not in page


def test_the_category_settings_link_shows_only_to_agents_who_may_use_it(client):
    report = ReportFactory()
    url = reverse("reports:service_manage", args=[report.service.slug])
    settings_link = reverse("reports:categories_manage", args=[report.service.slug])
    client.force_login(agent_of(report.category.organisation))
    assert settings_link not in client.get(url).text
    client.force_login(agent_of(report.category.organisation, role="coordinator"))
    assert settings_link in client.get(url).text  # same queue, its own copy


def test_queue_shows_the_filing_date_in_the_french_short_format(client):
    from datetime import datetime

    from django.utils import timezone

    report = ReportFactory(created_at=timezone.make_aware(datetime(2026, 3, 5, 16, 7)),
                           target_date=datetime(2026, 3, 15).date())
    client.force_login(agent_of(report.category.organisation))
    page = client.get(reverse("reports:service_manage", args=[report.service.slug])).text
    # (the target date, long past, is followed by the "late" badge)
    assert ('<td data-label="Déposé le">05/03/2026 16:07</td>'
            '<td data-label="Date cible">15/03/2026 ') in page


def test_queue_shows_a_renamed_or_rerouted_category_at_once(
        client, django_capture_on_commit_callbacks):
    from spp.core.tests.factories import OperatorFactory

    report = ReportFactory()
    category = report.category
    client.force_login(agent_of(category.organisation))
    url = reverse("reports:service_manage", args=[report.service.slug])
    assert report.reference in client.get(url).text
    operator = OperatorFactory()
    report.service.operator = operator
    report.service.save(update_fields=["operator"])
    operator_agent = agent_of(operator)
    with django_capture_on_commit_callbacks(execute=True):
        category.name = "Chaussée déformée"
        category.organisation = operator
        category.save()
    assert "Chaussée déformée" in client.get(url).text
    client.force_login(operator_agent)
    assert report.reference in client.get(url).text


def test_map_json_filters_by_category_code_and_names_each_category(client):
    pothole = CategoryFactory(name="Nid-de-poule")
    marking = CategoryFactory(service=pothole.service, name="Marquage effacé")
    mine = ReportFactory(category=pothole)
    ReportFactory(category=marking)
    url = reverse("reports:map_json", args=[pothole.service.slug])
    bbox = f"{VOIRON[0] - 0.01},{VOIRON[1] - 0.01},{VOIRON[0] + 0.01},{VOIRON[1] + 0.01}"
    data = client.get(url, {"bbox": bbox, "category": pothole.code}).json()
    assert [(r["ref"], r["category"]) for r in data["reports"]] == [(mine.reference,
                                                                     "Nid-de-poule")]
    assert client.get(url, {"bbox": bbox, "category": "inconnue"}).json()["reports"] == []
    everything = client.get(url, {"bbox": bbox}).json()["reports"]
    assert {r["category"] for r in everything} == {"Nid-de-poule", "Marquage effacé"}
