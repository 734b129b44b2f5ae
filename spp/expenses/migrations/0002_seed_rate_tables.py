"""Seeds the legal rate tables in force, as data an admin can then amend or extend.

Figures and their texts (checked in December 2026):
- Public agents' mileage allowances: arrêté du 3 juillet 2006 (NOR BUDB0620005A), article 1
  (cars, by fiscal horsepower and annual distance band) and article 2 (two-wheelers, one rate),
  as amended by the arrêté du 14 mars 2022 (NOR TFPF2206232A), in force since 1 January 2022;
  metropolitan France and the overseas departments (euros). No later amendment is known.
- Tax mileage scale for cars: arrêté du 27 mars 2023 (income of 2022, +5.4 %), carried over
  unchanged for the income of 2023, 2024 and 2025. Volunteers giving up their costs value them
  with it for journeys since 1 January 2022 (CGI art. 200 as amended by loi n° 2022-1157 du
  16 août 2022, art. 21). The scale for 2026 journeys is not published yet: this one stays
  valid, without an end date, until an admin adds the next.
- Volunteer firefighters' hourly allowances: arrêté du 26 septembre 2023 (in force on
  1 October 2023), then arrêté du 17 novembre 2025 (NOR INTE2522673A, JO du 28 novembre 2025,
  in force on 1 December 2025, abrogating the former); increases from décret n° 2012-492 du
  16 avril 2012, art. 3 (+50 % Sundays and public holidays, +100 % from 22:00 to 07:00, not
  cumulated).

Values are written out here (not imported from the app) so the migration stays what it was."""

from datetime import date, time
from decimal import Decimal

from django.db import migrations

AGENT_URL = "https://www.legifrance.gouv.fr/loda/id/JORFTEXT000000792695"
TAX_URL = "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000047416556"
SPV_2025_URL = "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000052868946"
SPV_DECREE_URL = "https://www.legifrance.gouv.fr/loda/id/JORFTEXT000025703687"

AGENT_TABLE = {
    "kind": "agent_mileage",
    "valid_from": date(2022, 1, 1),
    "name": "Indemnités kilométriques des agents publics (métropole et outre-mer), "
    "taux du 1er janvier 2022",
    "method": "per_band",
    "source": "Arrêté du 3 juillet 2006 fixant les taux des indemnités kilométriques prévues à "
    "l’article 10 du décret n° 2006-781 du 3 juillet 2006, articles 1er et 2, modifié par "
    "l’arrêté du 14 mars 2022 (NOR : TFPF2206232A), en vigueur le 1er janvier 2022",
    "source_url": AGENT_URL,
}
# (vehicle_class, label, [(from_km, to_km, rate)])
AGENT_BRACKETS = [
    ("5cv_et_moins", "Voiture de 5 CV et moins", [
        (0, 2000, "0.32"), (2000, 10000, "0.40"), (10000, None, "0.23")]),
    ("6_7cv", "Voiture de 6 CV et 7 CV", [
        (0, 2000, "0.41"), (2000, 10000, "0.51"), (10000, None, "0.30")]),
    ("8cv_et_plus", "Voiture de 8 CV et plus", [
        (0, 2000, "0.45"), (2000, 10000, "0.55"), (10000, None, "0.32")]),
    ("moto_125", "Motocyclette (cylindrée supérieure à 125 cm³)", [(0, None, "0.15")]),
    ("velomoteur", "Vélomoteur et autres véhicules à moteur", [(0, None, "0.12")]),
]

TAX_TABLE = {
    "kind": "tax_mileage",
    "valid_from": date(2022, 1, 1),
    "name": "Barème kilométrique fiscal des automobiles (revenus 2022 à 2025)",
    "method": "whole_distance",
    "source": "Arrêté du 27 mars 2023 fixant le barème forfaitaire des frais de déplacement des "
    "salariés (CGI, art. 83, 3°), reconduit pour les revenus 2023, 2024 et 2025 ; bénévoles : "
    "CGI, art. 200, modifié par la loi n° 2022-1157 du 16 août 2022, art. 21",
    "source_url": TAX_URL,
    "electric_increase_percent": Decimal("20"),
}
# (vehicle_class, label, [(from_km, to_km, rate, fixed)]): d × rate + fixed for from < d ≤ to.
TAX_BRACKETS = [
    ("3cv_et_moins", "Voiture de 3 CV et moins", [
        (0, 5000, "0.529", "0"), (5000, 20000, "0.316", "1065"), (20000, None, "0.370", "0")]),
    ("4cv", "Voiture de 4 CV", [
        (0, 5000, "0.606", "0"), (5000, 20000, "0.340", "1330"), (20000, None, "0.407", "0")]),
    ("5cv", "Voiture de 5 CV", [
        (0, 5000, "0.636", "0"), (5000, 20000, "0.357", "1395"), (20000, None, "0.427", "0")]),
    ("6cv", "Voiture de 6 CV", [
        (0, 5000, "0.665", "0"), (5000, 20000, "0.374", "1457"), (20000, None, "0.447", "0")]),
    ("7cv_et_plus", "Voiture de 7 CV et plus", [
        (0, 5000, "0.697", "0"), (5000, 20000, "0.394", "1515"), (20000, None, "0.470", "0")]),
]

