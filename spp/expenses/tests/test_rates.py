"""Rate computations on examples worked out by hand from the official texts, with the tables
as the data migration seeds them (read through ``rate_table_in_force``, as the services do).

Texts (figures for metropolitan France):
- A3J06: arrêté du 3 juillet 2006 fixant les taux des indemnités kilométriques, modifié par
  l'arrêté du 14 mars 2022: cars ≤ 5 CV 0,32 / 0,40 / 0,23 €; 6-7 CV 0,41 / 0,51 / 0,30 €;
  ≥ 8 CV 0,45 / 0,55 / 0,32 € (up to 2 000 km / 2 001 to 10 000 km / beyond 10 000 km);
  motorcycle > 125 cm³ 0,15 €.
- A27M23: arrêté du 27 mars 2023 (salaried people's scale, income of 2022, carried over to
  2025), 5 CV: d × 0,636 up to 5 000 km, d × 0,357 + 1 395 to 20 000 km, d × 0,427 beyond;
  3 CV and less: d × 0,529 up to 5 000 km; +20 % for electric vehicles.
- A26S23 / A17N25: arrêtés du 26 septembre 2023 (from 1 October 2023) and du 17 novembre 2025
  (from 1 December 2025): officers 12,96 → 13,11 €, NCOs 10,43 → 10,55 €, corporals
  9,24 → 9,35 €, sappers 8,61 → 8,71 € an hour.
- D2012: décret n° 2012-492 du 16 avril 2012, art. 3: time from the alert to leaving the
  centre; +50 % Sundays and public holidays, +100 % from 22:00 to 07:00, not cumulated."""

import importlib
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError

from spp.catalog.tests.factories import QualificationFactory, QualificationTypeFactory
from spp.core.tests.factories import UserFactory
from spp.expenses import rates
from spp.expenses.models import Claim, ClaimLine, CostCategory, PaymentExport, Policy, RateTable
from spp.expenses.selectors.rates import (
    mileage_already_paid_km,
    rate_table_in_force,
    spv_rate_for,
)
from spp.expenses.tests.factories import ClaimFactory, ParticipationFactory, PolicyFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
JOURNEY_DAY = date(2025, 6, 2)


def agent_km(vehicle, before, km, **kwargs):
    table = rate_table_in_force(RateTable.Kind.AGENT_MILEAGE, JOURNEY_DAY)
    return rates.mileage_amount(table, vehicle, Decimal(before), Decimal(km), **kwargs)


def tax_km(vehicle, before, km, **kwargs):
    table = rate_table_in_force(RateTable.Kind.TAX_MILEAGE, JOURNEY_DAY)
    return rates.mileage_amount(table, vehicle, Decimal(before), Decimal(km), **kwargs)


