from odoo import fields, models


class MentorshipGuidanceArea(models.Model):
    _name = "mentorship.guidance.area"
    _description = "Guidance Area"
    _inherit = ["mentorship.guard.mixin"]
    _text_limits = {"code": 32}
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()

    _code_unique = models.Constraint("UNIQUE(code)", "A guidance area with this code exists.")
