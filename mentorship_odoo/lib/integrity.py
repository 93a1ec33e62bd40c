"""Record integrity of the handbook (R-EVAL-2 "及时记录", R-MISC-1).

Plain Python, no Odoo import: the signals a reviewer reads next to each
mentor's handbook. They inform; they never grade.

* An entry is *late* when it was recorded more than ``late_days`` days after
  its work date.
* A month of one handbook is *bunched at month end* when two or more of its
  entries, and at least ``share`` of them, carry a work date in the month's
  last ``window_days`` days; each of those entries is flagged. The end-of-term
  work summary is written at term end by nature and is left out.
"""

import calendar
import datetime

# bunching needs more than one entry: a single entry on the 30th is not a pile
MIN_BUNCHED_ENTRIES = 2
# written at term end by nature (R-TASK-2c): never counted as bunched
NOT_BUNCHED_TASKS = frozenset({"summary"})


def days_late(work_date, recorded_date):
    """Whole days between the work and its recording (never negative)."""
    if not (work_date and recorded_date):
        return 0
    return max(0, (recorded_date - work_date).days)


def is_late(work_date, recorded_date, late_days):
    """R-EVAL-2: recorded more than ``late_days`` days after the work."""
    return days_late(work_date, recorded_date) > late_days


def month_end_window_start(date, window_days):
    """First day of the last ``window_days`` days of ``date``'s month."""
    last_day = calendar.monthrange(date.year, date.month)[1]
    return date.replace(day=max(1, last_day - max(window_days, 1) + 1))


def in_month_end_window(date, window_days):
    return date >= month_end_window_start(date, window_days)


def bunched_months(dates, window_days, share):
    """The months ``(year, month)`` whose entries are bunched at month end.

    ``dates`` are the work dates of one handbook's entries (summary left out).
    """
    totals, at_end = {}, {}
    for date in dates:
        key = (date.year, date.month)
        totals[key] = totals.get(key, 0) + 1
        if in_month_end_window(date, window_days):
            at_end[key] = at_end.get(key, 0) + 1
    return {
        key
        for key, count in at_end.items()
        if count >= MIN_BUNCHED_ENTRIES and count >= share * totals[key]
    }


def is_bunched(date, task_code, bunched, window_days):
    """Whether an entry of a handbook with ``bunched`` months is flagged."""
    if not date or task_code in NOT_BUNCHED_TASKS:
        return False
    return (date.year, date.month) in bunched and in_month_end_window(date, window_days)


def month_ended(date, today):
    """Whether ``date``'s month is over on ``today``."""
    last_day = calendar.monthrange(date.year, date.month)[1]
    return today > datetime.date(date.year, date.month, last_day)


def share_of(part, whole):
    """A share between 0 and 1; no entries give 0."""
    return part / whole if whole else 0.0