def at(year, month, day, hour, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


def spv(grade_code, start, end):
    """The allowance with the table in force on the start's day, for the given grade."""
    table = rate_table_in_force(RateTable.Kind.SPV_HOURLY, start.astimezone(PARIS).date())
    hourly = table.hourly_rates.get(qualification_code=grade_code)
    return rates.spv_allowance(table, hourly, start, end)


SAPPER, CORPORAL, OFFICER = "spv-fi", "spv-caporal", "spv-officier"


# Public agents' mileage allowances (per band) -----------------------------------------------


def test_a_journey_ending_exactly_at_2000_km_is_all_paid_at_the_first_band():
    """A3J06, 5 CV: 1 950 km already paid, 50 km more end at 2 000 km, still "jusqu'à
    2 000 km": 50 × 0,32 = 16,00 €. The next 10 km are in the second band: 10 × 0,40 = 4,00 €."""
    assert agent_km("5cv_et_moins", 1950, 50).amount == Decimal("16.00")
    assert agent_km("5cv_et_moins", 2000, 10).amount == Decimal("4.00")


def test_a_journey_straddling_2000_km_is_split_between_the_bands():
    """A3J06, 5 CV: from 1 990 to 2 010 km: 10 × 0,32 + 10 × 0,40 = 3,20 + 4,00 = 7,20 €."""
    priced = agent_km("5cv_et_moins", 1990, 20)
    assert priced.amount == Decimal("7.20")
    assert "10 km × 0,32 €" in priced.computation
    assert "10 km × 0,40 €" in priced.computation


def test_a_journey_straddling_10000_km_is_split_between_the_bands():
    """A3J06, 6-7 CV: from 9 985 to 10 015 km: 15 × 0,51 + 15 × 0,30 = 7,65 + 4,50 = 12,15 €."""
    assert agent_km("6_7cv", 9985, 30).amount == Decimal("12.15")


def test_the_agents_table_has_no_electric_increase():
    """A3J06 has no increase for electric cars: 8 CV, first 100 km: 100 × 0,45 = 45,00 €."""
    priced = agent_km("8cv_et_plus", 0, 100, electric=True)
    assert priced.amount == Decimal("45.00")
    assert "ne prévoit pas de majoration" in priced.computation


def test_a_motorcycle_has_one_rate_whatever_the_distance():
    """A3J06 art. 2: motorcycle over 125 cm³, 0,15 €/km at any distance: 80 × 0,15 = 12,00 €."""
    assert agent_km("moto_125", 12000, 80).amount == Decimal("12.00")


def test_the_computation_names_the_text_and_its_address():
    priced = agent_km("5cv_et_moins", 0, 10)
    assert "Arrêté du 3 juillet 2006" in priced.computation
    assert "legifrance.gouv.fr" in priced.computation
    assert "3,20" in priced.computation


def test_a_vehicle_missing_from_the_table_is_refused():
    with pytest.raises(ValidationError):
        agent_km("4cv", 0, 10)  # the tax scale's class, not the agents'


# Tax scale (whole distance) -----------------------------------------------------------------


def test_the_tax_scale_at_exactly_5000_km_uses_the_first_bracket():
    """A27M23, 5 CV: f(5 000) = 5 000 × 0,636 = 3 180; f(4 900) = 4 900 × 0,636 = 3 116,40;
    the journey of 100 km is worth 3 180 − 3 116,40 = 63,60 €."""
    assert tax_km("5cv", 4900, 100).amount == Decimal("63.60")


def test_the_tax_scale_at_5001_km_switches_to_the_second_bracket():
    """A27M23, 5 CV: f(5 001) = 5 001 × 0,357 + 1 395 = 3 180,357; f(4 990) = 4 990 × 0,636
    = 3 173,64; 11 km are worth 6,717 → 6,72 €."""
    priced = tax_km("5cv", 4990, 11)
    assert priced.amount == Decimal("6.72")
    assert "5\u00a0001 × 0,357 + 1\u00a0395" in priced.computation


def test_the_tax_scale_at_and_across_20000_km():
    """A27M23, 5 CV: up to 20 000 km: f(20 000) = 20 000 × 0,357 + 1 395 = 8 535;
    f(19 950) = 19 950 × 0,357 + 1 395 = 8 517,15; 50 km are worth 17,85 €.
    Across: f(20 010) = 20 010 × 0,427 = 8 544,27; f(19 990) = 19 990 × 0,357 + 1 395
    = 8 531,43; 20 km are worth 12,84 €."""
    assert tax_km("5cv", 19950, 50).amount == Decimal("17.85")
    assert tax_km("5cv", 19990, 20).amount == Decimal("12.84")


def test_an_electric_car_gets_20_percent_more_on_the_tax_scale():
    """A27M23, 5 CV, first 100 km: 100 × 0,636 = 63,60 €, electric × 1,2 = 76,32 €; across
    5 000 km: 6,717 × 1,2 = 8,0604 → 8,06 €."""
    assert tax_km("5cv", 0, 100, electric=True).amount == Decimal("76.32")
    assert tax_km("5cv", 4990, 11, electric=True).amount == Decimal("8.06")


def test_the_first_journey_of_the_year_on_the_tax_scale():
    """A27M23, 3 CV and less: f(40) − f(0) = 40 × 0,529 = 21,16 €."""
    assert tax_km("3cv_et_moins", 0, 40).amount == Decimal("21.16")


# Volunteer firefighters' hourly allowances ----------------------------------------------------


def test_a_weekday_evening_across_22_00_is_doubled_from_22_00():
    """A17N25 + D2012, sapper 8,71 €/h, Tuesday 9 December 2025 21:00-23:00:
    1 h × 8,71 + 1 h × 8,71 × 2 = 8,71 + 17,42 = 26,13 €."""
    assert spv(SAPPER, at(2025, 12, 9, 21), at(2025, 12, 9, 23)).amount == Decimal("26.13")


def test_a_morning_across_07_00_is_doubled_until_07_00():
    """A17N25 + D2012, sapper, Wednesday 10 December 2025 06:30-08:00:
    0,5 h × 8,71 × 2 + 1 h × 8,71 = 8,71 + 8,71 = 17,42 €."""
    assert spv(SAPPER, at(2025, 12, 10, 6, 30), at(2025, 12, 10, 8)).amount == Decimal("17.42")


def test_a_sunday_night_hour_is_increased_by_100_percent_not_150():
    """A17N25 + D2012 (increases not cumulated), sapper, Sunday 14 December 2025 02:00-04:00:
    2 h × 8,71 × 2 = 34,84 € (not × 2,5 = 43,55 €). Sunday 21:00-23:00: 1 h × 8,71 × 1,5
    + 1 h × 8,71 × 2 = 13,065 + 17,42 = 30,485 → 30,49 € (half up)."""
    night = spv(SAPPER, at(2025, 12, 14, 2), at(2025, 12, 14, 4))
    assert night.amount == Decimal("34.84")
    assert "non cumulables" in night.computation
    assert spv(SAPPER, at(2025, 12, 14, 21), at(2025, 12, 14, 23)).amount == Decimal("30.49")


def test_a_public_holiday_is_increased_by_50_percent():
    """A26S23 (in force on 14 July 2025) + D2012, sapper 8,61 €/h, Monday 14 July 2025
    10:00-13:00: 3 h × 8,61 × 1,5 = 38,745 → 38,75 €."""
    priced = spv(SAPPER, at(2025, 7, 14, 10), at(2025, 7, 14, 13))
    assert priced.amount == Decimal("38.75")
    assert "Fête nationale" in priced.computation


def test_easter_monday_is_a_public_holiday():
    """A17N25 + D2012, sapper, Easter Monday 6 April 2026 14:00-16:30:
    2,5 h × 8,71 × 1,5 = 32,6625 → 32,66 €."""
    assert spv(SAPPER, at(2026, 4, 6, 14), at(2026, 4, 6, 16, 30)).amount == Decimal("32.66")


def test_a_shift_across_midnight_into_a_sunday_is_cut_at_each_boundary():
    """A17N25 + D2012, corporal 9,35 €/h, Saturday 13 December 2025 20:00 to Sunday 09:00:
    Sat 20-22 h: 2 × 9,35 = 18,70; Sat 22-24 h: 2 × 9,35 × 2 = 37,40; Sun 0-7 h (night beats
    Sunday): 7 × 9,35 × 2 = 130,90; Sun 7-9 h: 2 × 9,35 × 1,5 = 28,05; total 215,05 €."""
    priced = spv(CORPORAL, at(2025, 12, 13, 20), at(2025, 12, 14, 9))
    assert priced.amount == Decimal("215.05")
    assert priced.computation.count(" au ") >= 4


def test_time_is_counted_exactly_not_by_started_hour():
    """D2012 art. 3 counts the time spent, with no rounding: officer 13,11 €/h, Tuesday
    9 December 2025 10:00-10:20: 13,11 / 3 = 4,37 €."""
    assert spv(OFFICER, at(2025, 12, 9, 10), at(2025, 12, 9, 10, 20)).amount == Decimal("4.37")


def test_times_given_in_utc_are_read_in_paris_time():
    """Tuesday 9 December 2025 20:30-21:30 UTC is 21:30-22:30 in Paris: sapper,
    0,5 h × 8,71 + 0,5 h × 8,71 × 2 = 4,355 + 8,71 = 13,065 → 13,07 €."""
    utc = ZoneInfo("UTC")
    start = datetime(2025, 12, 9, 20, 30, tzinfo=utc)
    assert spv(SAPPER, start, start + timedelta(hours=1)).amount == Decimal("13.07")


def test_the_night_summer_time_starts_counts_real_hours():
    """Sunday 29 March 2026, clocks go from 02:00 to 03:00: 01:00-04:00 local is 2 real
    hours, at night: 2 × 8,71 × 2 = 34,84 €."""
    assert spv(SAPPER, at(2026, 3, 29, 1), at(2026, 3, 29, 4)).amount == Decimal("34.84")


def test_the_night_summer_time_ends_counts_the_hour_lived_twice():
    """Sunday 26 October 2025, clocks go back from 03:00 to 02:00: 01:00-04:00 local is 4 real
    hours, at night (A26S23, sapper 8,61 €/h): 4 × 8,61 × 2 = 68,88 €."""
    assert spv(SAPPER, at(2025, 10, 26, 1), at(2025, 10, 26, 4)).amount == Decimal("68.88")


def test_an_end_before_the_start_is_refused():
    with pytest.raises(ValidationError):
        spv(SAPPER, at(2025, 12, 9, 10), at(2025, 12, 9, 9))


# Grades ---------------------------------------------------------------------------------------


def grade(user, code, **kwargs):
    return QualificationFactory(
        user=user,
        qualification_type=QualificationTypeFactory(code=code),
        obtained_on=date(2020, 1, 1),
        expires_on=None,
        **kwargs,
    )


def test_the_best_paid_valid_grade_is_used():
    user = UserFactory()
    grade(user, SAPPER)
    grade(user, CORPORAL)
    table = rate_table_in_force(RateTable.Kind.SPV_HOURLY, date(2025, 12, 1))
    assert spv_rate_for(user, table, date(2025, 12, 1)).rate == Decimal("9.35")


def test_an_expired_unverified_or_training_grade_does_not_count():
    user = UserFactory()
    grade(user, SAPPER)
    QualificationFactory(
        user=user,
        qualification_type=QualificationTypeFactory(code=OFFICER),
        obtained_on=date(2020, 1, 1),
        expires_on=date(2025, 11, 30),
    )
    grade(user, CORPORAL, verified_at=None)
    grade(user, "spv-sous-officier", in_training=True)
    table = rate_table_in_force(RateTable.Kind.SPV_HOURLY, date(2025, 12, 1))
    assert spv_rate_for(user, table, date(2025, 12, 1)).rate == Decimal("8.71")


def test_a_grade_counted_through_includes_is_used():
    """A type that "also counts as" the initial training gives the sapper's rate."""
    user = UserFactory()
    leader = QualificationTypeFactory(code="chef-agres")
    leader.includes.add(QualificationTypeFactory(code=SAPPER))
    QualificationFactory(
        user=user, qualification_type=leader, obtained_on=date(2020, 1, 1), expires_on=None
    )
    table = rate_table_in_force(RateTable.Kind.SPV_HOURLY, date(2025, 12, 1))
    assert spv_rate_for(user, table, date(2025, 12, 1)).rate == Decimal("8.71")


def test_no_grade_is_a_clear_error():
    table = rate_table_in_force(RateTable.Kind.SPV_HOURLY, date(2025, 12, 1))
    with pytest.raises(ValidationError, match="Aucun grade"):
        spv_rate_for(UserFactory(), table, date(2025, 12, 1))


# Seeded tables and their dates ------------------------------------------------------------------


def test_the_seeded_tables_name_their_sources():
    tables = {(t.kind, t.valid_from): t for t in RateTable.objects.all()}
    agent = tables[(RateTable.Kind.AGENT_MILEAGE, date(2022, 1, 1))]
    assert "14 mars 2022" in agent.source and agent.source_url.startswith("https://www.legifrance")
    tax = tables[(RateTable.Kind.TAX_MILEAGE, date(2022, 1, 1))]
    assert "27 mars 2023" in tax.source and tax.electric_increase_percent == 20
    assert tax.valid_until is None
    old = tables[(RateTable.Kind.SPV_HOURLY, date(2023, 10, 1))]
    new = tables[(RateTable.Kind.SPV_HOURLY, date(2025, 12, 1))]
    assert "26 septembre 2023" in old.source and old.valid_until == date(2025, 11, 30)
    assert "17 novembre 2025" in new.source and new.valid_until is None
    assert {r.grade: r.rate for r in new.hourly_rates.all()} == {
        "Officiers": Decimal("13.11"),
        "Sous-officiers": Decimal("10.55"),
        "Caporaux": Decimal("9.35"),
        "Sapeurs": Decimal("8.71"),
    }
    assert (new.night_starts.hour, new.night_ends.hour) == (22, 7)
    assert agent.brackets.count() == 11 and tax.brackets.count() == 15


def test_the_table_is_chosen_by_the_day():
    """The 17 November 2025 order applies from 1 December 2025: the day before, the sapper's
    rate is still 8,61 €."""
    before = rate_table_in_force(RateTable.Kind.SPV_HOURLY, date(2025, 11, 30))
    on = rate_table_in_force(RateTable.Kind.SPV_HOURLY, date(2025, 12, 1))
    assert before.hourly_rates.get(qualification_code=SAPPER).rate == Decimal("8.61")
    assert on.hourly_rates.get(qualification_code=SAPPER).rate == Decimal("8.71")


def test_a_shift_is_priced_with_the_table_of_its_day():
    """Sapper, Sunday 30 November 2025 10:00-11:00 (A26S23): 8,61 × 1,5 = 12,915 → 12,92 €;
    Monday 1 December 10:00-11:00 (A17N25): 8,71 €."""
    assert spv(SAPPER, at(2025, 11, 30, 10), at(2025, 11, 30, 11)).amount == Decimal("12.92")
    assert spv(SAPPER, at(2025, 12, 1, 10), at(2025, 12, 1, 11)).amount == Decimal("8.71")


def test_the_seed_migration_can_be_reversed_and_replayed():
    seed_migration = importlib.import_module("spp.expenses.migrations.0002_seed_rate_tables")
    seed_migration.unseed(django_apps, None)
    assert not RateTable.objects.exists()
    seed_migration.seed(django_apps, None)
    seed_migration.seed(django_apps, None)  # idempotent
    assert RateTable.objects.count() == 4
    assert rate_table_in_force(RateTable.Kind.AGENT_MILEAGE, JOURNEY_DAY).brackets.count() == 11


def test_no_table_in_force_is_a_clear_error():
    with pytest.raises(ValidationError, match="Aucun barème"):
        rate_table_in_force(RateTable.Kind.SPV_HOURLY, date(2023, 9, 30))


# Kilometres already paid in the year ------------------------------------------------------------


def mileage_claim(user, policy, status, occurred_at, km, **claim_fields):
    participation = ParticipationFactory(user=user, service=policy.service, occurred_at=occurred_at)
    claim = ClaimFactory(
        policy=policy, participation=participation, status=status, lines=False, **claim_fields
    )
    ClaimLine.objects.create(
        claim=claim,
        category=CostCategory.MILEAGE,
        quantity=Decimal(km),
        unit=ClaimLine.Unit.KM,
        unit_rate=Decimal("0.32"),
        amount=Decimal(km) * Decimal("0.32"),
        vehicle_class="5cv_et_moins",
    )
    return claim


def test_only_approved_and_paid_kilometres_of_the_year_count():
    """Approved 120 km + paid 30 km in 2025 count; a submitted claim, a draft, a rejected one,
    another year (31 December 2024 23:30 in Paris) and another person do not."""
    user = UserFactory()
    policy = PolicyFactory(kind=Policy.Kind.REIMBURSEMENT)
    export = PaymentExport.objects.create(
        service=policy.service, format=PaymentExport.Format.CSV, message_id="h1-test"
    )
    mileage_claim(user, policy, Claim.Status.APPROVED, at(2025, 3, 1, 10), 120)
    mileage_claim(user, policy, Claim.Status.PAID, at(2025, 1, 1, 0, 30), 30, payment=export)
    for status in (Claim.Status.SUBMITTED, Claim.Status.DRAFT, Claim.Status.REJECTED):
        mileage_claim(user, policy, status, at(2025, 5, 1, 10), 500)
    mileage_claim(user, policy, Claim.Status.APPROVED, at(2024, 12, 31, 23, 30), 700)
    mileage_claim(UserFactory(), policy, Claim.Status.APPROVED, at(2025, 5, 1, 10), 900)
    assert mileage_already_paid_km(user, RateTable.Kind.AGENT_MILEAGE, 2025) == Decimal("150")
    assert mileage_already_paid_km(user, RateTable.Kind.AGENT_MILEAGE, 2024) == Decimal("700")


def test_the_two_scales_count_their_own_kilometres():
    """Kilometres valued with the tax scale (a waivable policy) do not move the agents'
    bands, and the other way round."""
    user = UserFactory()
    mileage_claim(
        user,
        PolicyFactory(kind=Policy.Kind.REIMBURSEMENT),
        Claim.Status.APPROVED,
        at(2025, 3, 1, 10),
        40,
    )
    mileage_claim(
        user,
        PolicyFactory(kind=Policy.Kind.WAIVABLE),
        Claim.Status.APPROVED,
        at(2025, 3, 2, 10),
        60,
    )
    assert mileage_already_paid_km(user, RateTable.Kind.AGENT_MILEAGE, 2025) == Decimal("40")
    assert mileage_already_paid_km(user, RateTable.Kind.TAX_MILEAGE, 2025) == Decimal("60")
    assert mileage_already_paid_km(UserFactory(), RateTable.Kind.TAX_MILEAGE, 2025) == 0
