from odoo import models
from odoo.exceptions import UserError

from ..models.tier_review import GUARDED_MODELS


class CommentWizard(models.TransientModel):
    _inherit = "comment.wizard"

    def add_comment(self):
        """For the programme's applications the decision and its comment are
        done by the application itself, on the user's own open reviews."""
        self.ensure_one()
        if self.res_model not in GUARDED_MODELS:
            return super().add_comment()
        application = self.env[self.res_model].browse(self.res_id).exists()
        if not application:
            raise UserError(self.env._("The application to review no longer exists."))
        application.check_access("read")
        decision = "validate" if self.validate_reject == "validate" else "reject"
        application._decide_with_comment(decision, self.comment, self.review_ids)
