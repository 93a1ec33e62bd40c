"""The regulation's arithmetic in plain Python.

Nothing here imports Odoo: each function takes plain facts and returns plain
values, so the rules read like the regulation (see the rule IDs) and are
unit-tested without a database.
"""

import datetime
import functools
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


def check_eligibility(
    facts, cadre_age_limit=50, min_head_teacher_years=3.0, cadre_rules_bind_all=True
):
    """Decide whether an applicant may become a class mentor.

    R-ELIG-1 names three bases: (a) an in-post cadre at middle-level deputy
    rank or above, (b) an associate-senior title or above, (c) a
    provincial-level honour for student-development work. A cadre is bound by
    R-ELIG-2 (a cadre aged ``cadre_age_limit`` or younger at term start -- the
    Chinese "50 岁以下" includes 50 -- also heads a class in school) and
    R-ELIG-3 (bachelor's degree or above); everyone else by R-ELIG-4 (at
    least ``min_head_teacher_years`` as head teacher).

    With ``cadre_rules_bind_all`` (the default reading of the text) every
    in-post cadre is judged as a cadre: a senior title or an honour does not
    lift R-ELIG-2/3 and R-ELIG-4 does not apply to them. Without it, any one
    qualifying basis is enough (the looser reading a policy may choose).
    R-ELIG-6 bars whoever failed the previous term, whatever the basis.
    R-ELIG-5 is judged by reviewers, not here.
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
    other_bases = [basis for basis in bases if basis != "a"]
    if is_cadre:
        cadre_failures = cadre_findings(facts, cadre_age_limit)
        failures.extend(cadre_failures)
        if not cadre_failures:
            qualified.append("a")
            if cadre_rules_bind_all:
                # R-ELIG-4 binds non-cadres only: the other bases are held as they are
                qualified.extend(other_bases)
    if other_bases and not (is_cadre and cadre_rules_bind_all):
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


def cadre_findings(facts, cadre_age_limit=50):
    """R-ELIG-2 and R-ELIG-3 findings against a cadre (empty when both hold).

    "50 岁以下" counts inclusively, as 本科以上 and 3 年以上 do: a cadre aged
    exactly ``cadre_age_limit`` must head a class; one year older need not.
    """
    findings = []
    if not facts.is_head_teacher:
        if facts.age is None:
            findings.append(Reason("R-ELIG-2", "cadre_age_unknown", limit=cadre_age_limit))
        elif facts.age <= cadre_age_limit:
            findings.append(
                Reason("R-ELIG-2", "cadre_not_head_teacher", age=facts.age, limit=cadre_age_limit)
            )
    if not education_at_least(facts.education, "bachelor"):
        findings.append(Reason("R-ELIG-3", "cadre_education", education=facts.education))
    return findings


# ---------------------------------------------------------------------------
# The calendar of terms (R-ELIG-6, R-EVAL-4, R-MATCH-3, R-MISC-2)
# ---------------------------------------------------------------------------


def term_key(academic_year, term_number):
    """A term's place in the calendar: ``("2025-2026", "2")`` -> ``(2025, 2)``."""
    number = int(term_number)
    if number not in (1, 2):
        raise ValueError(f"not a term number: {term_number!r}")
    return academic_year_start(academic_year), number


def academic_year_text(start_year):
    return f"{start_year}-{start_year + 1}"


def previous_term_key(key):
    """The term that immediately precedes ``key`` in the calendar: term 2
    follows term 1 of the same academic year, term 1 follows term 2 of the
    academic year before (R-ELIG-6: "next term" is the calendar's next)."""
    year, number = key
    return (year, 1) if number == 2 else (year - 1, 2)


def next_term_key(key):
    year, number = key
    return (year, 2) if number == 1 else (year + 1, 1)


