from odoo import fields, models


class MentorshipHandbookReopen(models.TransientModel):
    _name = "mentorship.handbook.reopen"
    _description = "Reopen a Handbook"

    assignment_ids = fields.Many2many("mentorship.assignment", string="Assignments")
    reason = fields.Text(required=True)

    def action_apply(self):
        self.ensure_one()
        self.assignment_ids.action_reopen_handbook(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
