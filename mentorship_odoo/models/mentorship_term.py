import datetime

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..lib.regulation import (
    academic_year_start,
    academic_year_text,
    next_term_key,
    previous_term_key,
    term_key,
)

# R-MISC-2: what judges a term, fixed once staff have applied for it
RULE_FIELDS = {"policy_id", "academic_year", "term_number", "date_start", "date_end"}
ACADEMIC_YEAR_RANGE = (2000, 2100)

TERM_STATES = [
    ("draft", "Draft"),
    ("application", "Applications Open"),
    ("review", "Review"),
    ("matching", "Matching"),
    ("running", "Running"),
    ("evaluation", "Evaluation"),
    ("closed", "Closed"),
]

# Each move of the term: button method -> (from state, to state)
TERM_MOVES = {
    "action_open_applications": ("draft", "application"),
    "action_start_review": ("application", "review"),
    "action_start_matching": ("review", "matching"),
    "action_start_running": ("matching", "running"),
    "action_start_evaluation": ("running", "evaluation"),
    "action_close": ("evaluation", "closed"),
}


class MentorshipTerm(models.Model):
    _name = "mentorship.term"
    _description = "Mentor Term"
    _inherit = ["mentorship.guard.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _protected_fields = ("state",)

    name = fields.Char(
        compute="_compute_name",
        store=True,
        readonly=False,
        required=True,
        tracking=True,
        precompute=True,
        translate=True,
    )
    academic_year = fields.Char(
        required=True,
        tracking=True,
        help="Two consecutive years, e.g. 2025-2026.",
    )
    term_number = fields.Selection(
        [("1", "First term"), ("2", "Second term")],
        required=True,
        default="1",
        tracking=True,
    )
    date_start = fields.Date(string="Start", required=True, tracking=True)
    date_end = fields.Date(string="End", required=True, tracking=True)
    policy_id = fields.Many2one(
        "mentorship.policy",
        string="Policy Version",
        compute="_compute_policy_id",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
        tracking=True,
        help="The regulation version in force on the first day of the term (R-MISC-2).",
    )
    state = fields.Selection(
        TERM_STATES,
        default="draft",
        required=True,
        copy=False,
        readonly=True,
        index=True,
        tracking=True,
    )
    allow_late_confirmation = fields.Boolean(
        string="Allow Late Confirmation",
        copy=False,
        tracking=True,
        help="Lets the President's Office confirmation be recorded after the term started "
        "(R-REV-3). Only the programme administrator can set it.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    application_ids = fields.One2many("mentorship.application", "term_id", string="Applications")
    application_count = fields.Integer(compute="_compute_application_count")
    confirmation_ids = fields.One2many("mentorship.confirmation", "term_id", string="Confirmations")
    confirmation_count = fields.Integer(compute="_compute_application_count")
    assignment_ids = fields.One2many("mentorship.assignment", "term_id", string="Assignments")
    assignment_count = fields.Integer(compute="_compute_mentor_figures")
    training_ids = fields.One2many("mentorship.training", "term_id", string="Training Sessions")
    training_count = fields.Integer(compute="_compute_mentor_figures")
    mentor_ids = fields.Many2many(
        "hr.employee.public",
        compute="_compute_mentor_figures",
        string="Confirmed Mentors",
        help="Staff whose application for this term is confirmed.",
    )
    untrained_mentor_ids = fields.Many2many(
        "hr.employee.public",
        compute="_compute_mentor_figures",
        string="Mentors Not Yet Trained",
        help="R-MATCH-4: confirmed mentors who attended no training session of the term.",
    )
    evaluation_ids = fields.One2many("mentorship.evaluation", "term_id", string="Evaluations")
    evaluation_count = fields.Integer(compute="_compute_evaluation_count")
    can_manage = fields.Boolean(compute="_compute_can_manage")

    _name_company_unique = models.Constraint(
        "UNIQUE(name, company_id)", "A term with this name already exists."
    )
    _dates_order = models.Constraint(
        "CHECK(date_start < date_end)", "A term must end after it starts."
    )

    @api.depends("academic_year", "term_number")
    def _compute_name(self):
        for term in self:
            if term.academic_year and term.term_number:
                term.name = term._name_in_language()

    def _name_in_language(self):
        labels = {"1": self.env._("First Term"), "2": self.env._("Second Term")}
        return self.env._(
            "Academic Year %(year)s %(term)s",
            year=self.academic_year,
            term=labels.get(self.term_number, ""),
        )

    def _sync_name_translations(self):
        """Store the generated name in every installed language, so each
        reader sees it in their own, whoever created the term."""
        languages = [code for code, _name in self.env["res.lang"].get_installed()]
        for term in self.sudo():
            if term.academic_year and term.term_number:
                term.update_field_translations(
                    "name",
                    {lang: term.with_context(lang=lang)._name_in_language() for lang in languages},
                )

    @api.depends("date_start", "academic_year", "term_number")
    def _compute_policy_id(self):
        """R-MISC-2: the version in force for the term (academic year and term
        number, or by date for a version without a first term)."""
        for term in self:
            if term.date_start and (not term.policy_id or term.state == "draft"):
                term.policy_id = self.env["mentorship.policy"]._policy_for_term(term)

    def _compute_application_count(self):
        apps = dict(
            self.env["mentorship.application"]._read_group(
                [("term_id", "in", self.ids)], ["term_id"], ["__count"]
            )
        )
        confs = dict(
            self.env["mentorship.confirmation"]._read_group(
                [("term_id", "in", self.ids)], ["term_id"], ["__count"]
            )
        )
        for term in self:
            term.application_count = apps.get(term, 0)
            term.confirmation_count = confs.get(term, 0)

    def _compute_mentor_figures(self):
        assignments = dict(
            self.env["mentorship.assignment"]._read_group(
                [("term_id", "in", self.ids), ("state", "=", "active")], ["term_id"], ["__count"]
            )
        )
        confirmed = (
            self.env["mentorship.application"]
            .sudo()
            ._read_group(
                [("term_id", "in", self.ids), ("state", "=", "confirmed")],
                ["term_id"],
                ["employee_id:recordset"],
            )
        )
        mentors = {term: employees.ids for term, employees in confirmed}
        # the public profiles: every role that runs a term may read them
        Public = self.env["hr.employee.public"]
        for term in self:
            mentor_ids = mentors.get(term, [])
            trained = set(term.sudo().training_ids.attendee_ids.ids)
            term.assignment_count = assignments.get(term, 0)
            term.training_count = len(term.training_ids)
            term.mentor_ids = Public.browse(mentor_ids)
            term.untrained_mentor_ids = Public.browse([i for i in mentor_ids if i not in trained])

    @api.depends_context("uid")
    def _compute_can_manage(self):
        can = self.env.user.has_group("mentorship_odoo.group_mentorship_office")
        for term in self:
            term.can_manage = can

    @api.constrains("academic_year")
    def _check_academic_year(self):
        for term in self:
            try:
                academic_year_start(term.academic_year)
            except ValueError:
                raise ValidationError(
                    self.env._(
                        "The academic year must be two consecutive years such as 2025-2026, "
                        "not %(value)s.",
                        value=term.academic_year,
                    )
                ) from None

    @api.constrains("academic_year", "date_start", "date_end")
    def _check_dates_in_year(self):
        """The term's dates lie in its academic year: from July of its first
        year to September of its second, at most eight months long."""
        for term in self:
            try:
                year = academic_year_start(term.academic_year)
            except ValueError:
                continue
            if not ACADEMIC_YEAR_RANGE[0] <= year <= ACADEMIC_YEAR_RANGE[1]:
                raise ValidationError(
                    self.env._(
                        "The academic year %(value)s is not plausible.", value=term.academic_year
                    )
                )
            first = datetime.date(year, 7, 1)
            last = datetime.date(year + 1, 9, 30)
            if (
                not (first <= term.date_start <= last and first <= term.date_end <= last)
                or (term.date_end - term.date_start).days > 8 * 31
            ):
                raise ValidationError(
                    self.env._(
                        "The dates of %(term)s (%(start)s to %(end)s) do not fit the academic "
                        "year %(year)s.",
                        term=term.name,
                        start=term.date_start,
                        end=term.date_end,
                        year=term.academic_year,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        terms = super().create(vals_list)
        terms.browse(
            term.id for term, vals in zip(terms, vals_list, strict=True) if "name" not in vals
        )._sync_name_translations()
        return terms

    def write(self, vals):
        if not self.env.su:
            self.check_access("write")
            locked = set(vals) & RULE_FIELDS
            if locked:
                used = (
                    self.env["mentorship.application"]
                    .sudo()
                    ._read_group([("term_id", "in", self.ids)], ["term_id"])
                )
                if used:
                    raise UserError(
                        self.env._(
                            "R-MISC-2: staff have applied for %(term)s; its policy version, "
                            "academic year and dates can no longer change.",
                            term=used[0][0].name,
                        )
                    )
            for term in self:
                if term.state == "closed" and set(vals) - {"message_main_attachment_id"}:
                    raise UserError(
                        self.env._(
                            "%(term)s is closed; an officer reopens it before any change.",
                            term=term.name,
                        )
                    )
        if "allow_late_confirmation" in vals and not self.env.user.has_group(
            "mentorship_odoo.group_mentorship_manager"
        ):
            raise AccessError(
                self.env._("Only the programme administrator may allow a late confirmation.")
            )
        res = super().write(vals)
        if {"academic_year", "term_number"} & set(vals) and "name" not in vals:
            self._sync_name_translations()
        return res

    def _move(self, method):
        state_from, state_to = TERM_MOVES[method]
        if not self.env.user.has_group("mentorship_odoo.group_mentorship_office"):
            raise AccessError(self.env._("Only the Student Affairs Office moves a term on."))
        labels = dict(self._fields["state"]._description_selection(self.env))
        for term in self:
            if term.state != state_from:
                raise UserError(
                    self.env._(
                        "Term %(term)s is at “%(state)s”; this step needs it at “%(needed)s”.",
                        term=term.name,
                        state=labels[term.state],
                        needed=labels[state_from],
                    )
                )
        self.sudo().write({"state": state_to})
        return True

    def action_open_applications(self):
        return self._move("action_open_applications")

    def action_start_review(self):
        return self._move("action_start_review")

    def action_start_matching(self):
        return self._move("action_start_matching")

    def action_start_running(self):
        return self._move("action_start_running")

    def action_start_evaluation(self):
        return self._move("action_start_evaluation")

    def action_close(self):
        """Closing locks the term: not while a grade is still incomplete (R-EVAL)."""
        self.env["mentorship.evaluation"].sudo().search(
            [("term_id", "in", self.ids)]
        )._check_complete(self.env._("Closing the term"))
        return self._move("action_close")

    def action_reopen(self):
        """Reopen a closed term for corrections (tracked); only officers."""
        if not self.env.user.has_group("mentorship_odoo.group_mentorship_office"):
            raise AccessError(self.env._("Only the Student Affairs Office reopens a term."))
        for term in self:
            if term.state != "closed":
                raise UserError(self.env._("Only a closed term can be reopened."))
        self.sudo().write({"state": "evaluation"})
        for term in self:
            term.message_post(
                body=self.env._(
                    "Reopened for corrections by %(user)s; the grades stay final until an "
                    "officer reopens them.",
                    user=self.env.user.name,
                )
            )
        return True

    def action_view_applications(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mentorship_odoo.mentorship_application_action_all"
        )
        action["domain"] = [("term_id", "=", self.id)]
        action["context"] = {"default_term_id": self.id}
        return action

    def action_view_confirmations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mentorship_odoo.mentorship_confirmation_action"
        )
        action["domain"] = [("term_id", "=", self.id)]
        action["context"] = {"default_term_id": self.id}
        return action

    def action_open_matching(self):
        self.ensure_one()
        if not self.env.user.has_group("mentorship_odoo.group_mentorship_office"):
            raise AccessError(self.env._("Only the Student Affairs Office matches mentors."))
        if self.state != "matching":
            raise UserError(
                self.env._("Mentors are matched while the term is at “Matching” (R-MATCH-4).")
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Match Mentors to Classes"),
            "res_model": "mentorship.matching",
            "view_mode": "form",
            "target": "new",
            "context": {"default_term_id": self.id},
        }

    def action_view_assignments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mentorship_odoo.mentorship_assignment_action"
        )
        action["domain"] = [("term_id", "=", self.id)]
        action["context"] = {"default_term_id": self.id}
        return action

    def action_view_trainings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mentorship_odoo.mentorship_training_action"
        )
        action["domain"] = [("term_id", "=", self.id)]
        action["context"] = {"default_term_id": self.id}
        return action

    def _compute_evaluation_count(self):
        counts = dict(
            self.env["mentorship.evaluation"]._read_group(
                [("term_id", "in", self.ids)], ["term_id"], ["__count"]
            )
        )
        for term in self:
            term.evaluation_count = counts.get(term, 0)

    def action_view_evaluations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mentorship_odoo.mentorship_evaluation_action"
        )
        action["domain"] = [("term_id", "=", self.id)]
        action["context"] = {"default_term_id": self.id}
        return action

    def action_compute_grades(self):
        """R-EVAL-1: one evaluation per mentor of the term, from the handbook,
        the student evaluation and the class quantification."""
        if not self.env.user.has_group("mentorship_odoo.group_mentorship_office"):
            raise AccessError(self.env._("Only the Student Affairs Office grades mentors."))
        Evaluation = self.env["mentorship.evaluation"]
        for term in self:
            Evaluation._compute_for_term(term)
        return self.action_view_evaluations() if len(self) == 1 else True

    def _check_evaluation_stage(self):
        if not self.env.user.has_group("mentorship_odoo.group_mentorship_office"):
            raise AccessError(self.env._("Only the Student Affairs Office grades mentors."))
        for term in self:
            if term.state != "evaluation":
                raise UserError(
                    self.env._(
                        "Grades of %(term)s are reported and finalised while the term is at "
                        "“Evaluation” (R-EVAL-5).",
                        term=term.name,
                    )
                )

    def action_report_grades(self):
        """R-EVAL-5: the term results for the President's Office Meeting."""
        self._check_evaluation_stage()
        self.evaluation_ids.filtered(lambda e: e.state == "computed").action_report()
        return self.env.ref("mentorship_odoo.action_report_term_results").report_action(self)

    def action_finalize_grades(self):
        self._check_evaluation_stage()
        self.evaluation_ids.filtered(lambda e: e.state == "reported").action_finalize()
        return True

    def _compute_grades(self, employees=None):
        """The term's grades (R-EVAL-1): see ``mentorship.evaluation._compute_for_term``."""
        self.ensure_one()
        return self.env["mentorship.evaluation"]._compute_for_term(self, employees)

    def _previous_term(self, step=previous_term_key):
        """The company's term immediately before this one in the calendar
        (academic year + term number), not the latest record: term 1 comes
        before term 2 of its year, term 2 of the year before before term 1.
        Empty when the college has no record of that term (R-ELIG-6,
        R-EVAL-4, R-MATCH-3(b))."""
        self.ensure_one()
        try:
            year, number = step(term_key(self.academic_year, self.term_number))
        except (TypeError, ValueError):
            return self.browse()
        return self.search(
            [
                ("company_id", "=", self.company_id.id),
                ("academic_year", "=", academic_year_text(year)),
                ("term_number", "=", str(number)),
            ],
            order="id",
            limit=1,
        )

    def _next_term(self):
        """The company's term immediately after this one in the calendar
        (R-ELIG-6: the term a fail bars); empty when not recorded."""
        return self._previous_term(step=next_term_key)

    @api.model
    def _current_application_term(self):
        return self.search(
            [("state", "=", "application"), ("company_id", "in", self.env.companies.ids)],
            order="date_start",
            limit=1,
        )

    @api.model
    def _demo_build_college(self):
        """Demo data hook (demo/mentorship_demo_terms.xml): the demo college
        around the installation day, built through the product's actions."""
        from ..demo.college import build_college

        build_college(self.env)
