"""The availability rules, without a database: merging adjacent ranges, covering a shift
whole, midnight as 24:00 and nights over two days, and a re-save that loses nothing."""

from spp.rosters.intervals import day_covers, merge, shape_parts, week_change


def test_adjacent_ranges_merge_into_one():
    assert merge([(750, 1110), (450, 750)]) == [(450, 1110)]
    assert merge([(450, 600), (700, 800)]) == [(450, 600), (700, 800)]


def test_a_range_covers_a_shift_only_whole():
    assert day_covers([(420, 1140)], 450, 750)
    assert day_covers([(450, 750)], 450, 750)
    assert not day_covers([(720, 1080)], 750, 1110)
    assert not day_covers([(450, 700), (700, 750)], 450, 750)  # unmerged: merge first


def test_midnight_is_24_00_and_a_night_spans_two_days():
    assert shape_parts(5, 1140, 0) == [(5, 1140, 1440)]
    assert shape_parts(6, 1140, 420) == [(6, 1140, 1440), (0, 0, 420)]
    assert shape_parts(0, 450, 750) == [(0, 450, 750)]


def test_adding_a_shape_keeps_every_other_minute():
    week = {3: [(420, 1140)], 5: [(1140, 1440)]}
    changed = week_change(week, add=[(0, 750, 1110)], remove=[])
    assert changed == {
        0: [(750, 1110)],
        1: [],
        2: [],
        3: [(420, 1140)],
        4: [],
        5: [(1140, 1440)],
        6: [],
    }
    assert week_change(changed, add=[(0, 750, 1110)], remove=[]) == changed  # re-save


def test_a_ticked_shape_stays_covered_when_an_overlapping_one_is_unticked():
    changed = week_change({0: [(420, 1140)]}, add=[(0, 450, 750)], remove=[(0, 420, 1140)])
    assert changed[0] == [(450, 750)]
