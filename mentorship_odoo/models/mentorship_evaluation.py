from odoo import fields, models


class MentorshipEvaluation(models.Model):
    _name = "mentorship.evaluation"
    _description = "Mentor Term Evaluation"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "term_id desc, employee_id"

    term_id = fields.Many2one("mentorship.term", string="Term", required=True, index=True)
    employee_id = fields.Many2one(
        "hr.employee", string="Mentor", required=True, index=True, check_company=True
    )
    user_id = fields.Many2one(related="employee_id.user_id", store=True, string="User")
    company_id = fields.Many2one(
        "res.company", related="term_id.company_id", store=True, index=True, precompute=True
    )
    result = fields.Selection([("pass", "Pass"), ("fail", "Fail")], tracking=True, index=True)
    reasons = fields.Text(tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("computed", "Computed"),
            ("reported", "Reported"),
            ("final", "Final"),
        ],
        default="draft",
        required=True,
        copy=False,
        index=True,
        tracking=True,
    )

    _term_employee_unique = models.Constraint(
        "UNIQUE(term_id, employee_id)", "A mentor has one evaluation per term."
    )
