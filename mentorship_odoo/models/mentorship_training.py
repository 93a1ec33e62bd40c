from odoo import fields, models


class MentorshipTraining(models.Model):
    _name = "mentorship.training"
    _description = "Mentor Training Session"
    _inherit = ["mentorship.guard.mixin", "mail.thread", "hr.mixin"]
    _order = "date desc, id desc"

    name = fields.Char(string="Topic", required=True, tracking=True)
    term_id = fields.Many2one("mentorship.term", string="Term", required=True, index=True)
    company_id = fields.Many2one(
        "res.company", related="term_id.company_id", store=True, index=True, precompute=True
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, tracking=True)
    location = fields.Char()
    trainer = fields.Char()
    attendee_ids = fields.Many2many("hr.employee", string="Attending Mentors")
    attendee_count = fields.Integer(compute="_compute_attendee_count")
    note = fields.Html()

    def _compute_attendee_count(self):
        for training in self:
            training.attendee_count = len(training.attendee_ids)
