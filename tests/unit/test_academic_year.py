import pytest
from regulation import academic_year_start, is_new_student_class


def test_academic_year_start():
    assert academic_year_start("2024-2025") == 2024
    assert academic_year_start(" 2025-2026 ") == 2025


@pytest.mark.parametrize("text", ["2024-2026", "2024", "", None, "24-25", "2025-2024"])
def test_academic_year_rejects_bad_text(text):
    with pytest.raises(ValueError):
        academic_year_start(text)


def test_new_student_class_only_in_its_first_year():
    """R-EVAL-4: a class is a new-student class in the year it enrols."""
    assert is_new_student_class(2024, "2024-2025")
    assert not is_new_student_class(2023, "2024-2025")
    assert not is_new_student_class(2025, "2024-2025")
    assert not is_new_student_class(0, "2024-2025")
