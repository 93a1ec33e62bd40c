"""The regulation's arithmetic in plain Python.

Nothing here imports Odoo: each function takes plain facts and returns plain
values, so the rules read like the regulation (see the rule IDs) and are
unit-tested without a database.
"""

import datetime
import re
from fractions import Fraction

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


# ---------------------------------------------------------------------------
# Eligibility (R-ELIG-1 … R-ELIG-6)
# ---------------------------------------------------------------------------

CADRE_LEVELS = ("middle_deputy", "middle", "college")
SENIOR_TITLES = ("associate_senior", "senior")
EDUCATION_ORDER = ("below_bachelor", "bachelor", "master", "doctor")


class Reason:
    """One finding of a rule: its ID, a stable key and the facts behind it."""

    __slots__ = ("facts", "key", "rule")

    def __init__(self, rule, key, **facts):
        self.rule = rule
        self.key = key
        self.facts = facts

    def __eq__(self, other):
        return isinstance(other, Reason) and (self.rule, self.key, self.facts) == (
            other.rule,
            other.key,
            other.facts,
        )

    def __hash__(self):
        return hash((self.rule, self.key))

    def __repr__(self):
        return f"Reason({self.rule!r}, {self.key!r}, {self.facts!r})"


class EligibilityFacts:
    """The facts about one applicant that the eligibility rules read."""

    def __init__(
        self,
        cadre_level="none",
        title_level="none",
        provincial_honour=False,
        education="below_bachelor",
        head_teacher_years=0.0,
        age=None,
        is_head_teacher=False,
        failed_last_term=None,
    ):
        self.cadre_level = cadre_level or "none"
        self.title_level = title_level or "none"
        self.provincial_honour = bool(provincial_honour)
        self.education = education or "below_bachelor"
        self.head_teacher_years = float(head_teacher_years or 0.0)
        self.age = age
        self.is_head_teacher = bool(is_head_teacher)
        # name of the previous term when the applicant was graded fail in it
        self.failed_last_term = failed_last_term or None


class EligibilityVerdict:
    def __init__(self, eligible, bases, reasons):
        self.eligible = eligible
        self.bases = bases  # the R-ELIG-1 bases the applicant qualifies under
        self.reasons = reasons  # ordered list of Reason

    @property
    def rules(self):
        return [reason.rule for reason in self.reasons]


def age_at(birthday, on_date):
    """Full years of age on ``on_date``; ``None`` when the birthday is unknown."""
    if not birthday or not on_date:
        return None
    before_birthday = (on_date.month, on_date.day) < (birthday.month, birthday.day)
    return on_date.year - birthday.year - int(before_birthday)


def education_at_least(education, minimum):
    return EDUCATION_ORDER.index(education or "below_bachelor") >= EDUCATION_ORDER.index(minimum)


