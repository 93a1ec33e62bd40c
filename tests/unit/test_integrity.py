import datetime

import pytest
from conftest import _load

integrity = _load("integrity")
D = datetime.date


@pytest.mark.parametrize(
    ("recorded", "late_days", "expected"),
    [(D(2025, 9, 10), 7, False), (D(2025, 9, 11), 7, True), (D(2025, 9, 11), 8, False)],
)
def test_late_after_the_policy_days(recorded, late_days, expected):
    """R-EVAL-2: late when recorded more than the policy's days after the work."""
    assert integrity.is_late(D(2025, 9, 3), recorded, late_days) is expected


def test_days_late_never_negative():
    assert integrity.days_late(D(2025, 9, 10), D(2025, 9, 3)) == 0
    assert integrity.days_late(D(2025, 9, 3), D(2025, 9, 10)) == 7


def test_month_end_window():
    assert integrity.month_end_window_start(D(2025, 2, 10), 3) == D(2025, 2, 26)
    assert integrity.month_end_window_start(D(2024, 2, 10), 3) == D(2024, 2, 27)
    assert integrity.in_month_end_window(D(2025, 10, 29), 3)
    assert not integrity.in_month_end_window(D(2025, 10, 28), 3)


def test_bunched_months():
    """Two or more entries, and at least the share, in the month's last days."""
    piled = [D(2025, 10, 10), D(2025, 10, 29), D(2025, 10, 30), D(2025, 10, 31)]
    spread = [D(2025, 11, 5), D(2025, 11, 12), D(2025, 11, 28), D(2025, 11, 30)]
    lonely = [D(2025, 12, 31)]
    bunched = integrity.bunched_months(piled + spread + lonely, 3, 0.5)
    assert bunched == {(2025, 10), (2025, 11)}
    assert integrity.bunched_months(spread, 3, 0.75) == set()
    assert integrity.is_bunched(D(2025, 10, 30), "activity", bunched, 3)
    assert not integrity.is_bunched(D(2025, 10, 10), "activity", bunched, 3)
    assert not integrity.is_bunched(D(2025, 10, 30), "summary", bunched, 3)


def test_month_ended_and_share():
    assert not integrity.month_ended(D(2025, 9, 3), D(2025, 9, 30))
    assert integrity.month_ended(D(2025, 9, 3), D(2025, 10, 1))
    assert integrity.share_of(1, 4) == 0.25
    assert integrity.share_of(0, 0) == 0.0
