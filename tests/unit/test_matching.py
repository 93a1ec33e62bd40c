"""Apportionment, priorities and proposals of R-MATCH-1 … R-MATCH-3."""

from regulation import (
    ClassFacts,
    MentorFacts,
    Reason,
    apportion,
    in_bottom_third,
    in_top_share,
    propose,
    rank_classes,
)


def test_r_match_1_proportional_shares():
    """R-MATCH-1: shares follow the departments' class counts."""
    assert apportion(10, {"A": 20, "B": 10, "C": 10}) == {"A": 5, "B": 3, "C": 2}
    assert sum(apportion(7, {"A": 5, "B": 5, "C": 5}).values()) == 7


def test_r_match_1_largest_remainder_and_ties():
    """R-MATCH-1: remainders decide, then the larger department, then the name."""
    assert apportion(2, {"A": 1, "B": 1, "C": 1}) == {"A": 1, "B": 1, "C": 0}
    assert apportion(1, {"A": 2, "B": 3}) == {"A": 0, "B": 1}
    assert apportion(3, {"B": 4, "A": 4}) == {"A": 2, "B": 1}


def test_r_match_1_is_deterministic():
    weights = {f"D{i}": (i * 7) % 11 + 1 for i in range(9)}
    assert apportion(23, weights) == apportion(23, dict(reversed(list(weights.items()))))


def test_r_match_1_empty_and_extremes():
    """R-MATCH-1: empty departments, no mentors, more mentors than classes."""
    assert apportion(5, {}) == {}
    assert apportion(0, {"A": 3}) == {"A": 0}
    assert apportion(4, {"A": 0, "B": 2}) == {"A": 0, "B": 2}
    assert apportion(50, {"A": 3, "B": 2}) == {"A": 3, "B": 2}


def test_rank_predicates():
    """R-MATCH-3(b) bottom third; R-EVAL-4 top two thirds."""
    assert [r for r in range(1, 10) if in_bottom_third(r, 9)] == [7, 8, 9]
    assert [r for r in range(1, 11) if in_bottom_third(r, 10)] == [7, 8, 9, 10]
    assert not in_bottom_third(0, 9)
    assert in_top_share(6, 9) and not in_top_share(7, 9)
    assert in_top_share(2, 3, 0.6667)
    assert not in_top_share(None, 9)


def test_r_match_3_priority_order_and_reasons():
    """R-MATCH-3: new head teacher first, then bottom third of the department."""
    plain = ClassFacts(1, "A", code="A1", rank_department=2, department_size=9)
    bottom = ClassFacts(2, "A", code="A2", rank_department=8, department_size=9)
    new = ClassFacts(3, "A", code="A3", new_head_teacher=True, rank_department=1, department_size=9)
    both = ClassFacts(
        4, "A", code="A4", new_head_teacher=True, rank_department=9, department_size=9
    )
    assert [c.key for c in rank_classes([plain, bottom, new, both])] == [4, 3, 2, 1]
    assert both.priority_reasons() == [
        Reason("R-MATCH-3", "new_head_teacher"),
        Reason("R-MATCH-3", "bottom_third", rank=9, size=9),
    ]
    assert plain.priority_reasons() == []


def test_r_match_2_strengths_and_own_department():
    """R-MATCH-2: strengths meet needs; the own department is preferred."""
    cls = ClassFacts(1, "A", needs={"psychology"})
    same_dept = MentorFacts(10, "A")
    strong = MentorFacts(11, "B", strengths={"psychology"})
    pairs, unmatched, idle = propose([same_dept, strong], [cls], {"A": 1})
    assert [(c.key, m.key) for c, m in pairs] == [(1, 11)]
    plain = ClassFacts(2, "A")
    pairs, _, _ = propose([strong, same_dept], [plain], {"A": 1})
    assert pairs[0][1].key == 10
    pairs, _, _ = propose([strong, same_dept], [plain], {"A": 1}, prefer_own_department=False)
    assert pairs[0][1].key == 10  # equal scores: the smaller key, deterministically


def test_never_the_own_class_and_one_class_each():
    """R-MATCH-2: a mentor never mentors a class they head; one class each by default."""
    own = ClassFacts(1, "A", head_teacher=10, new_head_teacher=True)
    other = ClassFacts(2, "A")
    mentor = MentorFacts(10, "A")
    pairs, unmatched, idle = propose([mentor], [own, other], {"A": 2})
    assert [(c.key, m.key) for c, m in pairs] == [(2, 10)]
    assert [c.key for c in unmatched] == [1]
    assert idle == []
    pairs, _, _ = propose([mentor], [ClassFacts(3, "A"), other], {"A": 2}, max_classes=2)
    assert len(pairs) == 2


def test_more_mentors_than_classes_and_reverse():
    classes = [ClassFacts(i, "A", code=f"A{i}") for i in range(3)]
    mentors = [MentorFacts(100 + i, "A") for i in range(5)]
    pairs, unmatched, idle = propose(mentors, classes, {"A": 3})
    assert len(pairs) == 3 and not unmatched and len(idle) == 2
    pairs, unmatched, idle = propose(mentors[:1], classes, {"A": 1})
    assert len(pairs) == 1 and len(unmatched) == 2 and not idle


def test_proposal_is_deterministic():
    classes = [
        ClassFacts(i, f"D{i % 3}", code=f"C{i:03}", rank_department=i % 7 + 1, department_size=7)
        for i in range(30)
    ]
    mentors = [MentorFacts(100 + i, f"D{i % 4}", strengths={f"s{i % 3}"}) for i in range(12)]
    shares = apportion(12, {"D0": 10, "D1": 10, "D2": 10})
    first = propose(mentors, classes, shares)
    second = propose(list(reversed(mentors)), list(reversed(classes)), shares)
    assert [(c.key, m.key) for c, m in first[0]] == [(c.key, m.key) for c, m in second[0]]
