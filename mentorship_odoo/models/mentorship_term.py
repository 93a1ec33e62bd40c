from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..lib.regulation import academic_year_start

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
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"

    name = fields.Char(
        compute="_compute_name",
        store=True,
        readonly=False,
        required=True,
        tracking=True,
        precompute=True,
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
        "hr.employee",
        compute="_compute_mentor_figures",
        string="Confirmed Mentors",
        help="Staff whose application for this term is confirmed.",
    )
    untrained_mentor_ids = fields.Many2many(
        "hr.employee",
        compute="_compute_mentor_figures",
        string="Mentors Not Yet Trained",
        help="R-MATCH-4: confirmed mentors who attended no training session of the term.",
    )
    can_manage = fields.Boolean(compute="_compute_can_manage")

    _name_company_unique = models.Constraint(
        "UNIQUE(name, company_id)", "A term with this name already exists."
    )
    _dates_order = models.Constraint(
        "CHECK(date_start < date_end)", "A term must end after it starts."
    )

    @api.depends("academic_year", "term_number")
    def _compute_name(self):
        labels = {"1": self.env._("First Term"), "2": self.env._("Second Term")}
        for term in self:
            if term.academic_year and term.term_number:
                term.name = self.env._(
                    "Academic Year %(year)s %(term)s",
                    year=term.academic_year,
                    term=labels[term.term_number],
                )

    @api.depends("date_start")
    def _compute_policy_id(self):
        for term in self:
            if term.date_start and (not term.policy_id or term.state == "draft"):
                term.policy_id = self.env["mentorship.policy"]._policy_for_date(term.date_start)

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
        mentors = dict(confirmed)
        for term in self:
            term.assignment_count = assignments.get(term, 0)
            term.training_count = len(term.training_ids)
            term.mentor_ids = mentors.get(term, self.env["hr.employee"])
            term.untrained_mentor_ids = term.mentor_ids - term.training_ids.attendee_ids

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

    def write(self, vals):
        if "allow_late_confirmation" in vals and not self.env.user.has_group(
            "mentorship_odoo.group_mentorship_manager"
        ):
            raise AccessError(
                self.env._("Only the programme administrator may allow a late confirmation.")
            )
        return super().write(vals)

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
        self.write({"state": state_to})
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
        return self._move("action_close")

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

    def _previous_term(self):
        """The company's term that started last before this one."""
        self.ensure_one()
        return self.search(
            [("company_id", "=", self.company_id.id), ("date_start", "<", self.date_start)],
            order="date_start desc",
            limit=1,
        )

    @api.model
    def _current_application_term(self):
        return self.search(
            [("state", "=", "application"), ("company_id", "in", self.env.companies.ids)],
            order="date_start",
            limit=1,
        )
