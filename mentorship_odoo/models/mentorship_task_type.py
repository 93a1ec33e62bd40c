from odoo import fields, models


class MentorshipTaskType(models.Model):
    _name = "mentorship.task.type"
    _description = "Mentor Task Type"
    _inherit = ["mentorship.guard.mixin"]
    _text_limits = {"code": 32}
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Stable technical code used by quotas, reports and other systems.",
    )
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    counts_toward_quota = fields.Boolean(
        default=True,
        help="Entries of this type count toward the quotas of the regulation.",
    )
    active = fields.Boolean(default=True)

    _code_unique = models.Constraint(
        "UNIQUE(code)",
        "A task type with this code already exists.",
    )
