"""Quota arithmetic of the handbook: R-TASK-1 … R-TASK-5."""

import datetime

from regulation import (
    Entry,
    Quota,
    counted_months,
    due_and_behind,
    quota_progress,
    talk_target,
)

D = datetime.date


def months_of(result):
    return [(year, month) for year, month, _first, _last in result]


def test_whole_term_months():
    """R-TASK: every month inside both the term and the appointment counts."""
    months = counted_months(D(2025, 9, 1), D(2026, 1, 31), D(2025, 9, 1), D(2026, 1, 31))
    assert months_of(months) == [(2025, 9), (2025, 10), (2025, 11), (2025, 12), (2026, 1)]


def test_term_spanning_new_year_and_partial_months():
    """R-TASK: a partial month counts from 15 days inside (setting)."""
    # term 2025-09-01 .. 2026-01-16: January has 16 days inside -> counts
    months = counted_months(D(2025, 9, 1), D(2026, 1, 16), D(2025, 9, 1), D(2026, 1, 16))
    assert months_of(months)[-1] == (2026, 1)
    # .. 2026-01-14: 14 days -> does not count
    months = counted_months(D(2025, 9, 1), D(2026, 1, 14), D(2025, 9, 1), D(2026, 1, 14))
    assert months_of(months)[-1] == (2025, 12)
    assert months_of(
        counted_months(D(2025, 9, 1), D(2026, 1, 14), D(2025, 9, 1), D(2026, 1, 14), min_days=10)
    )[-1] == (2026, 1)


def test_assignment_starting_mid_month():
    """R-TASK: an appointment from the 20th leaves 11 days of October: not counted."""
    months = counted_months(D(2025, 9, 1), D(2026, 1, 31), D(2025, 10, 20), D(2026, 1, 31))
    assert months_of(months)[0] == (2025, 11)
    months = counted_months(D(2025, 9, 1), D(2026, 1, 31), D(2025, 10, 10), D(2026, 1, 31))
    assert months_of(months)[0] == (2025, 10)
    assert months[0][2] == D(2025, 10, 10)


def test_february_and_empty_periods():
    months = counted_months(D(2026, 2, 1), D(2026, 2, 28), D(2026, 2, 1), D(2026, 2, 28))
    assert months_of(months) == [(2026, 2)]
    assert counted_months(D(2026, 2, 1), D(2026, 2, 28), D(2026, 3, 1), D(2026, 3, 30)) == []


def test_r_task_2b_half_the_class_rounded_up():
    """R-TASK-2b: talks with at least half the class, rounding up for odd sizes."""
    assert talk_target(45) == 23
    assert talk_target(44) == 22
    assert talk_target(1) == 1
    assert talk_target(0) == 0
    assert talk_target(45, 2 / 3) == 30


QUOTAS = [
    Quota("R-TASK-1", "class_meeting", "term", minimum=3),
    Quota("R-TASK-2a", "student_pairing", "month", "students", 3),
    Quota("R-TASK-2b", "talk", "term", "class_share", 0),
    Quota("R-TASK-4", "observation", "month", minimum=2),
]


def test_progress_month_by_month():
    """R-TASK-4: two observations a month; R-TASK-1: three meetings a term."""
    months = counted_months(D(2025, 9, 1), D(2025, 10, 31), D(2025, 9, 1), D(2025, 10, 31))
    entries = [
        Entry(D(2025, 9, 3), "observation"),
        Entry(D(2025, 9, 20), "observation"),
        Entry(D(2025, 10, 8), "observation"),
        Entry(D(2025, 9, 9), "class_meeting"),
        Entry(D(2025, 10, 9), "class_meeting"),
    ]
    progress = {(p.quota.rule, p.month): p for p in quota_progress(QUOTAS, entries, months, 45)}
    assert progress["R-TASK-4", (2025, 9)].met
    october = progress["R-TASK-4", (2025, 10)]
    assert (october.done, october.required, october.met, october.missing) == (1, 2, False, 1)
    meetings = progress["R-TASK-1", None]
    assert (meetings.done, meetings.required) == (2, 3)


def test_distinct_students_and_transfers():
    """R-TASK-2a/2b: distinct students; a student who later left still counts."""
    months = counted_months(D(2025, 9, 1), D(2025, 9, 30), D(2025, 9, 1), D(2025, 9, 30))
    entries = [
        Entry(D(2025, 9, 2), "student_pairing", {1, 2}),
        Entry(D(2025, 9, 9), "student_pairing", {2}),
        Entry(D(2025, 9, 3), "talk", {1, 2, 3}),
        Entry(D(2025, 9, 4), "talk", {3, 99}),  # 99 transferred out later
    ]
    progress = {(p.quota.rule, p.month): p for p in quota_progress(QUOTAS, entries, months, 7)}
    assert progress["R-TASK-2a", (2025, 9)].done == 2
    talks = progress["R-TASK-2b", None]
    assert (talks.done, talks.required, talks.met) == (4, 4, True)


def test_r_task_4_r_task_1_due_and_behind_by_the_day():
    """R-TASK-4: a monthly quota is due from its month on and behind only
    while its month is the current one; R-TASK-1: a term quota is due at once
    and behind once the appointment's last month has come (R-APP-3: the
    leaving date ends the appointment)."""
    months = counted_months(D(2025, 9, 1), D(2026, 1, 31), D(2025, 9, 1), D(2026, 1, 31))
    entries = [Entry(D(2025, 9, 3), "observation"), Entry(D(2025, 9, 9), "class_meeting")]
    progress = quota_progress(QUOTAS, entries, months, 45)

    def keys(items):
        return [(p.quota.rule, p.month) for p in items if p.quota.rule in ("R-TASK-1", "R-TASK-4")]

    due, behind = due_and_behind(progress, D(2025, 10, 20), D(2026, 1, 31))
    assert keys(due) == [
        ("R-TASK-1", None),
        ("R-TASK-4", (2025, 9)),
        ("R-TASK-4", (2025, 10)),
    ]
    # September is past (a shortfall, not a warning); the term has months to go
    assert keys(behind) == [("R-TASK-4", (2025, 10))]
    _due, behind = due_and_behind(progress, D(2026, 1, 5), D(2026, 1, 31))
    assert keys(behind) == [("R-TASK-1", None), ("R-TASK-4", (2026, 1))]
    # a mentor who left on 20 October: the term quota is behind from October
    _due, behind = due_and_behind(progress, D(2025, 10, 20), D(2025, 10, 20))
    assert keys(behind) == [("R-TASK-1", None), ("R-TASK-4", (2025, 10))]
