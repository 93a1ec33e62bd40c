from odoo import api, fields, models


class SchoolDormitory(models.Model):
    _name = "school.dormitory"
    _description = "Dormitory"
    _inherit = ["mentorship.guard.mixin"]
    _check_company_auto = True
    _order = "building, name"

    name = fields.Char(required=True, help="Room, e.g. 3-215.")
    building = fields.Char()
    class_id = fields.Many2one("school.class", string="Class", index=True, check_company=True)
    student_ids = fields.One2many("school.student", "dormitory_id", string="Students")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Import Template for Dormitories"),
                "template": "/mentorship_odoo/static/import/school_dormitory.csv",
            }
        ]