def policy_applies(term_key_, term_start, first_term=None, date_from=None):
    """R-MISC-2: a policy version judges a term when the term is its first
    term or a later one; a version without a first term is in force from
    its date, for terms starting on or after it."""
    if first_term:
        return term_key_ >= first_term
    return bool(date_from) and date_from <= term_start


# ---------------------------------------------------------------------------
# Rankings (R-MATCH-3, R-EVAL-4)
# ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
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


def rank_improved(rank, size, previous_rank, previous_size, keep_top_counts=True):
    """R-EVAL-4: the class improved on its previous term's grade rank.

    An equal rank is not an improvement. A class ranked first both terms
    cannot improve its rank: ``keep_top_counts`` (the default reading)
    counts keeping the top place as improved. When the grade's size changed
    between the terms, ranks are compared as shares of the grade (rank 5 of
    12 is better than rank 5 of 10).
    """
    if rank == 1 and previous_rank == 1:
        return bool(keep_top_counts)
    if size and previous_size and size != previous_size:
        return rank * previous_size < previous_rank * size
    return rank < previous_rank


# ---------------------------------------------------------------------------
# Matching (R-MATCH-1 … R-MATCH-3)
# ---------------------------------------------------------------------------


def apportion(seats, weights, limits=None):
    """Share ``seats`` among keys in proportion to ``weights`` (R-MATCH-1).

    ``limits`` caps each key (a department cannot receive more mentors than
    it has open classes); it defaults to the weights themselves. A key that
    reaches its cap keeps it and the other keys share the rest in
    proportion; seats left once every weighted key is full go to the keys
    with room left, in proportion to that room. Seats beyond the caps' total
    stay unassigned. Largest-remainder rounding; ties go to the larger
    weight, then to the smaller key: the same inputs always give the same
    shares.
    """
    keys = sorted(weights)
    limits = weights if limits is None else limits
    room = {k: max(0, int(limits.get(k, 0) or 0)) for k in keys}
    seats = max(0, min(seats, sum(room.values())))
    shares = dict.fromkeys(keys, 0)
    weight = {k: max(0, weights[k] or 0) for k in keys}
    while seats:
        open_keys = [k for k in keys if room[k] > shares[k] and weight[k] > 0]
        if not open_keys:
            # every weighted key is full: share the rest by the room left
            open_keys = [k for k in keys if room[k] > shares[k]]
            if not open_keys:
                break
            weight = {k: room[k] - shares[k] for k in keys}
        total = sum(weight[k] for k in open_keys)
        exact = {k: Fraction(seats * weight[k], total) for k in open_keys}
        full = [k for k in open_keys if exact[k] >= room[k] - shares[k]]
        if full:
            for key in full:
                seats -= room[key] - shares[key]
                shares[key] = room[key]
            continue
        remainders = []
        for key in open_keys:
            shares[key] += int(exact[key])
            seats -= int(exact[key])
            remainders.append((exact[key] - int(exact[key]), weight[key], key))
        remainders.sort(key=lambda item: (-item[0], -item[1], item[2]))
        for _remainder, _weight, key in remainders[:seats]:
            shares[key] += 1
        seats = 0
    return shares


SHARE_BASES = ("classes", "students", "priority")


def share_seats(seats, open_classes, basis="classes", students=None, priority=None):
    """R-MATCH-1: share the seats (confirmed mentors x classes per mentor)
    among departments, never more than a department's open classes.

    ``classes``: in proportion to the open classes; ``students``: to the
    students of the open classes; ``priority``: each department first
    covers its priority classes (R-MATCH-3), in proportion to them, and the
    seats left follow the open classes left.
    """
    if basis == "students":
        return apportion(seats, students or {}, limits=open_classes)
    if basis == "priority":
        priority = {key: min(priority.get(key, 0), open_classes[key]) for key in open_classes}
        first = apportion(seats, priority)
        room = {key: open_classes[key] - first[key] for key in open_classes}
        rest = apportion(seats - sum(first.values()), room)
        return {key: first[key] + rest[key] for key in open_classes}
    return apportion(seats, open_classes)


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
    # most of a term's appointments share their dates: computed once for them
    return list(_counted_months(term_start, term_end, assign_start, assign_end, min_days))


