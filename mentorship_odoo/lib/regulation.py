"""The regulation's arithmetic in plain Python.

Nothing here imports Odoo: each function takes plain facts and returns plain
values, so the rules read like the regulation (see the rule IDs) and are
unit-tested without a database.
"""

import re

_ACADEMIC_YEAR = re.compile(r"^(\d{4})-(\d{4})$")


def academic_year_start(academic_year):
    """Return the first calendar year of an academic year such as ``2024-2025``.

    Raises ``ValueError`` when the text is not two consecutive years.
    """
    match = _ACADEMIC_YEAR.match((academic_year or "").strip())
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        raise ValueError(f"not an academic year: {academic_year!r}")
    return int(match.group(1))


def is_new_student_class(grade_year, academic_year):
    """A class is a new-student class in the academic year that starts in its
    year of enrolment (R-EVAL-4 glossary: 新生班级)."""
    return bool(grade_year) and academic_year_start(academic_year) == int(grade_year)