SPV_INCREASES = {
    "method": "hourly",
    "sunday_holiday_increase_percent": Decimal("50"),
    "night_increase_percent": Decimal("100"),
    "night_starts": time(22, 0),
    "night_ends": time(7, 0),
}
SPV_TABLES = [
    ({
        "kind": "spv_hourly",
        "valid_from": date(2023, 10, 1),
        "valid_until": date(2025, 11, 30),
        "name": "Indemnités horaires des sapeurs-pompiers volontaires du 1er octobre 2023",
        "source": "Arrêté du 26 septembre 2023 fixant le montant de l’indemnité horaire de base "
        "des sapeurs-pompiers volontaires (en vigueur le 1er octobre 2023, abrogé le "
        "1er décembre 2025) ; majorations : décret n° 2012-492 du 16 avril 2012, art. 3",
        "source_url": SPV_DECREE_URL,
    }, {"officier": "12.96", "sous_officier": "10.43", "caporal": "9.24", "sapeur": "8.61"}),
    ({
        "kind": "spv_hourly",
        "valid_from": date(2025, 12, 1),
        "valid_until": None,
        "name": "Indemnités horaires des sapeurs-pompiers volontaires du 1er décembre 2025",
        "source": "Arrêté du 17 novembre 2025 fixant le montant de l’indemnité horaire de base "
        "des sapeurs-pompiers volontaires (NOR : INTE2522673A, JO du 28 novembre 2025, en "
        "vigueur le 1er décembre 2025) ; majorations : décret n° 2012-492 du 16 avril 2012, art. 3",
        "source_url": SPV_2025_URL,
    }, {"officier": "13.11", "sous_officier": "10.55", "caporal": "9.35", "sapeur": "8.71"}),
]
# grade key → (label, qualification code in the catalog). A sapeur is a volunteer who has passed
# the initial training ("spv-fi", the catalog's existing type); the other grades are types of
# their own, to be held (verified, dated) by those who have the grade.
SPV_GRADES = {
    "officier": ("Officiers", "spv-officier"),
    "sous_officier": ("Sous-officiers", "spv-sous-officier"),
    "caporal": ("Caporaux", "spv-caporal"),
    "sapeur": ("Sapeurs", "spv-fi"),
}


def seed(apps, schema_editor):
    RateTable = apps.get_model("expenses", "RateTable")
    MileageBracket = apps.get_model("expenses", "MileageBracket")
    HourlyRate = apps.get_model("expenses", "HourlyRate")

    def table(fields):
        fields = dict(fields)
        keys = {"kind": fields.pop("kind"), "valid_from": fields.pop("valid_from")}
        made, _created = RateTable.objects.update_or_create(**keys, defaults=fields)
        return made

    agent = table(AGENT_TABLE)
    for vehicle_class, label, bands in AGENT_BRACKETS:
        for start, end, rate in bands:
            MileageBracket.objects.update_or_create(
                table=agent, vehicle_class=vehicle_class, distance_from_km=start,
                defaults={"vehicle_label": label, "distance_to_km": end,
                          "rate_per_km": Decimal(rate), "fixed_amount": Decimal("0")})

    tax = table(TAX_TABLE)
    for vehicle_class, label, bands in TAX_BRACKETS:
        for start, end, rate, fixed in bands:
            MileageBracket.objects.update_or_create(
                table=tax, vehicle_class=vehicle_class, distance_from_km=start,
                defaults={"vehicle_label": label, "distance_to_km": end,
                          "rate_per_km": Decimal(rate), "fixed_amount": Decimal(fixed)})

    for fields, rates in SPV_TABLES:
        spv = table({**fields, **SPV_INCREASES})
        for key, rate in rates.items():
            grade, code = SPV_GRADES[key]
            HourlyRate.objects.update_or_create(
                table=spv, qualification_code=code,
                defaults={"grade": grade, "rate": Decimal(rate)})


def unseed(apps, schema_editor):
    RateTable = apps.get_model("expenses", "RateTable")
    for fields in [AGENT_TABLE, TAX_TABLE] + [fields for fields, _rates in SPV_TABLES]:
        RateTable.objects.filter(kind=fields["kind"], valid_from=fields["valid_from"]).delete()


class Migration(migrations.Migration):

    dependencies = [("expenses", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
