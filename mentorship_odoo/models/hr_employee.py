from odoo import api, fields, models
from odoo.exceptions import ValidationError

FACT_GROUPS = "hr.group_hr_user"
# The eligibility facts of R-ELIG-1 … R-ELIG-4, shared with the application's snapshot
CADRE_LEVELS = [
    ("none", "Not a cadre"),
    ("middle_deputy", "Middle-level deputy"),
    ("middle", "Middle-level head"),
    ("college", "College leadership"),
]
TITLE_LEVELS = [
    ("none", "No title"),
    ("junior", "Junior"),
    ("intermediate", "Intermediate"),
    ("associate_senior", "Associate senior"),
    ("senior", "Senior"),
]
EDUCATION_LEVELS = [
    ("below_bachelor", "Below bachelor"),
    ("bachelor", "Bachelor"),
    ("master", "Master"),
    ("doctor", "Doctor"),
]


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    mentor_cadre_level = fields.Selection(
        CADRE_LEVELS,
        string="Cadre Rank",
        default="none",
        groups=FACT_GROUPS,
        tracking=True,
    )
    mentor_title_level = fields.Selection(
        TITLE_LEVELS,
        string="Professional Title Level",
        default="none",
        groups=FACT_GROUPS,
        tracking=True,
    )
    mentor_title_name = fields.Char(
        string="Title or Position",
        groups=FACT_GROUPS,
        help="As printed on the application form, e.g. 副教授 or 学生工作处处长.",
    )
    mentor_education = fields.Selection(
        EDUCATION_LEVELS,
        string="Education",
        default="bachelor",
        groups=FACT_GROUPS,
        tracking=True,
    )
    mentor_head_teacher_years = fields.Float(
        string="Years as Head Teacher",
        digits=(4, 1),
        groups=FACT_GROUPS,
        tracking=True,
    )
    mentor_provincial_honour = fields.Boolean(
        string="Provincial Honour for Student Development",
        groups=FACT_GROUPS,
        tracking=True,
        help="Holds a provincial-level or higher honour for student-development work.",
    )
    mentor_hire_date = fields.Date(
        string="Hire Date",
        groups=FACT_GROUPS,
        help="Used to find newly hired head teachers.",
    )
    mentor_ethnicity = fields.Char(string="Ethnicity", groups=FACT_GROUPS)
    mentor_political_status = fields.Char(string="Political Status", groups=FACT_GROUPS)
    mentor_specialty = fields.Char(
        string="Specialty",
        groups=FACT_GROUPS,
        help="Teaching or professional specialty, as on the application form.",
    )
    mentor_application_ids = fields.One2many(
        "mentorship.application",
        "employee_id",
        string="Mentor Applications",
        groups=FACT_GROUPS,
    )
    mentor_assignment_ids = fields.One2many(
        "mentorship.assignment",
        "employee_id",
        string="Mentor Assignments",
        readonly=True,
        groups=FACT_GROUPS,
    )
    mentor_evaluation_ids = fields.One2many(
        "mentorship.evaluation",
        "employee_id",
        string="Mentor Evaluations",
        readonly=True,
        groups=FACT_GROUPS,
    )
    mentor_application_count = fields.Integer(
        compute="_compute_mentor_application_count",
        groups=FACT_GROUPS,
    )

    @api.depends("mentor_application_ids")
    @api.constrains("mentor_head_teacher_years")
    def _check_mentor_head_teacher_years(self):
        for employee in self:
            if not 0 <= employee.mentor_head_teacher_years <= 60:
                raise ValidationError(
                    self.env._(
                        "%(name)s: years as head teacher must lie between 0 and 60.",
                        name=employee.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and isinstance(vals_list, list):
            for vals in vals_list:
                self._guard_mentor_values(vals)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._guard_mentor_values(vals)
        return super().write(vals)

    def _guard_mentor_values(self, vals):
        """The programme's facts on the employee are checked like every value
        of the programme (type, length, range, choice)."""
        if not isinstance(vals, dict):
            return
        guard = self.env["mentorship.guard.mixin"]
        for name, value in vals.items():
            if name.startswith("mentor_") and name in self._fields:
                guard._guard_value(self._fields[name], value)

    def _compute_mentor_application_count(self):
        counts = dict(
            self.env["mentorship.application"]._read_group(
                [("employee_id", "in", self.ids)], ["employee_id"], ["__count"]
            )
        )
        for employee in self:
            employee.mentor_application_count = counts.get(employee._origin, 0)

    def action_open_mentor_applications(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mentorship_odoo.mentorship_application_action"
        )
        action["domain"] = [("employee_id", "=", self.id)]
        action["context"] = {"default_employee_id": self.id}
        return action