def check_eligibility(facts, cadre_age_limit=50, min_head_teacher_years=3.0):
    """Decide whether an applicant may become a class mentor.

    R-ELIG-1 names three bases: (a) an in-post cadre at middle-level deputy
    rank or above, (b) an associate-senior title or above, (c) a
    provincial-level honour for student-development work. A basis qualifies
    the applicant when its own conditions hold: for (a) R-ELIG-2 (a cadre
    younger than ``cadre_age_limit`` at term start also heads a class in
    school) and R-ELIG-3 (bachelor's degree or above); for (b) and (c)
    R-ELIG-4 (at least ``min_head_teacher_years`` as head teacher). One
    qualifying basis is enough. R-ELIG-6 bars whoever failed the previous
    term, whatever the basis. R-ELIG-5 is judged by reviewers, not here.
    """
    reasons = []
    bases = []
    is_cadre = facts.cadre_level in CADRE_LEVELS
    if is_cadre:
        bases.append("a")
    if facts.title_level in SENIOR_TITLES:
        bases.append("b")
    if facts.provincial_honour:
        bases.append("c")

    qualified = []
    failures = []
    if not bases:
        failures.append(Reason("R-ELIG-1", "no_basis"))
    if is_cadre:
        cadre_failures = []
        if not facts.is_head_teacher:
            if facts.age is None:
                cadre_failures.append(
                    Reason("R-ELIG-2", "cadre_age_unknown", limit=cadre_age_limit)
                )
            elif facts.age < cadre_age_limit:
                cadre_failures.append(
                    Reason(
                        "R-ELIG-2", "cadre_not_head_teacher", age=facts.age, limit=cadre_age_limit
                    )
                )
        if not education_at_least(facts.education, "bachelor"):
            cadre_failures.append(Reason("R-ELIG-3", "cadre_education", education=facts.education))
        if cadre_failures:
            failures.extend(cadre_failures)
        else:
            qualified.append("a")
    other_bases = [basis for basis in bases if basis != "a"]
    if other_bases:
        if facts.head_teacher_years + 1e-9 >= min_head_teacher_years:
            qualified.extend(other_bases)
        else:
            failures.append(
                Reason(
                    "R-ELIG-4",
                    "head_teacher_years",
                    years=round(facts.head_teacher_years, 1),
                    minimum=min_head_teacher_years,
                )
            )

    for basis in qualified:
        reasons.append(Reason("R-ELIG-1", f"basis_{basis}"))
    if not qualified:
        reasons.extend(failures)
    if facts.failed_last_term:
        reasons.append(Reason("R-ELIG-6", "failed_last_term", term=facts.failed_last_term))
    eligible = bool(qualified) and not facts.failed_last_term
    return EligibilityVerdict(eligible, qualified, reasons)


# ---------------------------------------------------------------------------
# Rankings (R-MATCH-3, R-EVAL-4)
# ---------------------------------------------------------------------------


def _fraction(ratio):
    return Fraction(ratio).limit_denominator(1000)


def in_bottom_third(rank, size):
    """R-MATCH-3(b): the rank lies in the bottom third of ``size`` classes
    (rank 1 is best): strictly below the top two thirds."""
    if not rank or not size:
        return False
    return 3 * rank > 2 * size


def in_top_share(rank, size, ratio=2 / 3):
    """R-EVAL-4: the rank lies within the top ``ratio`` of ``size`` classes."""
    if not rank or not size:
        return False
    share = _fraction(ratio)
    return rank * share.denominator <= size * share.numerator


# ---------------------------------------------------------------------------
# Matching (R-MATCH-1 … R-MATCH-3)
# ---------------------------------------------------------------------------


def apportion(seats, weights):
    """Share ``seats`` among keys in proportion to ``weights`` (R-MATCH-1).

    Largest-remainder rounding; no key gets more than its weight (a
    department cannot receive more mentors than it has classes), so when
    there are more seats than the weights' total the rest stay unassigned.
    Ties go to the larger weight, then to the smaller key: the same inputs
    always give the same shares.
    """
    keys = sorted(weights)
    total = sum(max(0, weights[k]) for k in keys)
    seats = max(0, min(seats, total))
    if not total or not seats:
        return dict.fromkeys(keys, 0)
    shares = {}
    remainders = []
    for key in keys:
        exact = Fraction(seats * max(0, weights[key]), total)
        shares[key] = int(exact)
        remainders.append((exact - int(exact), weights[key], key))
    left = seats - sum(shares.values())
    remainders.sort(key=lambda item: (-item[0], -item[1], item[2]))
    for _remainder, weight, key in remainders:
        if not left:
            break
        if shares[key] < weight:
            shares[key] += 1
            left -= 1
    return shares