@functools.lru_cache(maxsize=1024)
def _counted_months(term_start, term_end, assign_start, assign_end, min_days):
    start = max(term_start, assign_start)
    end = min(term_end, assign_end)
    months = []
    if start > end:
        return ()
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        first, last = _month_bounds(year, month)
        inside_first, inside_last = max(first, start), min(last, end)
        days = (inside_last - inside_first).days + 1
        whole = inside_first == first and inside_last == last
        if whole or days >= min_days:
            months.append((year, month, inside_first, inside_last))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(months)


def enrolment_during_term(enrolled, entries):
    """R-TASK-2b: the class's students during the term: those enrolled now
    and those named in the handbook who left since (a student talked to
    before leaving still counts, in the target and in the talks done)."""
    students = set(enrolled)
    for entry in entries:
        students |= entry.students
    return len(students)


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
    def __init__(self, date, task, students=(), counts=True):
        self.date = date
        self.task = task
        self.students = frozenset(students)
        # False for task types recorded but not counted (attended class
        # meetings, other work: R-TASK-1)
        self.counts = bool(counts)


class Progress:
    __slots__ = ("done", "month", "quota", "required")

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


def entry_totals(entries, months):
    """Entries and distinct students of each type, per counted month (inside
    the month's counted days) and over the term (key ``None``), of the
    entries that count (R-TASK-1): ``{(task, month): (entries, students)}``.
    The database computes the same figures with one grouped query."""
    selected = [entry for entry in entries if entry.counts]
    buckets = {}
    for entry in selected:
        buckets.setdefault((entry.task, None), []).append(entry)
        for year, month, first, last in months:
            if first <= entry.date <= last:
                buckets.setdefault((entry.task, (year, month)), []).append(entry)
    totals = {}
    for key, items in buckets.items():
        students = set()
        for entry in items:
            students |= entry.students
        totals[key] = (len(items), len(students))
    return totals


def quota_progress_from_totals(quotas, totals, months, class_size, talk_ratio=0.5):
    """Done against required for every quota, from the figures of
    ``entry_totals``: monthly quotas once per counted month, term quotas once.
    Talks (``class_share``) count distinct students against ``talk_ratio`` of
    the class size, rounded up (R-TASK-2b)."""
    result = []
    append = result.append
    figures_of = totals.get
    for quota in quotas:
        # the figure the quota counts: entries, or distinct students
        index = 0 if quota.measure == "entries" else 1
        task = quota.task
        if quota.period == "month":
            minimum = quota.minimum
            for year, month, _first, _last in months:
                key = (year, month)
                figures = figures_of((task, key))
                append(Progress(quota, key, figures[index] if figures else 0, minimum))
        else:
            required = (
                talk_target(class_size, talk_ratio)
                if quota.measure == "class_share"
                else quota.minimum
            )
            figures = figures_of((task, None))
            append(Progress(quota, None, figures[index] if figures else 0, required))
    return result


def due_and_behind(progress, today, end):
    """The quotas due by ``today``, and those of them behind: a monthly
    quota is due from its month on and behind when it is not met in the
    current month; a term quota is due at once and behind when it is not met
    once the last month of the appointment (ending on ``end``) has come."""
    current = (today.year, today.month)
    last_month_come = (end.year, end.month) <= current
    due, behind = [], []
    for item in progress:
        month = item.month
        if month is None:
            due.append(item)
            if last_month_come and item.done < item.required:
                behind.append(item)
        elif month <= current:
            due.append(item)
            if month == current and item.done < item.required:
                behind.append(item)
    return due, behind


