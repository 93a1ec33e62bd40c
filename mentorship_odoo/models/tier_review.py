from odoo import models
from odoo.exceptions import AccessError


class TierReview(models.Model):
    _inherit = "tier.review"

    def _get_reviewers(self):
        reviewers = super()._get_reviewers()
        if self.model == "mentorship.application" and self.res_id:
            application = self.env["mentorship.application"].sudo().browse(self.res_id)
            reviewers -= application.user_id
        return reviewers

    def write(self, vals):
        # A tier of an application is decided only by a member of its group.
        if vals.get("status") in ("approved", "rejected") and not self.env.su:
            for review in self:
                if (
                    review.model == "mentorship.application"
                    and self.env.user not in review.reviewer_ids
                ):
                    raise AccessError(
                        self.env._(
                            "Only a reviewer of the tier %(tier)s may decide it.", tier=review.name
                        )
                    )
        return super().write(vals)
