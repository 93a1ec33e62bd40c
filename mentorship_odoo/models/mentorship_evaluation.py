import datetime
import functools
import hashlib
import json
import logging
import typing

import psycopg2

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_list

from ..lib.regulation import (
    MISSING_KEYS,
    ClassResult,
    Reason,
    academic_year_text,
    grade_mentor,
    is_new_student_class,
    previous_term_key,
    served_full_term,
    term_key,
)
from .bulk import JsonText, compact_json, insert_rows, paused_gc
from .mentorship_assignment import QUOTA_FACT_COLUMNS, QuotaFacts

_logger = logging.getLogger(__name__)


class ExistingGrade(typing.NamedTuple):
    """What grading reads of a grade already there."""

    id: int
    state: str
    misconduct: str | None
    grade_fingerprint: str | None


class MentorFacts(typing.NamedTuple):
    """What a mentor's grade reads besides the assignments' inputs."""

    user_id: int | None
    # the latest withdrawal of the mentor's application for the term (R-APP-3)
    withdrawn: datetime.date | None
    evaluation: ExistingGrade | None
    # the sums of ``_grade_summed_columns`` over the mentor's assignments
    sums: list


# the columns ``_grade_inputs`` reads of a mentor besides the sums
MENTOR_FACT_COLUMNS = 6

OFFICE = "mentorship_odoo.group_mentorship_office"
RESULTS = [("pass", "Pass"), ("fail", "Fail")]
# missing data is neither a pass nor a fail (R-EVAL): the officer decides
# an incomplete grade with a written reason (the override)
COMPUTED_RESULTS = [*RESULTS, ("incomplete", "Incomplete")]
# what computing the grades writes (R-EVAL-1)
GRADE_FIELDS = (
    "assignment_ids",
    "performance_ok",
    "student_ok",
    "quantification_ok",
    "computed_result",
    "reason_data",
    "full_term",
    "state",
)
GRADE_FIELDS_SET = frozenset(GRADE_FIELDS)