def quota_progress(quotas, entries, months, class_size, talk_ratio=0.5):
    """Done against required for every quota, from the entries themselves
    (see ``quota_progress_from_totals``)."""
    return quota_progress_from_totals(
        quotas, entry_totals(entries, months), months, class_size, talk_ratio
    )


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
        handbook_submitted=True,
        previous_grade_size=None,
        previous_term_missing=None,
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
        self.previous_grade_size = previous_grade_size
        self.score = score
        self.previous_score = previous_score
        # R-EVAL-2: the mentor submitted the handbook to the SAO
        self.handbook_submitted = handbook_submitted
        # (academic year, term number) of the previous term when the college
        # has no record of it: nothing to compare with (R-EVAL-4)
        self.previous_term_missing = previous_term_missing


# Findings that name missing data rather than a failure: a part resting on
# them is neither passed nor failed (incomplete).
MISSING_KEYS = frozenset(
    {"evaluation_missing", "ranking_missing", "previous_missing", "previous_term_missing"}
)


def _part(statuses):
    """A part of the grade from its findings per class: False when any
    failed, None (incomplete) when data is missing, True otherwise."""
    if False in statuses:
        return False
    if None in statuses:
        return None
    return True


def _student_status(cls, participation_ratio, score_pass):
    if cls.evaluation is None:
        return None, Reason("R-EVAL-3", "evaluation_missing", class_name=cls.class_name)
    participants, size, mean = cls.evaluation
    if not student_evaluation_valid(participants, size, participation_ratio):
        return False, Reason(
            "R-EVAL-3",
            "evaluation_invalid",
            class_name=cls.class_name,
            participants=participants,
            size=size,
        )
    if mean + 1e-9 < score_pass:
        return False, Reason(
            "R-EVAL-3", "evaluation_low", class_name=cls.class_name, mean=mean, minimum=score_pass
        )
    return True, None


def _quantification_status(cls, new_class_top_ratio, basis, keep_top_counts):
    name = cls.class_name
    if not cls.rank_grade:
        return None, Reason("R-EVAL-4", "ranking_missing", class_name=name)
    if cls.is_new_class:
        if in_top_share(cls.rank_grade, cls.grade_size, new_class_top_ratio):
            return True, None
        return False, Reason(
            "R-EVAL-4", "new_class_rank", class_name=name, rank=cls.rank_grade, size=cls.grade_size
        )
    if cls.previous_term_missing:
        year, number = cls.previous_term_missing
        return None, Reason(
            "R-EVAL-4", "previous_term_missing", class_name=name, year=year, term_number=number
        )
    if basis == "score":
        if cls.previous_score is None:
            return None, Reason("R-EVAL-4", "previous_missing", class_name=name)
        if (cls.score or 0) > cls.previous_score:
            return True, None
        return False, Reason(
            "R-EVAL-4",
            "score_not_improved",
            class_name=name,
            score=cls.score,
            previous=cls.previous_score,
        )
    if not cls.previous_rank_grade:
        return None, Reason("R-EVAL-4", "previous_missing", class_name=name)
    if rank_improved(
        cls.rank_grade,
        cls.grade_size,
        cls.previous_rank_grade,
        cls.previous_grade_size,
        keep_top_counts,
    ):
        return True, None
    return False, Reason(
        "R-EVAL-4",
        "rank_not_improved",
        class_name=name,
        rank=cls.rank_grade,
        size=cls.grade_size,
        previous=cls.previous_rank_grade,
        previous_size=cls.previous_grade_size,
    )


