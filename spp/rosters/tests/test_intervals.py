from datetime import date, datetime
from zoneinfo import ZoneInfo

from spp.core.holidays import easter_sunday, french_public_holidays
from spp.rosters.intervals import availability_ranges, covers, merge

TZ = ZoneInfo("Europe/Paris")


def test_overlapping_and_touching_windows_are_merged():
    assert merge([(600, 720), (480, 660), (720, 800), (900, 960)]) == [(480, 800), (900, 960)]


def test_a_night_joins_two_days_windows():
    ranges = availability_ranges([(0, 1140, 1440), (1, 0, 420)], [], date(2026, 3, 2),
                                 date(2026, 3, 3), TZ)
    assert covers(ranges, datetime(2026, 3, 2, 19, tzinfo=TZ), datetime(2026, 3, 3, 7, tzinfo=TZ))


def test_one_off_unavailability_cuts_the_weekly_window():
    exceptions = [(datetime(2026, 3, 2, 10, tzinfo=TZ), datetime(2026, 3, 2, 11, tzinfo=TZ),
                   False)]
    ranges = availability_ranges([(0, 480, 1080)], exceptions, date(2026, 3, 2),
                                 date(2026, 3, 2), TZ)
    assert not covers(ranges, datetime(2026, 3, 2, 9, tzinfo=TZ),
                      datetime(2026, 3, 2, 12, tzinfo=TZ))
    assert covers(ranges, datetime(2026, 3, 2, 11, tzinfo=TZ), datetime(2026, 3, 2, 18, tzinfo=TZ))


def test_easter_and_its_movable_holidays():
    assert easter_sunday(2024) == date(2024, 3, 31)
    assert easter_sunday(2025) == date(2025, 4, 20)
    assert easter_sunday(2038) == date(2038, 4, 25)
    holidays = french_public_holidays(2026)
    assert holidays[date(2026, 4, 6)] == "Lundi de Pâques"
    assert holidays[date(2026, 5, 14)] == "Ascension"
    assert holidays[date(2026, 5, 25)] == "Lundi de Pentecôte"
    assert len(holidays) == 11
    assert date(2026, 12, 26) in french_public_holidays(2026, alsace_moselle=True)
