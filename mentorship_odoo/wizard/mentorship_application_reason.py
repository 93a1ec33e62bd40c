from odoo import fields, models
from odoo.exceptions import UserError


class MentorshipApplicationReason(models.TransientModel):
    _name = "mentorship.application.reason"
    _description = "Reject or Withdraw an Application"

    application_ids = fields.Many2many("mentorship.application", string="Applications")
    mode = fields.Selection(
        [("reject", "Reject"), ("withdraw", "Withdraw"), ("restart", "Restart Review")],
        required=True,
    )
    reason = fields.Text(required=True)
    statement = fields.Binary(
        string="Written Statement",
        help="R-APP-3: the signed written explanation, scanned or as a document.",
    )
    statement_name = fields.Char()
    date = fields.Date(string="Leaving Date", default=fields.Date.context_today)

    def action_apply(self):
        self.ensure_one()
        if self.mode == "reject":
            return self.application_ids.action_reject(reason=self.reason)
        if self.mode == "restart":
            self.application_ids.restart_validation(reason=self.reason)
            return {"type": "ir.actions.act_window_close"}
        if not self.statement:
            raise UserError(self.env._("Attach the written statement to withdraw (R-APP-3)."))
        self.application_ids.action_withdraw(
            reason=self.reason,
            statement=self.statement,
            statement_name=self.statement_name,
            date=self.date,
        )
        return {"type": "ir.actions.act_window_close"}