def grade_mentor(
    classes,
    participation_ratio=2 / 3,
    score_pass=60.0,
    new_class_top_ratio=2 / 3,
    basis="rank",
    combination="all",
    misconduct=None,
    keep_top_counts=True,
    unsubmitted_handbook="fail",
):
    """A mentor's term grade from the classes they mentored (R-EVAL-1).

    Returns ``(performance_ok, student_ok, quantification_ok, result,
    reasons)``; each part is True (pass), False (fail) or None (incomplete:
    data is missing), and ``result`` is ``pass``, ``fail`` or
    ``incomplete``.

    Performance (R-EVAL-2) passes when every handbook quota is met and the
    handbook was submitted (``unsubmitted_handbook`` ``warn`` only notes an
    unsubmitted handbook). The student evaluation (R-EVAL-3) passes when
    valid and its mean reaches ``score_pass``. Class quantification
    (R-EVAL-4) passes when a new-student class ranks in the top
    ``new_class_top_ratio`` of its grade and any other class improved on
    its previous term (by grade rank, see ``rank_improved``, or by score
    when ``basis`` is ``score``). Missing data -- a student evaluation, a
    ranking, the previous term's ranking or the previous term itself -- is
    neither a pass nor a fail: it is named, and the grade is incomplete
    unless a part that counts failed (then nothing missing could make it a
    pass). ``combination`` ``all`` needs the three parts,
    ``performance_and_student`` the first two. Misconduct (R-MISC-1) fails
    the mentor whatever the figures.
    """
    reasons = []
    performance = []
    student = []
    quantification = []
    if not classes:
        reasons.append(Reason("R-EVAL-1", "no_class"))
        performance = student = quantification = [False]
    for cls in classes:
        # the months a monthly quota fell short make one finding per task
        by_task = {}
        for rule, task, done, required, month in cls.shortfalls:
            performance.append(False)
            if not month:
                reasons.append(
                    Reason(
                        rule,
                        "quota_term",
                        class_name=cls.class_name,
                        task=task,
                        done=done,
                        required=required,
                    )
                )
            elif (rule, task) in by_task:
                by_task[rule, task].facts["months"].append([month, done, required])
            else:
                by_task[rule, task] = Reason(
                    rule,
                    "quota_months",
                    class_name=cls.class_name,
                    task=task,
                    months=[[month, done, required]],
                )
                reasons.append(by_task[rule, task])
        if not cls.handbook_submitted:
            warn = unsubmitted_handbook == "warn"
            performance.append(True if warn else False)
            reasons.append(
                Reason(
                    "R-EVAL-2",
                    "handbook_warning" if warn else "handbook_not_submitted",
                    class_name=cls.class_name,
                )
            )
        for statuses, (status, reason) in (
            (student, _student_status(cls, participation_ratio, score_pass)),
            (
                quantification,
                _quantification_status(cls, new_class_top_ratio, basis, keep_top_counts),
            ),
        ):
            statuses.append(status)
            if reason:
                reasons.append(reason)
    performance_ok = _part(performance or [True])
    student_ok = _part(student)
    quantification_ok = _part(quantification)
    parts = [performance_ok, student_ok]
    if combination != "performance_and_student":
        parts.append(quantification_ok)
    result = _part(parts)
    if misconduct:
        result = False
        reasons.insert(0, Reason("R-MISC-1", "misconduct", note=misconduct))
    label = {True: "pass", False: "fail", None: "incomplete"}[result]
    return performance_ok, student_ok, quantification_ok, label, reasons


def missing_data(reasons):
    """The findings that name missing data (R-EVAL: an incomplete grade)."""
    return [reason for reason in reasons if reason.key in MISSING_KEYS]


def served_full_term(term_start, term_end, assign_start, assign_end, left_on=None):
    """R-USE-2: the mentor served the whole term -- no late start (R-REV-3),
    no leaving before the term's last day (R-APP-3). Leaving on the last day
    is a full term."""
    if left_on and left_on < term_end:
        return False
    return assign_start <= term_start and assign_end >= term_end


def appointment_start(term_start, made_on, confirmed_on=None):
    """R-REV-3: an appointment starts on the later of the term's first day,
    the day it is made and the day the mentor was confirmed: months before
    it do not count, and a late start is not a full term (R-USE-2)."""
    return max(day for day in (term_start, made_on, confirmed_on) if day)
