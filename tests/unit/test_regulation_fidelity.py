"""Issue 11, regulation fidelity: the arithmetic behind each clarified rule."""

import datetime

from regulation import (
    ClassResult,
    Entry,
    Quota,
    Reason,
    appointment_start,
    apportion,
    counted_months,
    enrolment_during_term,
    grade_mentor,
    missing_data,
    next_term_key,
    policy_applies,
    previous_term_key,
    quota_progress,
    rank_improved,
    served_full_term,
    share_seats,
    term_key,
)

D = datetime.date
TERM = (D(2025, 9, 1), D(2026, 1, 20))


def good(**kw):
    values = {
        "class_name": "24机电1班",
        "evaluation": (40, 45, 85.0),
        "rank_grade": 3,
        "grade_size": 9,
        "previous_rank_grade": 5,
        "previous_grade_size": 9,
    }
    values.update(kw)
    return ClassResult(**values)


# --------------------------------------------------------------- calendar
def test_r_elig_6_next_term_is_the_calendar_next():
    """R-ELIG-6: term 2 follows term 1 of its year; term 1 follows term 2 of the year before."""
    assert term_key("2025-2026", "1") == (2025, 1)
    assert next_term_key((2025, 1)) == (2025, 2)
    assert next_term_key((2025, 2)) == (2026, 1)
    assert previous_term_key((2026, 1)) == (2025, 2)
    assert previous_term_key((2025, 2)) == (2025, 1)


def test_r_elig_6_a_skipped_term_does_not_move_the_bar():
    """R-ELIG-6: a fail in 2025-2026 term 1 bars 2025-2026 term 2 only, even unrecorded."""
    failed_in = term_key("2025-2026", "1")
    assert previous_term_key(term_key("2025-2026", "2")) == failed_in
    assert previous_term_key(term_key("2026-2027", "1")) != failed_in


def test_r_misc_2_policy_in_force_for_a_term():
    """R-MISC-2: a version in force from a term judges that term and later ones."""
    first = (2024, 1)
    assert policy_applies((2024, 1), D(2024, 8, 20), first_term=first)
    assert policy_applies((2025, 2), D(2026, 2, 20), first_term=first)
    assert not policy_applies((2023, 2), D(2024, 2, 20), first_term=first)
    # by date only: from the date the version came into force
    assert policy_applies((2024, 1), D(2024, 9, 1), date_from=D(2024, 9, 1))
    assert not policy_applies((2024, 1), D(2024, 8, 31), date_from=D(2024, 9, 1))


# ---------------------------------------------------------- appointments
def test_r_rev_3_late_appointment_starts_on_its_own_date():
    """R-REV-3: the later of term start, the day made and the confirmation."""
    start = TERM[0]
    assert appointment_start(start, D(2025, 8, 25)) == start
    assert appointment_start(start, D(2025, 10, 1)) == D(2025, 10, 1)
    assert appointment_start(start, D(2025, 8, 25), D(2025, 9, 10)) == D(2025, 9, 10)
    assert appointment_start(start, D(2025, 10, 1), D(2025, 9, 10)) == D(2025, 10, 1)


def test_r_rev_3_months_before_a_late_start_do_not_count():
    """R-REV-3: matched on 1 October, September is not a quota month."""
    months = counted_months(*TERM, D(2025, 10, 1), TERM[1])
    assert [(y, m) for y, m, _a, _b in months] == [(2025, 10), (2025, 11), (2025, 12), (2026, 1)]


def test_r_app_3_no_month_after_leaving_counts():
    """R-APP-3: leaving on 10 November ends the appointment: November (10 days) and later drop."""
    months = counted_months(*TERM, TERM[0], D(2025, 11, 10))
    assert [(y, m) for y, m, _a, _b in months] == [(2025, 9), (2025, 10)]
    months = counted_months(*TERM, TERM[0], D(2025, 11, 20))
    assert [(y, m) for y, m, _a, _b in months][-1] == (2025, 11)


