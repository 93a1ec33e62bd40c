"""The term grade: R-EVAL-1 … R-EVAL-5, R-USE-2, R-MISC-1."""

import datetime

from regulation import ClassResult, Reason, grade_mentor, served_full_term, student_evaluation_valid

D = datetime.date


def good(**kw):
    values = {
        "class_name": "24机电1班",
        "evaluation": (40, 45, 85.0),
        "rank_grade": 3,
        "grade_size": 9,
        "previous_rank_grade": 5,
    }
    values.update(kw)
    return ClassResult(**values)


def test_r_eval_3_participation_boundary():
    """R-EVAL-3: 29/45 is below two thirds, 30/45 reaches it."""
    assert not student_evaluation_valid(29, 45)
    assert student_evaluation_valid(30, 45)
    assert not student_evaluation_valid(0, 0)
    assert student_evaluation_valid(3, 4, 0.75)


def test_everything_met_passes():
    """R-EVAL-1: pass when the three parts pass."""
    assert grade_mentor([good()])[:4] == (True, True, True, "pass")


def test_r_eval_3_mean_boundary():
    """R-EVAL-3: mean 59.9 fails, 60 passes."""
    low = grade_mentor([good(evaluation=(40, 45, 59.9))])
    assert low[1] is False and low[3] == "fail"
    assert low[4] == [
        Reason("R-EVAL-3", "evaluation_low", class_name="24机电1班", mean=59.9, minimum=60.0)
    ]
    assert grade_mentor([good(evaluation=(40, 45, 60.0))])[3] == "pass"


def test_r_eval_3_invalid_and_missing_evaluation():
    invalid = grade_mentor([good(evaluation=(29, 45, 95.0))])
    assert invalid[1] is False
    assert invalid[4][0].key == "evaluation_invalid"
    missing = grade_mentor([good(evaluation=None)])
    assert missing[4][0] == Reason("R-EVAL-3", "evaluation_missing", class_name="24机电1班")


def test_r_eval_4_new_class_top_two_thirds():
    """R-EVAL-4: a new-student class ranked exactly at 2/3 of its grade passes."""
    at = grade_mentor(
        [good(is_new_class=True, rank_grade=6, grade_size=9, previous_rank_grade=None)]
    )
    assert at[2] is True
    below = grade_mentor([good(is_new_class=True, rank_grade=7, grade_size=9)])
    assert below[2] is False
    assert below[4][0].key == "new_class_rank"


def test_r_eval_4_other_class_must_improve():
    """R-EVAL-4: an unchanged rank is no improvement; a missing ranking is named."""
    same = grade_mentor([good(rank_grade=5, previous_rank_grade=5)])
    assert same[2] is False
    assert same[4] == [
        Reason(
            "R-EVAL-4",
            "rank_not_improved",
            class_name="24机电1班",
            rank=5,
            size=9,
            previous=5,
            previous_size=None,
        )
    ]
    assert grade_mentor([good(rank_grade=None)])[4][0].key == "ranking_missing"
    assert grade_mentor([good(previous_rank_grade=None)])[4][0].key == "previous_missing"
    by_score = grade_mentor([good(score=90, previous_score=88)], basis="score")
    assert by_score[2] is True
    assert grade_mentor([good(score=88, previous_score=88)], basis="score")[2] is False


def test_r_eval_2_quota_shortfall_fails_performance():
    """R-EVAL-2: a quota not met fails the performance part, with its figures."""
    result = grade_mentor([good(shortfalls=[("R-TASK-4", "推门听课", 1, 2, "2025-10")])])
    assert result[0] is False and result[3] == "fail"
    assert result[4][0].rule == "R-TASK-4"
    assert result[4][0].facts["months"] == [["2025-10", 1, 2]]


def test_r_eval_2_monthly_shortfalls_of_a_task_make_one_finding():
    """R-EVAL-2 (R-TASK-4, R-TASK-1): the months a monthly quota fell short are
    one finding per class and task, in order; a term quota stays its own."""
    shortfalls = [
        ("R-TASK-4", "推门听课", 1, 2, "2025-10"),
        ("R-TASK-1", "主题班会", 1, 3, None),
        ("R-TASK-4", "推门听课", 0, 2, "2025-11"),
    ]
    reasons = grade_mentor([good(shortfalls=shortfalls)])[4]
    assert [(r.rule, r.key) for r in reasons] == [
        ("R-TASK-4", "quota_months"),
        ("R-TASK-1", "quota_term"),
    ]
    assert reasons[0].facts["months"] == [["2025-10", 1, 2], ["2025-11", 0, 2]]
    assert reasons[1].facts == {
        "class_name": "24机电1班",
        "task": "主题班会",
        "done": 1,
        "required": 3,
    }


def test_combination_setting():
    """R-EVAL-1 default combination: all three; a school may drop quantification."""
    result = grade_mentor([good(rank_grade=None)], combination="performance_and_student")
    assert result[3] == "pass"


def test_r_misc_1_misconduct_forces_fail():
    result = grade_mentor([good()], misconduct="伪造工作记录")
    assert result[3] == "fail"
    assert result[4][0] == Reason("R-MISC-1", "misconduct", note="伪造工作记录")


def test_no_class_fails():
    assert grade_mentor([])[3] == "fail"


def test_r_use_2_full_term():
    """R-USE-2: less than one full term earns no points."""
    start, end = D(2025, 9, 1), D(2026, 1, 20)
    assert served_full_term(start, end, start, end)
    assert not served_full_term(start, end, D(2025, 9, 15), end)
    assert not served_full_term(start, end, start, end, left_on=D(2025, 11, 3))
    assert served_full_term(start, end, start, end, left_on=D(2026, 2, 1))
