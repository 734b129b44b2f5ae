"""Erasing a person leaves nothing that names them: a person who used every part of the
platform is erased, then every text column of every table, every session and the cache are
searched for their address, names and phone (docs/privacy.md, "Erasure")."""

import pickle
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import models
from django.utils import timezone

from spp.catalog import services as catalog_services
from spp.catalog.models import Enrolment
from spp.catalog.tests.factories import EnrolmentFactory, QualificationFactory
from spp.core import services
from spp.core.models import AuditLogEntry, Notification, PersonSession
from spp.core.tests.factories import MembershipFactory, UserFactory
from spp.core.tests.personal_data_people import (
    consultations_of,
    expenses_of,
    reports_of,
    rosters_of,
)
from spp.expenses.models import PayoutAccount
from spp.impact.models import Attestation
from spp.rosters.models import Household, HouseholdMember, ShiftNeed

pytestmark = pytest.mark.django_db

FIRST, LAST = "Zéphyrine", "Quillebeuf"
EMAIL = "zephyrine.quillebeuf@exemple.fr"
PHONE = "06 98 76 54 32"
TRACES = [FIRST, LAST, EMAIL, PHONE, "0698765432"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _a_person_everywhere(client):
    person = UserFactory(first_name=FIRST, last_name=LAST, email=EMAIL, phone=PHONE)
    reports_of(person)
    consultations_of(person)
    rosters_of(person)
    ShiftNeed.objects.update(assigned_count=1)  # rosters_of places them past the services
    expenses_of(person)
    PayoutAccount.objects.create(user=person, holder_name=f"{FIRST} {LAST}",
                                 iban="FR7630006000011234567890189")
    # Staff acts about them, in the audit log and their notifications.
    enrolment = EnrolmentFactory(user=person, status=Enrolment.Status.PENDING)
    admin = MembershipFactory(organisation=enrolment.service.authority, role="admin").user
    catalog_services.enrolment_transition(actor=admin, enrolment=enrolment, action="refuse",
                                          reason=f"Pièce manquante, vu avec {FIRST}")
    QualificationFactory(user=person, evidence_reference=f"PSC1 {LAST} 2026")
    services.audit_record(actor=person, action="core.profile.update", target=person,
                          data={"email": EMAIL, "phone": PHONE})
    services.notification_send(recipient=admin, title=f"{FIRST} {LAST} a écrit",
                               body=f"Rappeler au {PHONE}.")
    Attestation.objects.create(code="ATT-ERASE-1", user=person, holder_name=f"{FIRST} {LAST}",
                               authority=enrolment.service.authority,
                               starts_on=date(2026, 1, 1), ends_on=date(2026, 6, 30),
                               total_hours=Decimal("3"), issued_at=timezone.now())
    # A household they share with someone who stays.
    household = HouseholdMember.objects.get(user=person).household
    HouseholdMember.objects.create(household=household, service=household.service,
                                   user=UserFactory())
    # Two signed-in browsers, one holding the address typed at login.
    client.force_login(person)
    session = client.session
    session["login_email"] = EMAIL
    session.save()
    other_browser = type(client)()
    other_browser.force_login(person)
    # A mistyped password: the sign-in throttle counts it in the cache, by the address.
    type(client)().post("/accounts/login/", {"login": EMAIL, "password": "pas le bon"})
    return person


def _text_fields(model):
    return [field for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField)]


def _traces_in_database() -> list[str]:
    found = []
    for model in apps.get_models():
        fields = _text_fields(model)
        if not fields:
            continue
        for row in model._base_manager.values_list(*[f.attname for f in fields]):
            for field, value in zip(fields, row, strict=True):
                text = str(value)
                found += [f"{model._meta.label}.{field.name}: {trace}"
                          for trace in TRACES if trace.lower() in text.lower()]
    return found


def _traces_in_sessions() -> list[str]:
    found = []
    for session in PersonSession.objects.all():
        text = str(session.get_decoded())
        found += [f"session {session.session_key}: {t}" for t in TRACES if t in text]
    return found


def _traces_in_cache() -> list[str]:
    stored = getattr(cache, "_cache", {})  # LocMemCache keeps pickles; DummyCache keeps none
    found = []
    for key, value in stored.items():
        text = key + (str(pickle.loads(value)) if isinstance(value, bytes) else str(value))
        found += [f"cache {key}: {t}" for t in TRACES if t in text]
    return found


def test_after_erasure_no_table_session_or_cached_value_names_the_person(client):
    person = _a_person_everywhere(client)
    assert _traces_in_database() and _traces_in_sessions()  # the search does find them

    services.user_erase(user=person)

    assert _traces_in_database() == []
    assert _traces_in_sessions() == []
    assert not PersonSession.objects.filter(user_id=person.pk).exists()
    assert _traces_in_cache() == []


def test_erasure_unlinks_what_serves_others_and_leaves_the_household(client):
    person = _a_person_everywhere(client)
    household = HouseholdMember.objects.get(user=person).household

    services.user_erase(user=person)

    assert not HouseholdMember.objects.filter(user=person).exists()
    assert Household.objects.filter(pk=household.pk).exists()  # its other member stays
    assert not Notification.objects.filter(recipient=person).exists()
    assert person.report_supports.count() == 0
    from spp.consultations.models import Proposal, Response
    from spp.reports.models import Report
    from spp.rosters.models import Assignment, AvailabilityWindow

    assert Report.objects.filter(reporter_erased_at__isnull=False).count() == 1
    assert not Report.objects.filter(reporter=person).exists()
    assert Response.objects.filter(user__isnull=True).count() == 1
    assert Proposal.objects.filter(title="Un composteur collectif", author=None).exists()
    assert not Assignment.objects.filter(user=person).exists()
    assert not AvailabilityWindow.objects.filter(user=person).exists()


def test_the_audit_entries_about_the_person_are_redacted_and_say_when(client):
    person = _a_person_everywhere(client)
    refusal = AuditLogEntry.objects.get(action="enrolment.refuse")
    assert FIRST in refusal.target_repr and FIRST in refusal.reason

    services.user_erase(user=person)

    refusal.refresh_from_db()
    person.refresh_from_db()
    assert refusal.redacted_at is not None
    assert person.public_name in refusal.target_repr
    assert refusal.reason == f"Pièce manquante, vu avec {person.public_name}"
    # What the entry records is unchanged: the act, its object, its author.
    assert (refusal.action, refusal.target_type) == ("enrolment.refuse", "catalog.enrolment")


def test_effacer_mon_compte_signs_the_person_out_of_every_browser(client):
    person = UserFactory(email=EMAIL)
    client.force_login(person)
    elsewhere = type(client)()
    elsewhere.force_login(person)
    assert PersonSession.objects.filter(user_id=person.pk).count() == 2

    response = client.post("/mon-profil/effacer/", {"confirm": "on"})

    assert response.status_code == 302
    assert not PersonSession.objects.filter(user_id=person.pk).exists()
    assert elsewhere.get("/mon-profil/").status_code == 302  # sent to sign in
