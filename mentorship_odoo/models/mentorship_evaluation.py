import json

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..lib.regulation import (
    MISSING_KEYS,
    ClassResult,
    Reason,
    academic_year_text,
    grade_mentor,
    previous_term_key,
    served_full_term,
    term_key,
)

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


class MentorshipEvaluation(models.Model):
    _name = "mentorship.evaluation"
    _description = "Mentor Term Evaluation"
    _inherit = ["mentorship.guard.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "term_id desc, department_id, employee_id"
    # grades change only through computing, the override with its reason and
    # the state actions
    _protected_fields = ("term_id", "employee_id", *GRADE_FIELDS)

    term_id = fields.Many2one(
        "mentorship.term", string="Term", required=True, index=True, readonly=True
    )
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
        COMPUTED_RESULTS, compute="_compute_result", store=True, index=True, tracking=True
    )
    reason_data = fields.Json(
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
        index=True,
        tracking=True,
    )

    _term_employee_unique = models.Constraint(
        "UNIQUE(term_id, employee_id)", "A mentor has one evaluation per term."
    )

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
            evaluation.department_id = classes[:1].department_id
            evaluation.class_names = "、".join(classes.mapped("name"))

    @api.depends("computed_result", "override_result", "full_term")
    def _compute_result(self):
        for evaluation in self:
            evaluation.result = evaluation.override_result or evaluation.computed_result
            evaluation.title_points_eligible = evaluation.result == "pass" and evaluation.full_term

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
            "quota_month": self.env._(
                "%(class_name)s: %(done)s/%(required)s %(task)s in %(month)s",
                class_name=facts.get("class_name"),
                done=facts.get("done"),
                required=facts.get("required"),
                task=facts.get("task"),
                month=facts.get("month"),
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
    def _compute_for_term(self, term, employees=None):
        """R-EVAL-1: create or update the evaluations of ``term`` (of
        ``employees`` only, when given), one per mentor, from the handbook,
        the student evaluation and the class quantification, with a bounded
        number of queries whatever the number of mentors."""
        term.ensure_one()
        if term.state != "evaluation":
            raise UserError(
                self.env._("Grades are computed while the term is at “Evaluation” (R-EVAL-5).")
            )
        policy = term.policy_id
        domain = [("term_id", "=", term.id)]
        if employees:
            domain.append(("employee_id", "in", employees.ids))
        # only what the grade reads: the assignments' other columns (the work
        # summary, the signals) are not fetched
        assignments = (
            self.env["mentorship.assignment"]
            .sudo()
            .search_fetch(
                domain,
                ["term_id", "employee_id", "class_id", "date_start", "date_end", "handbook_state"],
            )
        )
        progress = assignments._quota_progress()
        classes = assignments.class_id
        student_evaluations = {
            e.class_id.id: e
            for e in self.env["mentorship.student.evaluation"]
            .sudo()
            .search([("term_id", "=", term.id), ("class_id", "in", classes.ids)])
        }
        # R-EVAL-4: the term before this one in the calendar, or the fact that
        # the college has no record of it
        previous = term._previous_term()
        previous_missing = None
        if not previous:
            year, number = previous_term_key(term_key(term.academic_year, term.term_number))
            previous_missing = (academic_year_text(year), str(number))
        rankings = {
            (r.term_id.id, r.class_id.id): r
            for r in self.env["school.class.ranking"]
            .sudo()
            .search([("term_id", "in", (term | previous).ids), ("class_id", "in", classes.ids)])
        }
        withdrawn = {
            app.employee_id.id: app.withdraw_date
            for app in self.env["mentorship.application"]
            .sudo()
            .search(
                [
                    ("term_id", "=", term.id),
                    ("state", "=", "withdrawn"),
                    ("employee_id", "in", assignments.employee_id.ids),
                ]
            )
        }
        Evaluation = self.sudo()
        existing = {
            e.employee_id.id: e
            for e in Evaluation.search_fetch(
                [("term_id", "=", term.id), ("employee_id", "in", assignments.employee_id.ids)],
                [*GRADE_FIELDS, "employee_id", "misconduct"],
            )
        }
        classes.fetch(["name", "grade_year"])
        grouped = {}
        for assignment in assignments:
            grouped.setdefault(assignment.employee_id.id, []).append(assignment.id)
        by_employee = {
            employee_id: assignments.browse(ids).with_prefetch(assignments._prefetch_ids)
            for employee_id, ids in grouped.items()
        }
        to_create = []
        to_write = {}
        for employee_id, mentor_assignments in by_employee.items():
            evaluation = existing.get(employee_id)
            if evaluation and evaluation.state in ("reported", "final"):
                continue
            results = []
            for assignment in mentor_assignments:
                ranking = rankings.get((term.id, assignment.class_id.id))
                before = rankings.get((previous.id, assignment.class_id.id))
                student = student_evaluations.get(assignment.class_id.id)
                results.append(
                    ClassResult(
                        assignment.class_id.name,
                        shortfalls=[
                            (
                                p.quota.rule,
                                p.quota.task_name,
                                p.done,
                                p.required,
                                "{:04d}-{:02d}".format(*p.month) if p.month else None,
                            )
                            for p in progress.get(assignment.id, [])
                            if not p.met
                        ],
                        evaluation=(
                            student.participant_count,
                            student.class_size,
                            student.mean_score,
                        )
                        if student
                        else None,
                        is_new_class=assignment.class_id._is_new_student_class(term),
                        rank_grade=ranking.rank_grade if ranking else None,
                        grade_size=ranking.grade_size if ranking else None,
                        previous_rank_grade=before.rank_grade if before else None,
                        previous_grade_size=before.grade_size if before else None,
                        score=ranking.score if ranking else None,
                        previous_score=before.score if before else None,
                        handbook_submitted=assignment.handbook_state == "submitted",
                        previous_term_missing=previous_missing,
                    )
                )
            performance, student_ok, quantification, result, reasons = grade_mentor(
                results,
                participation_ratio=policy.participation_ratio or 2 / 3,
                score_pass=policy.student_score_pass,
                new_class_top_ratio=policy.new_class_top_ratio or 2 / 3,
                basis=policy.quantification_basis or "rank",
                combination=policy.grade_combination or "all",
                misconduct=evaluation.misconduct if evaluation else None,
                keep_top_counts=policy.keep_top_counts_improved,
                unsubmitted_handbook=policy.unsubmitted_handbook or "fail",
            )
            values = {
                "assignment_ids": mentor_assignments.ids,
                # a part resting on missing data is not passed (the grade is incomplete)
                "performance_ok": bool(performance),
                "student_ok": bool(student_ok),
                "quantification_ok": bool(quantification),
                "computed_result": result,
                "reason_data": Evaluation._reason_data(reasons),
                "full_term": served_full_term(
                    term.date_start,
                    term.date_end,
                    min(mentor_assignments.mapped("date_start")),
                    max(mentor_assignments.mapped("date_end")),
                    withdrawn.get(employee_id),
                ),
                "state": "computed",
            }
            if evaluation:
                changed = evaluation._grade_changes(values)
                if changed:
                    to_write.setdefault(json.dumps(changed, sort_keys=True), []).append(
                        evaluation.id
                    )
            else:
                values["assignment_ids"] = [Command.set(values["assignment_ids"])]
                to_create.append(
                    {
                        "term_id": term.id,
                        "employee_id": employee_id,
                        **values,
                    }
                )
        # a recompute writes only what changed, once per set of equal changes
        for changed, ids in to_write.items():
            values = json.loads(changed)
            if "assignment_ids" in values:
                values["assignment_ids"] = [Command.set(values["assignment_ids"])]
            Evaluation.browse(ids).write(values)
        Evaluation.with_context(mail_create_nolog=True).create(to_create)

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