def test_r_use_2_full_term_boundaries():
    """R-USE-2: leaving on the last day is a full term; a day earlier, or a late start, is not."""
    start, end = TERM
    assert served_full_term(start, end, start, end, left_on=end)
    assert not served_full_term(
        start,
        end,
        start,
        end - datetime.timedelta(days=1),
        left_on=end - datetime.timedelta(days=1),
    )
    assert not served_full_term(start, end, D(2025, 10, 1), end)
    assert served_full_term(start, end, start, end)


# ------------------------------------------------------------ quotas
def test_r_task_1_attended_meetings_never_count():
    """R-TASK-1: meetings attended at the head teacher's request are recorded, not counted."""
    quota = Quota("R-TASK-1", "class_meeting", "term", minimum=3)
    entries = [Entry(D(2025, 9, 9 + i), "class_meeting", counts=False) for i in range(3)]
    entries.append(Entry(D(2025, 9, 20), "attended_meeting", counts=False))
    progress = quota_progress([quota], entries, [], 40)[0]
    assert (progress.done, progress.met) == (0, False)
    entries.append(Entry(D(2025, 9, 21), "class_meeting"))
    assert quota_progress([quota], entries, [], 40)[0].done == 1


def test_r_task_2b_target_uses_the_enrolment_during_the_term():
    """R-TASK-2b: a student talked to who left since still counts in the class size."""
    entries = [Entry(D(2025, 9, 3), "talk", {1, 2, 99})]
    assert enrolment_during_term({1, 2, 3, 4, 5}, entries) == 6
    assert enrolment_during_term({1, 2, 3}, []) == 3


# ---------------------------------------------------------- matching
def test_r_match_1_shares_by_students_capped_by_classes():
    """R-MATCH-1: seats shared by students, never more than a department's open classes."""
    opened = {"A": 3, "B": 5, "C": 5}
    shares = share_seats(6, opened, "students", students={"A": 400, "B": 120, "C": 80})
    assert shares == {"A": 3, "B": 2, "C": 1}
    assert share_seats(6, opened, "classes") == {"A": 2, "B": 2, "C": 2}


def test_r_match_1_shares_by_priority_classes_then_by_room():
    """R-MATCH-1: by priority classes first; seats beyond them follow the open classes."""
    opened = {"A": 5, "B": 5}
    assert share_seats(4, opened, "priority", priority={"A": 2, "B": 0}) == {"A": 3, "B": 1}
    assert share_seats(2, opened, "priority", priority={"A": 3, "B": 1}) == {"A": 2, "B": 0}
    assert share_seats(20, {"A": 2, "B": 3}, "priority", priority={"A": 1}) == {"A": 2, "B": 3}


def test_r_match_1_zero_weight_departments_get_the_rest():
    """R-MATCH-1: seats left once weighted departments are full go where there is room."""
    assert apportion(4, {"A": 2, "B": 0}, limits={"A": 2, "B": 5}) == {"A": 2, "B": 2}


def test_r_match_1_default_limits_are_the_weights():
    assert apportion(10, {"A": 20, "B": 10, "C": 10}) == {"A": 5, "B": 3, "C": 2}


# ------------------------------------------------------------ R-EVAL-4
def test_r_eval_4_equal_rank_is_not_improved():
    """R-EVAL-4: the same rank in a grade of the same size is no improvement."""
    assert not rank_improved(4, 9, 4, 9)
    assert rank_improved(3, 9, 4, 9)
    assert not rank_improved(5, 9, 4, 9)


def test_r_eval_4_keeping_the_top_place():
    """R-EVAL-4: first both terms counts as improved by default (policy option)."""
    assert rank_improved(1, 9, 1, 9)
    assert not rank_improved(1, 9, 1, 9, keep_top_counts=False)
    assert rank_improved(1, 12, 1, 9)
    assert not rank_improved(1, 12, 1, 9, keep_top_counts=False)