class ClassFacts:
    """What matching knows about one class."""

    def __init__(
        self,
        key,
        department,
        code="",
        new_head_teacher=False,
        rank_department=0,
        department_size=0,
        head_teacher=None,
        needs=(),
    ):
        self.key = key
        self.department = department
        self.code = code or ""
        self.new_head_teacher = bool(new_head_teacher)
        self.rank_department = rank_department or 0
        self.department_size = department_size or 0
        self.head_teacher = head_teacher
        self.needs = frozenset(needs)

    @property
    def bottom_third(self):
        return in_bottom_third(self.rank_department, self.department_size)

    def priority_reasons(self):
        """R-MATCH-3 reasons, as rule findings."""
        reasons = []
        if self.new_head_teacher:
            reasons.append(Reason("R-MATCH-3", "new_head_teacher"))
        if self.bottom_third:
            reasons.append(
                Reason(
                    "R-MATCH-3",
                    "bottom_third",
                    rank=self.rank_department,
                    size=self.department_size,
                )
            )
        return reasons

    def priority_key(self):
        """Sort key: new head teacher first, then bottom third, then the
        worse ranked, then by code."""
        return (
            not self.new_head_teacher,
            not self.bottom_third,
            -self.rank_department,
            self.code,
            str(self.key),
        )


class MentorFacts:
    """What matching knows about one confirmed mentor."""

    def __init__(self, key, department=None, strengths=(), name=""):
        self.key = key
        self.department = department
        self.strengths = frozenset(strengths)
        self.name = name or ""


def rank_classes(classes):
    """The classes in priority order (R-MATCH-3)."""
    return sorted(classes, key=lambda c: c.priority_key())


def propose(mentors, classes, shares, prefer_own_department=True, max_classes=1):
    """Propose mentor/class pairs (R-MATCH-1 … R-MATCH-3).

    Each department's ``shares[department]`` highest-priority classes are
    to be covered. Classes are then served in priority order; each takes the
    free mentor whose strengths best meet its needs, preferring a mentor of
    its own department when ``prefer_own_department``, never the class's
    own head teacher, and no mentor beyond ``max_classes`` classes.
    Returns ``(pairs, unmatched_classes, idle_mentors)`` where ``pairs`` is
    a list of ``(class, mentor)`` in priority order.
    """
    by_department = {}
    for cls in classes:
        by_department.setdefault(cls.department, []).append(cls)
    selected = []
    for department in sorted(by_department, key=lambda d: (d is None, str(d))):
        ranked = rank_classes(by_department[department])
        selected.extend(ranked[: shares.get(department, 0)])
    selected = rank_classes(selected)

    load = dict.fromkeys((m.key for m in mentors), 0)
    ordered_mentors = sorted(mentors, key=lambda m: str(m.key))
    pairs = []
    unmatched = []
    for cls in selected:
        best = None
        best_score = None
        for mentor in ordered_mentors:
            if load[mentor.key] >= max_classes or mentor.key == cls.head_teacher:
                continue
            score = 2 * len(mentor.strengths & cls.needs)
            if prefer_own_department and mentor.department == cls.department:
                score += 1
            if best_score is None or score > best_score:
                best, best_score = mentor, score
        if best is None:
            unmatched.append(cls)
            continue
        load[best.key] += 1
        pairs.append((cls, best))
    chosen = {cls.key for cls in selected}
    unmatched.extend(cls for cls in rank_classes(classes) if cls.key not in chosen)
    idle = [m for m in ordered_mentors if load[m.key] == 0]
    return pairs, unmatched, idle


# ---------------------------------------------------------------------------
# Handbook quotas (R-TASK-1 … R-TASK-5)
# ---------------------------------------------------------------------------


def _month_bounds(year, month):
    first = datetime.date(year, month, 1)
    last = datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)
    return first, last


