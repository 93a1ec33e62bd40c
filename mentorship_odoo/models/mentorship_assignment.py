from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MentorshipAssignment(models.Model):
    _name = "mentorship.assignment"
    _description = "Mentor Assignment"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "term_id desc, department_id, class_id"

    name = fields.Char(compute="_compute_name", store=True, string="Reference")
    term_id = fields.Many2one("mentorship.term", string="Term", required=True, index=True)
    employee_id = fields.Many2one(
        "hr.employee", string="Mentor", required=True, index=True, tracking=True
    )
    user_id = fields.Many2one(related="employee_id.user_id", store=True, string="User")
    class_id = fields.Many2one(
        "school.class", string="Class", required=True, index=True, tracking=True
    )
    department_id = fields.Many2one(
        related="class_id.department_id", store=True, string="Department"
    )
    head_teacher_id = fields.Many2one(related="class_id.head_teacher_id", string="Head Teacher")
    student_ids = fields.One2many(related="class_id.student_ids", string="Students")
    dormitory_ids = fields.One2many(related="class_id.dormitory_ids", string="Dormitories")
    application_id = fields.Many2one("mentorship.application", string="Application")
    company_id = fields.Many2one(
        "res.company", related="term_id.company_id", store=True, index=True, precompute=True
    )
    date_start = fields.Date(string="Start", required=True, tracking=True)
    date_end = fields.Date(string="End", required=True, tracking=True)
    priority_reasons = fields.Text(
        string="Priority Reasons",
        help="Why the class was served first (R-MATCH-3).",
    )
    state = fields.Selection(
        [("active", "Active"), ("ended", "Ended")],
        default="active",
        required=True,
        copy=False,
        index=True,
        tracking=True,
    )
    handbook_state = fields.Selection(
        [("open", "Open"), ("submitted", "Submitted")],
        string="Handbook",
        default="open",
        required=True,
        copy=False,
        index=True,
        tracking=True,
    )
    summary = fields.Html(string="Work Summary")

    _class_term_active_unique = models.UniqueIndex(
        "(term_id, class_id) WHERE state = 'active'",
        "This class already has a mentor for this term.",
    )
    _dates_order = models.Constraint(
        "CHECK(date_start <= date_end)", "An assignment must end after it starts."
    )

    @api.depends("employee_id", "class_id")
    def _compute_name(self):
        for assignment in self:
            assignment.name = self.env._(
                "%(mentor)s, %(class_name)s",
                mentor=assignment.employee_id.name or "",
                class_name=assignment.class_id.name or "",
            )

    @api.constrains("employee_id", "class_id")
    def _check_not_own_class(self):
        for assignment in self:
            if assignment.class_id.head_teacher_id == assignment.employee_id:
                raise ValidationError(
                    self.env._(
                        "%(mentor)s is head teacher of %(class_name)s and cannot also be its "
                        "mentor (R-MATCH-2).",
                        mentor=assignment.employee_id.name,
                        class_name=assignment.class_id.name,
                    )
                )

    @api.constrains("employee_id", "term_id", "state")
    def _check_classes_per_mentor(self):
        counts = {
            (employee.id, term.id): count
            for employee, term, count in self._read_group(
                [
                    ("employee_id", "in", self.employee_id.ids),
                    ("term_id", "in", self.term_id.ids),
                    ("state", "=", "active"),
                ],
                ["employee_id", "term_id"],
                ["__count"],
            )
        }
        for assignment in self:
            limit = assignment.term_id.policy_id.max_classes_per_mentor or 1
            if counts.get((assignment.employee_id.id, assignment.term_id.id), 0) > limit:
                raise ValidationError(
                    self.env._(
                        "%(mentor)s would mentor more than %(limit)s class(es) in %(term)s.",
                        mentor=assignment.employee_id.name,
                        limit=limit,
                        term=assignment.term_id.name,
                    )
                )

    @api.constrains("date_start", "date_end", "term_id")
    def _check_dates_in_term(self):
        for assignment in self:
            term = assignment.term_id
            if assignment.date_start < term.date_start or assignment.date_end > term.date_end:
                raise ValidationError(
                    self.env._(
                        "The assignment of %(mentor)s must lie within %(term)s "
                        "(%(start)s to %(end)s).",
                        mentor=assignment.employee_id.name,
                        term=term.name,
                        start=term.date_start,
                        end=term.date_end,
                    )
                )
