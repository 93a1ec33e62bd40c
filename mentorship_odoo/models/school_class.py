from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

GRADE_YEAR_RANGE = (1950, 2100)


class SchoolClass(models.Model):
    _name = "school.class"
    _description = "Class"
    _inherit = ["mentorship.guard.mixin", "mail.thread"]
    _order = "department_id, grade_year desc, code"
    _rec_names_search = ["name", "code"]
    _check_company_auto = True
    _text_limits = {"code": 64}

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(required=True, index=True, tracking=True)
    department_id = fields.Many2one(
        "hr.department",
        string="Department",
        index=True,
        tracking=True,
        check_company=True,
    )
    grade_year = fields.Integer(
        string="Year of Enrolment",
        required=True,
        help="Calendar year the class enrolled, e.g. 2024.",
    )
    head_teacher_id = fields.Many2one(
        "hr.employee",
        string="Head Teacher",
        index=True,
        tracking=True,
        check_company=True,
    )
    student_ids = fields.One2many("school.student", "class_id", string="Students")
    dormitory_ids = fields.One2many("school.dormitory", "class_id", string="Dormitories")
    student_count = fields.Integer(
        compute="_compute_student_count", store=True, string="Students Enrolled"
    )
    need_tag_ids = fields.Many2many(
        "mentorship.tag",
        string="Needs",
        help="What the class needs most from a mentor; matched against mentors' strengths "
        "(R-MATCH-2).",
    )
    assignment_ids = fields.One2many("mentorship.assignment", "class_id", string="Mentors")
    current_mentor_id = fields.Many2one(
        "hr.employee",
        compute="_compute_current_mentor_id",
        string="Current Mentor",
    )
    ranking_ids = fields.One2many("school.class.ranking", "class_id", string="Rankings")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(
        default=True,
        help="Archive classes that have left school.",
    )

    _code_company_unique = models.Constraint(
        "UNIQUE(code, company_id)",
        "The class code must be unique within a company.",
    )

    @api.depends("student_ids.active", "student_ids.class_id")
    def _compute_student_count(self):
        counts = dict(
            self.env["school.student"]._read_group(
                [("class_id", "in", self.ids)], ["class_id"], ["__count"]
            )
        )
        for school_class in self:
            school_class.student_count = counts.get(school_class._origin, 0)

    @api.depends("assignment_ids.state", "assignment_ids.employee_id")
    def _compute_current_mentor_id(self):
        assignments = (
            self.env["mentorship.assignment"]
            .sudo()
            .search(
                [("class_id", "in", self.ids), ("state", "=", "active")],
                order="date_start desc",
            )
        )
        mentor_by_class = {}
        for assignment in assignments:
            mentor_by_class.setdefault(assignment.class_id.id, assignment.employee_id)
        for school_class in self:
            school_class.current_mentor_id = mentor_by_class.get(
                school_class._origin.id, self.env["hr.employee"]
            )

    @api.constrains("grade_year")
    def _check_grade_year(self):
        for school_class in self:
            if not GRADE_YEAR_RANGE[0] <= school_class.grade_year <= GRADE_YEAR_RANGE[1]:
                raise ValidationError(
                    self.env._(
                        "%(class_name)s: the year of enrolment %(year)s is not plausible.",
                        class_name=school_class.name,
                        year=school_class.grade_year,
                    )
                )

    def _has_new_head_teacher(self, term):
        """R-MATCH-3(a): the head teacher was hired within the policy's months
        before the term starts."""
        self.ensure_one()
        hire_date = self.head_teacher_id.sudo().mentor_hire_date
        if not hire_date or not term.date_start:
            return False
        months = term.policy_id.new_head_teacher_months or 12
        return term.date_start - relativedelta(months=months) < hire_date <= term.date_start

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Import Template for Classes"),
                "template": "/mentorship_odoo/static/import/school_class.csv",
            }
        ]