def counted_months(term_start, term_end, assign_start, assign_end, min_days=15):
    """The calendar months that count for monthly quotas.

    A month counts when it lies inside both the term and the appointment;
    a month only partly inside counts when at least ``min_days`` of it are
    inside. Returns ``[(year, month, first_day, last_day)]`` where the days
    are those of the month inside the period.
    """
    start = max(term_start, assign_start)
    end = min(term_end, assign_end)
    months = []
    if start > end:
        return months
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        first, last = _month_bounds(year, month)
        inside_first, inside_last = max(first, start), min(last, end)
        days = (inside_last - inside_first).days + 1
        whole = inside_first == first and inside_last == last
        if whole or days >= min_days:
            months.append((year, month, inside_first, inside_last))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def talk_target(class_size, ratio=0.5):
    """R-TASK-2b: at least ``ratio`` of the class, rounded up."""
    share = _fraction(ratio)
    return -(-class_size * share.numerator // share.denominator) if class_size else 0


class Quota:
    def __init__(self, rule, task, period, measure="entries", minimum=1):
        self.rule = rule
        self.task = task
        self.period = period  # 'month' or 'term'
        self.measure = measure  # 'entries', 'students' or 'class_share'
        self.minimum = minimum


class Entry:
    def __init__(self, date, task, students=()):
        self.date = date
        self.task = task
        self.students = frozenset(students)


class Progress:
    def __init__(self, quota, month, done, required):
        self.quota = quota
        self.month = month  # (year, month) or None for the term
        self.done = done
        self.required = required

    @property
    def met(self):
        return self.done >= self.required

    @property
    def missing(self):
        return max(0, self.required - self.done)

    def __repr__(self):
        return f"Progress({self.quota.rule}, {self.month}, {self.done}/{self.required})"


def _measure(quota, entries):
    selected = [entry for entry in entries if entry.task == quota.task]
    if quota.measure == "entries":
        return len(selected)
    students = set()
    for entry in selected:
        students |= entry.students
    return len(students)


def quota_progress(quotas, entries, months, class_size, talk_ratio=0.5):
    """Done against required for every quota: monthly quotas once per counted
    month, term quotas once. Talks (``class_share``) count distinct students
    against ``talk_ratio`` of the class size, rounded up (R-TASK-2b)."""
    result = []
    for quota in quotas:
        if quota.period == "month":
            for year, month, first, last in months:
                inside = [e for e in entries if first <= e.date <= last]
                result.append(
                    Progress(quota, (year, month), _measure(quota, inside), quota.minimum)
                )
        else:
            required = (
                talk_target(class_size, talk_ratio)
                if quota.measure == "class_share"
                else quota.minimum
            )
            result.append(Progress(quota, None, _measure(quota, entries), required))
    return result


# ---------------------------------------------------------------------------
# Term grade (R-EVAL-1 … R-EVAL-5, R-USE-2, R-MISC-1)
# ---------------------------------------------------------------------------


def student_evaluation_valid(participants, class_size, ratio=2 / 3):
    """R-EVAL-3: valid when at least ``ratio`` of the class took part."""
    if not class_size:
        return False
    share = _fraction(ratio)
    return participants * share.denominator >= class_size * share.numerator


class ClassResult:
    """What the grade of one assigned class rests on."""

    def __init__(
        self,
        class_name,
        shortfalls=(),
        evaluation=None,
        is_new_class=False,
        rank_grade=None,
        grade_size=None,
        previous_rank_grade=None,
        score=None,
        previous_score=None,
    ):
        self.class_name = class_name
        # handbook quotas not met: [(rule, task, done, required, month-or-None)]
        self.shortfalls = list(shortfalls)
        # (participants, class_size, mean) or None when there is none
        self.evaluation = evaluation
        self.is_new_class = is_new_class
        self.rank_grade = rank_grade
        self.grade_size = grade_size
        self.previous_rank_grade = previous_rank_grade
        self.score = score
        self.previous_score = previous_score


def grade_mentor(
    classes,
    participation_ratio=2 / 3,
    score_pass=60.0,
    new_class_top_ratio=2 / 3,
    basis="rank",
    combination="all",
    misconduct=None,
):
    """A mentor's term grade from the classes they mentored (R-EVAL-1).

    Returns ``(performance_ok, student_ok, quantification_ok, result,
    reasons)``. Performance (R-EVAL-2) passes when every handbook quota is
    met; the student evaluation (R-EVAL-3) when valid and its mean reaches
    ``score_pass``; class quantification (R-EVAL-4) when a new-student class
    ranks in the top ``new_class_top_ratio`` of its grade and any other
    class improved on its previous term (by grade rank, or by score when
    ``basis`` is ``score``). Missing data is a reason, never a silent pass.
    ``combination`` ``all`` passes only when the three parts pass.
    Misconduct (R-MISC-1) fails the mentor whatever the figures.
    """
    reasons = []
    performance_ok = student_ok = quantification_ok = True
    if not classes:
        reasons.append(Reason("R-EVAL-1", "no_class"))
        performance_ok = student_ok = quantification_ok = False
    for cls in classes:
        for rule, task, done, required, month in cls.shortfalls:
            performance_ok = False
            reasons.append(
                Reason(
                    rule,
                    "quota_month" if month else "quota_term",
                    class_name=cls.class_name,
                    task=task,
                    done=done,
                    required=required,
                    month=month,
                )
            )
        if cls.evaluation is None:
            student_ok = False
            reasons.append(Reason("R-EVAL-3", "evaluation_missing", class_name=cls.class_name))
        else:
            participants, size, mean = cls.evaluation
            if not student_evaluation_valid(participants, size, participation_ratio):
                student_ok = False
                reasons.append(
                    Reason(
                        "R-EVAL-3",
                        "evaluation_invalid",
                        class_name=cls.class_name,
                        participants=participants,
                        size=size,
                    )
                )
            elif mean + 1e-9 < score_pass:
                student_ok = False
                reasons.append(
                    Reason(
                        "R-EVAL-3",
                        "evaluation_low",
                        class_name=cls.class_name,
                        mean=mean,
                        minimum=score_pass,
                    )
                )
        if not cls.rank_grade:
            quantification_ok = False
            reasons.append(Reason("R-EVAL-4", "ranking_missing", class_name=cls.class_name))
        elif cls.is_new_class:
            if not in_top_share(cls.rank_grade, cls.grade_size, new_class_top_ratio):
                quantification_ok = False
                reasons.append(
                    Reason(
                        "R-EVAL-4",
                        "new_class_rank",
                        class_name=cls.class_name,
                        rank=cls.rank_grade,
                        size=cls.grade_size,
                    )
                )
        elif basis == "score":
            if cls.previous_score is None:
                quantification_ok = False
                reasons.append(Reason("R-EVAL-4", "previous_missing", class_name=cls.class_name))
            elif not (cls.score or 0) > cls.previous_score:
                quantification_ok = False
                reasons.append(
                    Reason(
                        "R-EVAL-4",
                        "score_not_improved",
                        class_name=cls.class_name,
                        score=cls.score,
                        previous=cls.previous_score,
                    )
                )
        elif not cls.previous_rank_grade:
            quantification_ok = False
            reasons.append(Reason("R-EVAL-4", "previous_missing", class_name=cls.class_name))
        elif not cls.rank_grade < cls.previous_rank_grade:
            quantification_ok = False
            reasons.append(
                Reason(
                    "R-EVAL-4",
                    "rank_not_improved",
                    class_name=cls.class_name,
                    rank=cls.rank_grade,
                    previous=cls.previous_rank_grade,
                )
            )
    if combination == "performance_and_student":
        passed = performance_ok and student_ok
    else:
        passed = performance_ok and student_ok and quantification_ok
    if misconduct:
        passed = False
        reasons.insert(0, Reason("R-MISC-1", "misconduct", note=misconduct))
    return performance_ok, student_ok, quantification_ok, "pass" if passed else "fail", reasons


def served_full_term(term_start, term_end, assign_start, assign_end, left_on=None):
    """R-USE-2: the mentor served the whole term (no late start, no leaving)."""
    if left_on and left_on <= term_end:
        return False
    return assign_start <= term_start and assign_end >= term_end
