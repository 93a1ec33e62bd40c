from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SchoolStudent(models.Model):
    _name = "school.student"
    _description = "Student"
    _inherit = ["mentorship.guard.mixin"]
    _check_company_auto = True
    _text_limits = {"student_number": 64}
    _order = "class_id, student_number"
    _rec_names_search = ["name", "student_number"]

    name = fields.Char(required=True)
    student_number = fields.Char(required=True, index=True)
    class_id = fields.Many2one("school.class", string="Class", index=True, check_company=True)
    dormitory_id = fields.Many2one("school.dormitory", string="Dormitory", check_company=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True, help="Archive students who left school.")

    _number_company_unique = models.Constraint(
        "UNIQUE(student_number, company_id)",
        "The student number must be unique within a company.",
    )

    @api.depends("name", "student_number")
    def _compute_display_name(self):
        for student in self:
            student.display_name = (
                f"{student.name} ({student.student_number})"
                if student.student_number
                else student.name
            )

    @api.constrains("dormitory_id", "class_id")
    def _check_dormitory_class(self):
        for student in self:
            dormitory = student.dormitory_id
            if dormitory.class_id and student.class_id and dormitory.class_id != student.class_id:
                raise ValidationError(
                    self.env._(
                        "Dormitory %(dormitory)s belongs to class %(class_name)s, not to the "
                        "class of %(student)s.",
                        dormitory=dormitory.name,
                        class_name=dormitory.class_id.name,
                        student=student.name,
                    )
                )

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Import Template for Students"),
                "template": "/mentorship_odoo/static/import/school_student.csv",
            }
        ]
