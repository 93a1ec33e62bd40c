from odoo import fields, models


class MentorshipTag(models.Model):
    _name = "mentorship.tag"
    _description = "Strength or Need"
    _inherit = ["mentorship.guard.mixin"]
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _name_unique = models.Constraint("UNIQUE(name)", "A tag with this name already exists.")
