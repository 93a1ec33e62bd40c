from odoo import api, fields, models
from odoo.exceptions import AccessError

GUARDED_MODELS = ("mentorship.application",)


class TierReview(models.Model):
    _inherit = "tier.review"

    mentorship_readable = fields.Boolean(
        compute="_compute_mentorship_readable",
        search="_search_mentorship_readable",
        help="The review belongs to an application the current user may read.",
    )

    mentorship_status = fields.Char(
        string="Review Status",
        compute="_compute_mentorship_status",
        help="The tier's status in the reader's language.",
    )

    @api.depends("status")
    @api.depends_context("lang")
    def _compute_mentorship_status(self):
        labels = {
            "waiting": self.env._("Waiting"),
            "pending": self.env._("To Review"),
            "approved": self.env._("Approved"),
            "rejected": self.env._("Rejected"),
            "cancel": self.env._("Cancelled"),
        }
        for review in self:
            review.mentorship_status = labels.get(review.status, "")

    def _compute_mentorship_readable(self):
        readable = set(self._readable_application_ids())
        for review in self:
            review.mentorship_readable = (
                review.model not in GUARDED_MODELS or review.res_id in readable
            )

    def _search_mentorship_readable(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        ids = self._readable_application_ids()
        positive = ["|", ("model", "not in", GUARDED_MODELS), ("res_id", "in", ids)]
        if (operator == "=") == value:
            return positive
        return [("model", "in", GUARDED_MODELS), ("res_id", "not in", ids)]

    def _readable_application_ids(self):
        """Applications the real user may read: their own, those under review
        for reviewers, all for officers (the application's record rules)."""
        Application = self.env["mentorship.application"].with_user(self.env.uid)
        return Application.with_context(active_test=False)._search([]).get_result_ids()

    def _get_reviewers(self):
        reviewers = super()._get_reviewers()
        if self.model in GUARDED_MODELS and self.res_id:
            # managers and administrators count through implied groups
            if self.reviewer_group_id:
                reviewers |= self.reviewer_group_id.all_user_ids.filtered(
                    lambda user: not user.share
                )
            application = self.env[self.model].sudo().browse(self.res_id)
            employee = application.employee_id
            reviewers -= employee.user_id
            reviewers = reviewers.filtered(lambda user: employee not in user.employee_ids)
        return reviewers

    def _mentorship_reviews(self):
        return self.filtered(lambda review: review.model in GUARDED_MODELS)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("model") in GUARDED_MODELS for vals in vals_list):
            raise AccessError(self.env._("Review tiers are created by submitting an application."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and self._mentorship_reviews():
            # the only write a client's step may cause: a waiting tier made
            # pending by base_tier_validation's own status update
            promote = vals == {"status": "pending"} and all(
                review.status == "waiting" for review in self._mentorship_reviews()
            )
            if not promote:
                raise AccessError(
                    self.env._(
                        "A review tier changes only when a member of its group approves or "
                        "rejects it."
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_mentorship(self):
        if not self.env.su and self._mentorship_reviews():
            raise AccessError(
                self.env._("Review tiers cannot be deleted; an officer restarts the review.")
            )