class MentorshipEvaluation(models.Model):
    _name = "mentorship.evaluation"
    _description = "Mentor Term Evaluation"
    _inherit = ["mentorship.guard.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "term_id desc, department_id, employee_id"
    # grades change only through computing, the override with its reason and
    # the state actions
    _protected_fields = ("term_id", "employee_id", "grade_fingerprint", *GRADE_FIELDS)
    # the assignments' columns a new grade's row sums per mentor (see _grade_rows)
    _grade_summed_columns = ()

    # searched through the unique (term, mentor) index: no index of its own
    term_id = fields.Many2one("mentorship.term", string="Term", required=True, readonly=True)
    employee_id = fields.Many2one(
        "hr.employee", string="Mentor", required=True, index=True, readonly=True
    )
    user_id = fields.Many2one(related="employee_id.user_id", store=True, string="User")
    department_id = fields.Many2one(
        "hr.department", string="Department", compute="_compute_department_id", store=True
    )
    # computed with the other stored fields after the batch insert: a
    # precomputed field would build a draft record of each new grade first
    company_id = fields.Many2one(
        "res.company", related="term_id.company_id", store=True, index=True
    )
    assignment_ids = fields.Many2many("mentorship.assignment", string="Assignments", readonly=True)
    class_names = fields.Char(compute="_compute_department_id", store=True, string="Classes")
    performance_ok = fields.Boolean(string="Performance", tracking=True, readonly=True)
    student_ok = fields.Boolean(string="Student Evaluation", tracking=True, readonly=True)
    quantification_ok = fields.Boolean(string="Class Quantification", tracking=True, readonly=True)
    computed_result = fields.Selection(COMPUTED_RESULTS, tracking=True, readonly=True)
    override_result = fields.Selection(
        RESULTS,
        tracking=True,
        help="The Student Affairs Office's decision, with a written reason: overrides the "
        "computed grade, or decides an incomplete one (R-EVAL).",
    )
    override_reason = fields.Text(tracking=True)
    result = fields.Selection(
        COMPUTED_RESULTS, compute="_compute_result", store=True, tracking=True
    )
    reason_data = JsonText(
        readonly=True,
        help="The findings behind the grade: rule ID, key and figures of each, rendered in "
        "the reader's language.",
    )
    reasons = fields.Text(compute="_compute_reasons")
    missing_data = fields.Text(
        string="Missing Data",
        compute="_compute_reasons",
        help="What the grade still needs: a student evaluation, a ranking, or the previous "
        "term's ranking. An incomplete grade is neither a pass nor a fail.",
    )
    misconduct = fields.Text(
        string="Misconduct",
        tracking=True,
        help="R-MISC-1: breach of teacher ethics, neglect of duties or falsified records; "
        "forces a fail.",
    )
    full_term = fields.Boolean(
        readonly=True,
        tracking=True,
        help="R-USE-2: served the whole term (no late start, no leaving).",
    )
    title_points_eligible = fields.Boolean(
        string="Title-Evaluation Points",
        compute="_compute_result",
        store=True,
        help="R-USE-2: a pass over a full term earns student-development points.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("computed", "Computed"),
            ("reported", "Reported"),
            ("final", "Final"),
        ],
        default="draft",
        required=True,
        copy=False,
        readonly=True,
        tracking=True,
    )

    grade_fingerprint = fields.Char(
        readonly=True,
        copy=False,
        help="Digest of the grade as last computed; a recompute that gives the same grade "
        "writes nothing. Cleared whenever the grade is written otherwise.",
    )

    _term_employee_unique = models.Constraint(
        "UNIQUE(term_id, employee_id)", "A mentor has one evaluation per term."
    )

    def init(self):
        # a grade's findings run to a few kilobytes: PostgreSQL compresses
        # them, faster with lz4 where the server has it (new values only)
        self.env.cr.execute(
            "SELECT attcompression FROM pg_attribute "
            "WHERE attrelid = 'mentorship_evaluation'::regclass AND attname = 'reason_data'"
        )
        if self.env.cr.fetchone() == ("l",):
            return
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    "ALTER TABLE mentorship_evaluation ALTER COLUMN reason_data SET COMPRESSION lz4"
                )
        except psycopg2.Error:
            _logger.info("lz4 compression unavailable: grade findings use the default")

    @api.depends("employee_id", "term_id")
    def _compute_display_name(self):
        for evaluation in self:
            evaluation.display_name = self.env._(
                "%(mentor)s, %(term)s",
                mentor=evaluation.employee_id.name or "",
                term=evaluation.term_id.name or "",
            )

    @api.depends("assignment_ids.class_id")
    def _compute_department_id(self):
        self.assignment_ids.class_id.mapped("department_id")  # one read for the batch
        for evaluation in self:
            classes = evaluation.assignment_ids.class_id
            evaluation.update(
                self._classes_values(classes.mapped("name"), classes[:1].department_id.id)
            )

    @api.model
    def _classes_values(self, names, department_id):
        """The department (of the first class) and the class names of a grade."""
        return {"department_id": department_id, "class_names": "、".join(names)}

    @api.depends("computed_result", "override_result", "full_term")
    def _compute_result(self):
        for evaluation in self:
            evaluation.update(
                self._result_values(
                    evaluation.computed_result, evaluation.override_result, evaluation.full_term
                )
            )

    @api.model
    def _result_values(self, computed_result, override_result, full_term):
        """The grade that counts and whether it earns title-evaluation points (R-USE-2)."""
        result = override_result or computed_result
        return {"result": result, "title_points_eligible": result == "pass" and bool(full_term)}

    @api.depends("reason_data")
    @api.depends_context("lang")
    def _compute_reasons(self):
        for evaluation in self:
            texts = [
                (
                    item.get("key"),
                    self._reason_text(Reason(item["rule"], item["key"], **item.get("facts", {}))),
                )
                for item in evaluation.reason_data or []
            ]
            evaluation.reasons = "\n".join(text for _key, text in texts)
            evaluation.missing_data = "\n".join(text for key, text in texts if key in MISSING_KEYS)

    @api.model
    def _reason_data(self, reasons):
        """Store the findings, not their words (rendered at read time)."""
        return [
            {"rule": reason.rule, "key": reason.key, "facts": dict(reason.facts)}
            for reason in reasons
        ]

    @api.constrains("override_result", "override_reason")
    def _check_override_reason(self):
        for evaluation in self:
            if evaluation.override_result and not (evaluation.override_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Overriding the grade of %(name)s needs a written reason.",
                        name=evaluation.employee_id.name,
                    )
                )

    @api.constrains("override_result", "misconduct")
    def _check_override_misconduct(self):
        for evaluation in self:
            if evaluation.override_result == "pass" and (evaluation.misconduct or "").strip():
                raise ValidationError(
                    self.env._(
                        "R-MISC-1: misconduct is recorded for %(name)s; the grade cannot be "
                        "overridden to a pass.",
                        name=evaluation.employee_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(
                self.env._("Evaluations are created by computing the term's grades (R-EVAL-1).")
            )
        return super().create(vals_list)

    def write(self, vals):
        if "grade_fingerprint" not in vals and not GRADE_FIELDS_SET.isdisjoint(vals):
            # the grade no longer is the one last computed: the next
            # computation compares it field by field
            vals = {**vals, "grade_fingerprint": False}
        if not self.env.su:
            self.check_access("write")
            if not self.env.user.has_group(OFFICE):
                raise AccessError(self.env._("Only the Student Affairs Office overrides a grade."))
            for evaluation in self:
                if evaluation.state == "final":
                    raise UserError(
                        self.env._(
                            "The grade of %(name)s is final and locked; an officer reopens it "
                            "first.",
                            name=evaluation.employee_id.name,
                        )
                    )
                if evaluation.term_id.state == "closed":
                    raise UserError(
                        self.env._(
                            "%(term)s is closed: its grades are locked.",
                            term=evaluation.term_id.name,
                        )
                    )
        return super().write(vals)

    def _grade_changes(self, values):
        """The part of ``values`` (as computed, ``assignment_ids`` a list of
        ids) that differs from what the evaluation holds."""
        self.ensure_one()
        changed = {}
        for name, value in values.items():
            field = self._fields[name]
            if name == "assignment_ids":
                if set(self[name].ids) != set(value):
                    changed[name] = sorted(value)
                continue
            if field.type == "json":
                # the stored value as cached, not the deep copy a read makes
                self.fetch([name])
                current = self.env.cache.get(self, field, None)
                value = json.loads(json.dumps(value))  # as stored: tuples as lists
            else:
                current = self[name]
            if (current or False) != (value or False):
                changed[name] = value
        return changed

    @api.ondelete(at_uninstall=False)
    def _unlink_except_final(self):
        if any(e.state != "draft" for e in self):
            raise UserError(self.env._("Only draft evaluations can be deleted."))

    @api.model
    def _reason_text(self, reason):
        """A grade's reason in the reader's language, with its rule ID and figures."""
        facts = reason.facts
        if reason.key == "legacy":
            return facts.get("text") or ""  # kept as written before reasons were facts
        terms = dict(
            self.env["mentorship.term"]._fields["term_number"]._description_selection(self.env)
        )
        texts = {
            "no_class": self.env._("no class was mentored this term"),
            # the findings of grades computed before the months were grouped
            "quota_month": self.env._(
                "%(class_name)s: %(done)s/%(required)s %(task)s in %(month)s",
                class_name=facts.get("class_name"),
                done=facts.get("done"),
                required=facts.get("required"),
                task=facts.get("task"),
                month=facts.get("month"),
            ),
            "quota_months": self.env._(
                "%(class_name)s: %(task)s short of the monthly quota in %(months)s",
                class_name=facts.get("class_name"),
                task=facts.get("task"),
                months=format_list(
                    self.env,
                    [
                        self.env._(
                            "%(month)s (%(done)s/%(required)s)",
                            month=month,
                            done=done,
                            required=required,
                        )
                        for month, done, required in facts.get("months") or ()
                    ],
                ),
            ),
            "quota_term": self.env._(
                "%(class_name)s: %(done)s/%(required)s %(task)s in the term",
                class_name=facts.get("class_name"),
                done=facts.get("done"),
                required=facts.get("required"),
                task=facts.get("task"),
            ),
            "evaluation_missing": self.env._(
                "%(class_name)s: no student evaluation", class_name=facts.get("class_name")
            ),
            "evaluation_invalid": self.env._(
                "%(class_name)s: student evaluation invalid, %(participants)s of %(size)s "
                "students took part",
                class_name=facts.get("class_name"),
                participants=facts.get("participants"),
                size=facts.get("size"),
            ),
            "evaluation_low": self.env._(
                "%(class_name)s: student evaluation mean %(mean)s, below %(minimum)s",
                class_name=facts.get("class_name"),
                mean=facts.get("mean"),
                minimum=facts.get("minimum"),
            ),
            "ranking_missing": self.env._(
                "%(class_name)s: no quantification ranking this term",
                class_name=facts.get("class_name"),
            ),
            "previous_missing": self.env._(
                "%(class_name)s: no ranking of the previous term to compare with",
                class_name=facts.get("class_name"),
            ),
            "new_class_rank": self.env._(
                "%(class_name)s: new-student class ranked %(rank)s of %(size)s in its grade, "
                "outside the top two thirds",
                class_name=facts.get("class_name"),
                rank=facts.get("rank"),
                size=facts.get("size"),
            ),
            "rank_not_improved": self.env._(
                "%(class_name)s: ranked %(rank)s of %(size)s in its grade, previous term "
                "%(previous)s of %(previous_size)s: not improved",
                class_name=facts.get("class_name"),
                rank=facts.get("rank"),
                size=facts.get("size") or "?",
                previous=facts.get("previous"),
                previous_size=facts.get("previous_size") or "?",
            ),
            "previous_term_missing": self.env._(
                "%(class_name)s: the previous term (%(year)s, %(term)s) is not recorded, so "
                "there is no ranking to compare with",
                class_name=facts.get("class_name"),
                year=facts.get("year"),
                term=terms.get(facts.get("term_number"), facts.get("term_number")),
            ),
            "handbook_not_submitted": self.env._(
                "%(class_name)s: the handbook was not submitted to the Student Affairs Office",
                class_name=facts.get("class_name"),
            ),
            "handbook_warning": self.env._(
                "%(class_name)s: warning, the handbook was not submitted to the Student Affairs "
                "Office",
                class_name=facts.get("class_name"),
            ),
            "score_not_improved": self.env._(
                "%(class_name)s: score %(score)s, previous term %(previous)s: not improved",
                class_name=facts.get("class_name"),
                score=facts.get("score"),
                previous=facts.get("previous"),
            ),
            "misconduct": self.env._("misconduct recorded: %(note)s", note=facts.get("note")),
        }
        return self.env._("%(rule)s: %(text)s", rule=reason.rule, text=texts[reason.key])

    def _check_office(self):
        if not self.env.user.has_group(OFFICE):
            raise AccessError(self.env._("Only the Student Affairs Office grades mentors."))

    @api.model
    def _fail_bars(self, employees, terms):
        """R-ELIG-6: ``{(employee id, term id): failed term}`` for each
        employee graded fail (final) in the term immediately before ``term``
        in the calendar -- whenever that grade was finalised."""
        previous = {term: term._previous_term() for term in terms}
        previous_ids = [p.id for p in previous.values() if p]
        if not previous_ids or not employees:
            return {}
        fails = self.sudo().search(
            [
                ("employee_id", "in", employees.ids),
                ("term_id", "in", previous_ids),
                ("state", "=", "final"),
                ("result", "=", "fail"),
            ]
        )
        failed = {(e.employee_id.id, e.term_id.id) for e in fails}
        return {
            (employee_id, term.id): before
            for term, before in previous.items()
            if before
            for employee_id in employees.ids
            if (employee_id, before.id) in failed
        }

    @api.model
    def _grade_inputs(self, domain, term_id, previous_term_id):
        """What a grade reads of each assignment of ``domain``, as plain
        values in one query, each mentor's assignments in the order of their
        classes (the order of a grade's classes and findings): ``({assignment: row},
        {assignment: QuotaFacts}, {mentor: MentorFacts})``. A row holds the
        assignment, its mentor, class, dates and whether its handbook was
        submitted; the class's name, year of enrolment and department; the
        term's student evaluation of the class (whether there is one,
        participants, class size, mean score, R-EVAL-3); its ranking this
        term and in ``previous_term_id`` (rank in grade, classes in grade,
        score, R-EVAL-4). A mentor's facts are read along: the user, the
        date of a withdrawn application (R-APP-3), the grade already there,
        and the sums of ``_grade_summed_columns`` over the mentor's
        assignments."""
        Assignment = self.env["mentorship.assignment"].sudo()
        Assignment._flush_quota_facts()
        Assignment.flush_model(
            ["employee_id", "handbook_state", "user_id", *self._grade_summed_columns]
        )
        self.flush_model(["term_id", "employee_id", "state", "misconduct", "grade_fingerprint"])
        self.env["mentorship.application"].flush_model(
            ["term_id", "employee_id", "state", "withdraw_date"]
        )
        self.env["school.class"].flush_model(["name", "grade_year", "department_id", "code"])
        self.env["hr.department"].flush_model(["name"])
        self.env["mentorship.student.evaluation"].flush_model(
            ["term_id", "class_id", "participant_count", "class_size", "mean_score"]
        )
        self.env["school.class.ranking"].flush_model(
            ["term_id", "class_id", "rank_grade", "grade_size", "score"]
        )
        # no ORDER BY: ordering by the model's order joined four more tables
        # and took most of the query's time; a grade's classes are put in
        # order below
        query = Assignment._search(domain, order=None)
        a = query.table

        def column(alias, name):
            return SQL.identifier(alias, name)

        def join(alias, table, condition):
            query.add_join("LEFT JOIN", alias, table, condition)

        join("grade_term", "mentorship_term", SQL("grade_term.id = %s", column(a, "term_id")))
        # the grade already there (one per mentor and term) and the latest
        # withdrawal of the mentor's application for the term
        join(
            "grade_existing",
            "mentorship_evaluation",
            SQL(
                "grade_existing.term_id = %s AND grade_existing.employee_id = %s",
                column(a, "term_id"),
                column(a, "employee_id"),
            ),
        )
        join(
            "grade_withdrawn",
            SQL(
                """(SELECT term_id, employee_id, MAX(withdraw_date) AS withdraw_date
                      FROM mentorship_application
                     WHERE term_id = %s AND state = 'withdrawn'
                  GROUP BY term_id, employee_id)""",
                term_id,
            ),
            SQL(
                "grade_withdrawn.term_id = %s AND grade_withdrawn.employee_id = %s",
                column(a, "term_id"),
                column(a, "employee_id"),
            ),
        )
        join("grade_class", "school_class", SQL("grade_class.id = %s", column(a, "class_id")))
        join(
            "grade_department",
            "hr_department",
            SQL("grade_department.id = grade_class.department_id"),
        )
        for alias, table, term in (
            ("grade_survey", "mentorship_student_evaluation", column(a, "term_id")),
            ("grade_rank", "school_class_ranking", column(a, "term_id")),
            ("grade_previous", "school_class_ranking", SQL("%s", previous_term_id)),
        ):
            join(
                alias,
                table,
                SQL(
                    "%s = %s AND %s = %s",
                    column(alias, "term_id"),
                    term,
                    column(alias, "class_id"),
                    column(a, "class_id"),
                ),
            )

        def figures(alias, count, size, score):
            # as the ORM reads them: 0 for an empty number of a record that
            # exists, nothing at all when there is no record
            return SQL(
                """CASE WHEN %(a)s.id IS NOT NULL THEN COALESCE(%(a)s.%(count)s, 0) END,
                   CASE WHEN %(a)s.id IS NOT NULL THEN COALESCE(%(a)s.%(size)s, 0) END,
                   CASE WHEN %(a)s.id IS NOT NULL THEN COALESCE(%(a)s.%(score)s, 0)::float8 END""",
                a=SQL.identifier(alias),
                count=SQL.identifier(count),
                size=SQL.identifier(size),
                score=SQL.identifier(score),
            )

        inputs = SQL(
            """%(id)s, %(employee)s, %(class)s, %(start)s, %(end)s, %(submitted)s = 'submitted',
               grade_class.name, grade_class.grade_year, grade_class.department_id,
               COALESCE(grade_department.name->>%(lang)s, grade_department.name->>'en_US'),
               grade_class.code,
               grade_survey.id IS NOT NULL, %(survey)s, %(rank)s, %(previous)s""",
            id=column(a, "id"),
            employee=column(a, "employee_id"),
            start=column(a, "date_start"),
            end=column(a, "date_end"),
            submitted=column(a, "handbook_state"),
            survey=figures("grade_survey", "participant_count", "class_size", "mean_score"),
            rank=figures("grade_rank", "rank_grade", "grade_size", "score"),
            previous=figures("grade_previous", "rank_grade", "grade_size", "score"),
            lang=self.env.lang or "en_US",
            **{"class": column(a, "class_id")},
        )
        summed = self._grade_summed_columns
        mentor = SQL(
            """%(user)s, grade_withdrawn.withdraw_date, grade_existing.id,
               grade_existing.state, grade_existing.misconduct,
               grade_existing.grade_fingerprint%(summed)s""",
            user=column(a, "user_id"),
            summed=SQL("").join(SQL(", %s", column(a, name)) for name in summed),
        )
        rows = self.env.execute_query(
            query.select(
                inputs, mentor, Assignment._quota_fact_columns(a, "grade_term", "grade_class")
            )
        )

        def grade_order(row):
            # each mentor's classes in the classes' order (department, year
            # of enrolment, latest first, code), the mentors by their ids
            assignment, employee, _class, _start, _end, _submitted, _name, year = row[:8]
            dept_name, code = row[9:11]
            return (employee, dept_name or "", -(year or 0), code or "", assignment)

        rows.sort(key=grade_order)
        # a row: the grade's inputs, the mentor's facts, the quota facts
        mentor_width = MENTOR_FACT_COLUMNS + len(summed)
        width = len(rows[0]) - QUOTA_FACT_COLUMNS - mentor_width if rows else 0
        mentors = {}
        for row in rows:
            user, withdrawn, existing, state, misconduct, fingerprint, *sums = row[
                width : width + mentor_width
            ]
            sums = [value or 0 for value in sums]
            known = mentors.get(row[1])
            if known:
                sums = [left + right for left, right in zip(known.sums, sums, strict=True)]
            mentors[row[1]] = MentorFacts(
                user,
                withdrawn,
                ExistingGrade(existing, state, misconduct, fingerprint) if existing else None,
                sums,
            )
        return (
            {row[0]: row[:width] for row in rows},
            {row[0]: QuotaFacts(*row[-QUOTA_FACT_COLUMNS:]) for row in rows},
            mentors,
        )

    @api.model
    def _compute_for_term(self, term, employees=None):
        """R-EVAL-1: create or update the evaluations of ``term`` (of
        ``employees`` only, when given), one per mentor, from the handbook,
        the student evaluation and the class quantification, with a bounded
        number of queries whatever the number of mentors.

        The garbage collector pauses meanwhile (``bulk.paused_gc``)."""
        with paused_gc():
            return self._compute_grades(term, employees)

    @api.model
    def _compute_grades(self, term, employees=None):
        """See ``_compute_for_term``."""
        term.ensure_one()
        if term.state != "evaluation":
            raise UserError(
                self.env._("Grades are computed while the term is at “Evaluation” (R-EVAL-5).")
            )
        policy = term.policy_id
        domain = [("term_id", "=", term.id)]
        if employees:
            domain.append(("employee_id", "in", employees.ids))
        Assignment = self.env["mentorship.assignment"].sudo()
        # R-EVAL-4: the term before this one in the calendar, or the fact that
        # the college has no record of it
        previous = term._previous_term()
        previous_missing = None
        if not previous:
            year, number = previous_term_key(term_key(term.academic_year, term.term_number))
            previous_missing = (academic_year_text(year), str(number))
        # what the grade reads of the assignments, as plain values read in one
        # query, each mentor's in the order of the classes (a grade's order)
        rows, facts, mentors = self._grade_inputs(domain, term.id, previous.id or None)
        assignment_ids = list(rows)
        progress = Assignment._measure_quotas(facts)
        Evaluation = self.sudo()
        academic_year = term.academic_year
        by_employee = {}
        class_facts = {}
        for assignment_id in assignment_ids:
            (
                employee_id,
                class_id,
                start,
                end,
                submitted,
                class_name,
                grade_year,
                department_id,
                _department_name,
                _class_code,
                *figures,
            ) = rows[assignment_id][1:]
            class_facts[class_id] = (
                class_name,
                is_new_student_class(grade_year, academic_year),
                department_id,
            )
            by_employee.setdefault(employee_id, []).append(
                (assignment_id, class_id, start, end, submitted, figures)
            )
        grade_policy = {
            "participation_ratio": policy.participation_ratio or 2 / 3,
            "score_pass": policy.student_score_pass,
            "new_class_top_ratio": policy.new_class_top_ratio or 2 / 3,
            "basis": policy.quantification_basis or "rank",
            "combination": policy.grade_combination or "all",
            "keep_top_counts": policy.keep_top_counts_improved,
            "unsubmitted_handbook": policy.unsubmitted_handbook or "fail",
        }
        to_create = []

        # the few months of a term, spelt once
        @functools.cache
        def month_name(month):
            return "{:04d}-{:02d}".format(*month)

        to_write = {}
        for employee_id, mentor_assignments in by_employee.items():
            mentor = mentors[employee_id]
            evaluation = mentor.evaluation
            if evaluation and evaluation.state in ("reported", "final"):
                continue
            results = []
            for assignment_id, class_id, _start, _end, submitted, figures in mentor_assignments:
                class_name, is_new_class, _department = class_facts[class_id]
                (
                    evaluated,
                    participants,
                    class_size,
                    mean_score,
                    rank_grade,
                    grade_size,
                    score,
                    previous_rank,
                    previous_size,
                    previous_score,
                ) = figures
                results.append(
                    ClassResult(
                        class_name,
                        shortfalls=[
                            (
                                p.quota.rule,
                                p.quota.task_name,
                                p.done,
                                p.required,
                                month_name(p.month) if p.month else None,
                            )
                            for p in progress.get(assignment_id, ())
                            if not p.met
                        ],
                        evaluation=(participants, class_size, mean_score) if evaluated else None,
                        is_new_class=is_new_class,
                        rank_grade=rank_grade,
                        grade_size=grade_size,
                        previous_rank_grade=previous_rank,
                        previous_grade_size=previous_size,
                        score=score,
                        previous_score=previous_score,
                        handbook_submitted=submitted,
                        previous_term_missing=previous_missing,
                    )
                )
            performance, student_ok, quantification, result, reasons = grade_mentor(
                results,
                misconduct=evaluation.misconduct if evaluation else None,
                **grade_policy,
            )
            values = {
                "assignment_ids": sorted(a[0] for a in mentor_assignments),
                # a part resting on missing data is not passed (the grade is incomplete)
                "performance_ok": bool(performance),
                "student_ok": bool(student_ok),
                "quantification_ok": bool(quantification),
                "computed_result": result,
                "full_term": served_full_term(
                    term.date_start,
                    term.date_end,
                    min(a[2] for a in mentor_assignments),
                    max(a[3] for a in mentor_assignments),
                    mentor.withdrawn,
                ),
                "state": "computed",
            }
            # the values are built in a fixed order: no need to sort their keys;
            # a new grade's row is inserted from this same encoding, its
            # findings (the larger part) apart
            encoded = compact_json(values)
            findings = Evaluation._reason_data(reasons)
            encoded_findings = compact_json(findings)
            values["reason_data"] = findings
            fingerprint = hashlib.sha1(
                (encoded + encoded_findings).encode(), usedforsecurity=False
            ).hexdigest()
            if not evaluation:
                # the mentor's classes in the assignments' order, each once
                class_ids = list(dict.fromkeys(a[1] for a in mentor_assignments if a[1]))
                to_create.append(
                    (
                        employee_id,
                        [class_facts[class_id] for class_id in class_ids],
                        values,
                        fingerprint,
                        (encoded, encoded_findings),
                    )
                )
            elif evaluation.grade_fingerprint != fingerprint:
                to_write[Evaluation.browse(evaluation.id)] = (values, fingerprint)
        Evaluation._write_grades(to_write)
        Evaluation._insert_grades(term, to_create, mentors)

    @api.model
    def _write_grades(self, grades):
        """Write the recomputed ``{evaluation: (values, fingerprint)}``: only
        the fields that changed (tracked in the chatter), one write per set of
        equal changes, the current values read once for all."""
        if not grades:
            return
        evaluations = self.sudo().browse([e.id for e in grades])
        evaluations.fetch([name for name in GRADE_FIELDS if name != "assignment_ids"])
        evaluations.mapped("assignment_ids")  # one read of the links of all
        to_write = {}
        for evaluation, (values, fingerprint) in grades.items():
            changed = evaluation._grade_changes(values)
            changed["grade_fingerprint"] = fingerprint
            to_write.setdefault(json.dumps(changed, sort_keys=True), []).append(evaluation.id)
        for changed, ids in to_write.items():
            values = json.loads(changed)
            if "assignment_ids" in values:
                values["assignment_ids"] = [Command.set(values["assignment_ids"])]
            evaluations.browse(ids).write(values)

    @api.model
    def _grade_rows(self, term, grades, mentors):
        """The stored columns of the new grades ``[(employee id, classes'
        facts, values, fingerprint, (encoded values, encoded findings))]``
        besides their computed values (inserted from their encoding), from
        plain values and the mentors' facts (``{mentor: MentorFacts}``)."""
        return [
            {
                "term_id": term.id,
                "employee_id": employee_id,
                "user_id": mentors[employee_id].user_id,
                "company_id": term.company_id.id,
                **self._classes_values(
                    [name for name, _new, _department in classes],
                    classes[0][2] if classes else False,
                ),
                **self._result_values(values["computed_result"], False, values["full_term"]),
                "grade_fingerprint": fingerprint,
            }
            for employee_id, classes, values, fingerprint, _encoded in grades
        ]

    @api.model
    def _insert_grades(self, term, grades, mentors):
        """Create the first grades of ``term`` from ``[(employee id, classes'
        facts, values, fingerprint, (encoded values, encoded findings))]``
        and the mentors' facts (``{mentor: MentorFacts}``) in one statement
        (the grades and their links to their assignments), whatever the
        number of mentors. The stored computed fields are filled by the same
        helpers as their computes; a new grade has no creation message (the
        computation is its history)."""
        if not grades:
            return
        rows = self._grade_rows(term, grades, mentors)
        self.flush_model()
        created = dict(
            insert_rows(
                self,
                rows,
                returning=("employee_id", "id"),
                encoded=[g[4][0] for g in grades],
                encoded_columns=[
                    name for name in grades[0][2] if name not in ("assignment_ids", "reason_data")
                ],
                json_columns={"reason_data": [g[4][1] for g in grades]},
                links=(
                    "assignment_ids",
                    "employee_id",
                    [
                        (employee_id, assignment_id)
                        for employee_id, _classes, values, _fingerprint, _encoded in grades
                        for assignment_id in values["assignment_ids"]
                    ],
                ),
            )
        )
        # the new rows are not in any cache: the term's grades are read again
        term.invalidate_recordset(["evaluation_ids"])
        self.env["hr.employee"].browse(created).invalidate_recordset(["mentor_evaluation_ids"])

    def action_compute(self):
        self._check_office()
        for term in self.term_id:
            self._compute_for_term(
                term, self.filtered(lambda e, t=term: e.term_id == t).employee_id
            )
        return True

    def _check_complete(self, action_label):
        """R-EVAL: a term's grades are reported and finalised only when none
        is incomplete; the officer decides an incomplete one with a reason."""
        open_grades = self.sudo().search(
            [("term_id", "in", self.term_id.ids), ("result", "=", "incomplete")]
        )
        for term in open_grades.term_id:
            names = open_grades.filtered(lambda e, t=term: e.term_id == t).employee_id
            raise UserError(
                self.env._(
                    "%(action)s is not possible: %(count)s grade(s) of %(term)s are incomplete "
                    "(%(names)s). Add the missing student evaluation or ranking and compute "
                    "again, or decide each with a written reason.",
                    action=action_label,
                    count=len(names),
                    term=term.name,
                    names="、".join(names.mapped("name")),
                )
            )

    def action_report(self):
        self._check_office()
        self._check_complete(self.env._("Reporting"))
        for evaluation in self:
            if evaluation.state != "computed":
                raise UserError(
                    self.env._(
                        "Compute the grade of %(name)s first.", name=evaluation.employee_id.name
                    )
                )
        self.sudo().write({"state": "reported"})
        return True

    def action_finalize(self):
        self._check_office()
        self._check_complete(self.env._("Finalising"))
        for evaluation in self:
            if evaluation.state != "reported":
                raise UserError(
                    self.env._(
                        "Report the grade of %(name)s to the President's Office Meeting first "
                        "(R-EVAL-5).",
                        name=evaluation.employee_id.name,
                    )
                )
        self.sudo().write({"state": "final"})
        return True

    def action_reopen(self):
        self._check_office()
        for evaluation in self:
            if evaluation.state != "final":
                raise UserError(
                    self.env._(
                        "Only a final grade can be reopened; %(name)s is not final.",
                        name=evaluation.employee_id.name,
                    )
                )
            if evaluation.term_id.state == "closed":
                raise UserError(
                    self.env._(
                        "%(term)s is closed: reopen the term before its grades.",
                        term=evaluation.term_id.name,
                    )
                )
        self.sudo().write({"state": "reported"})
        return True