def test_r_eval_4_shares_when_the_grade_changed_size():
    """R-EVAL-4: rank 5 of 12 improves on 5 of 10; rank 5 of 10 does not improve on 4 of 9."""
    assert rank_improved(5, 12, 5, 10)
    assert not rank_improved(5, 10, 5, 12)
    assert not rank_improved(5, 10, 4, 9)
    assert rank_improved(4, 10, 4, 9)


def test_r_eval_4_grade_uses_the_options():
    """R-EVAL-4: the grade follows keep-top and share comparison."""
    top = good(rank_grade=1, previous_rank_grade=1)
    assert grade_mentor([top])[2] is True
    kept = grade_mentor([top], keep_top_counts=False)
    assert kept[2] is False and kept[4][0].key == "rank_not_improved"
    grown = good(rank_grade=5, grade_size=12, previous_rank_grade=5, previous_grade_size=10)
    assert grade_mentor([grown])[3] == "pass"


# ------------------------------------------------------- incomplete
def test_r_eval_missing_evaluation_is_incomplete_not_fail():
    """R-EVAL-3: a missing student evaluation makes the grade incomplete and names it."""
    result = grade_mentor([good(evaluation=None)])
    assert result[1] is None and result[3] == "incomplete"
    assert missing_data(result[4]) == [
        Reason("R-EVAL-3", "evaluation_missing", class_name="24机电1班")
    ]


def test_r_eval_missing_ranking_is_incomplete_not_fail():
    """R-EVAL-4: a missing ranking (this term or last) makes the grade incomplete."""
    assert grade_mentor([good(rank_grade=None)])[3] == "incomplete"
    assert grade_mentor([good(previous_rank_grade=None)])[3] == "incomplete"
    result = grade_mentor([good(previous_term_missing=("2024-2025", "2"))])
    assert result[2] is None and result[3] == "incomplete"
    assert result[4] == [
        Reason(
            "R-EVAL-4",
            "previous_term_missing",
            class_name="24机电1班",
            year="2024-2025",
            term_number="2",
        )
    ]


def test_r_eval_missing_data_cannot_save_a_failed_part():
    """R-EVAL-1: a failed part fails the grade whatever the missing data would say."""
    result = grade_mentor(
        [good(evaluation=None, shortfalls=[("R-TASK-4", "推门听课", 1, 2, "2025-10")])]
    )
    assert result[3] == "fail"
    assert [r.key for r in missing_data(result[4])] == ["evaluation_missing"]


def test_r_eval_missing_quantification_ignored_when_not_counted():
    """R-EVAL-1: a ranking missing does not matter when only two parts count."""
    result = grade_mentor([good(rank_grade=None)], combination="performance_and_student")
    assert result[3] == "pass"


def test_r_misc_1_misconduct_fails_an_incomplete_grade():
    """R-MISC-1: misconduct fails the mentor even with data missing."""
    assert grade_mentor([good(evaluation=None)], misconduct="伪造记录")[3] == "fail"


# ------------------------------------------------------------ R-EVAL-2
def test_r_eval_2_unsubmitted_handbook_fails_performance():
    """R-EVAL-2: an unsubmitted handbook fails the performance part, with its reason."""
    result = grade_mentor([good(handbook_submitted=False)])
    assert result[0] is False and result[3] == "fail"
    assert result[4] == [Reason("R-EVAL-2", "handbook_not_submitted", class_name="24机电1班")]


def test_r_eval_2_unsubmitted_handbook_as_a_warning():
    """R-EVAL-2 setting: the unsubmitted handbook is only noted."""
    result = grade_mentor([good(handbook_submitted=False)], unsubmitted_handbook="warn")
    assert result[0] is True and result[3] == "pass"
    assert result[4][0].key == "handbook_warning"
