from odoo import fields, models


class SchoolClass(models.Model):
    _name = "school.class"
    _description = "Class"
    _inherit = ["mail.thread"]
    _order = "department_id, grade_year desc, name"

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
