"""Record integrity (R-EVAL-2 "及时记录", R-MISC-1): the policy's settings and
each mentor's signals per handbook and per term. Signals inform the
reviewer; the grade never reads them."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..lib.integrity import share_of

INTEGRITY_SETTINGS = ("late_entry_days", "month_end_days", "month_end_share")
# figures of the handbook: set by the programme, never by a client
SIGNAL_FIELDS = (
    "signal_entry_count",
    "late_entry_count",
    "late_entry_share",
    "bunched_entry_count",
    "bunched_entry_share",
    "evidence_entry_count",
    "evidence_entry_share",
)


class MentorshipPolicy(models.Model):
    _inherit = "mentorship.policy"

    late_entry_days = fields.Integer(
        string="Days to Record an Entry",
        default=7,
        required=True,
        tracking=True,
        help="R-EVAL-2: an entry recorded more than this many days after its work date is "
        "flagged late for the reviewer.",
    )
    month_end_days = fields.Integer(
        string="Month-End Days",
        default=3,
        required=True,
        tracking=True,
        help="The last days of a month in which a pile of entries is flagged as bunched.",
    )
    month_end_share = fields.Float(
        string="Bunched Share",
        default=0.5,
        required=True,
        digits=(4, 2),
        tracking=True,
        help="A month is bunched when two or more of its entries, and at least this share of "
        "them, are dated in its last days.",
    )

    @api.constrains(*INTEGRITY_SETTINGS)
    def _check_integrity_settings(self):
        for policy in self:
            if not (
                0 <= policy.late_entry_days <= 366
                and 1 <= policy.month_end_days <= 15
                and 0 < policy.month_end_share <= 1
            ):
                raise ValidationError(
                    self.env._(
                        "Policy %(name)s: days to record 0 to 366, month-end days 1 to 15, "
                        "bunched share above 0 and at most 1.",
                        name=policy.name,
                    )
                )

    def write(self, vals):
        # R-MISC-2: like the thresholds, they stay put once the version is in use
        if set(INTEGRITY_SETTINGS) & set(vals):
            self._check_not_in_use()
        return super().write(vals)


class IntegritySignalsMixin(models.AbstractModel):
    """The shares of late, bunched and evidenced entries of a handbook."""

    _name = "mentorship.integrity.signals"
    _description = "Class Mentors Record-Integrity Signals"

    signal_entry_count = fields.Integer(
        string="Entries Recorded", compute="_compute_signals", store=True, readonly=True
    )
    late_entry_count = fields.Integer(
        string="Late Entries", compute="_compute_signals", store=True, readonly=True
    )
    late_entry_share = fields.Float(
        string="Late Entries (%)",
        compute="_compute_signals",
        store=True,
        readonly=True,
        digits=(5, 4),
        help="R-EVAL-2: share of the entries recorded later than the policy allows after the "
        "work. A signal for the reviewer; it does not change the grade.",
    )
    bunched_entry_count = fields.Integer(
        string="Bunched Entries", compute="_compute_signals", store=True, readonly=True
    )
    bunched_entry_share = fields.Float(
        string="Bunched at Month End (%)",
        compute="_compute_signals",
        store=True,
        readonly=True,
        digits=(5, 4),
        help="Share of the entries piled up in the last days of their month. A signal for the "
        "reviewer; it does not change the grade.",
    )
    evidence_entry_count = fields.Integer(
        string="Entries with Evidence", compute="_compute_signals", store=True, readonly=True
    )
    evidence_entry_share = fields.Float(
        string="With Evidence (%)",
        compute="_compute_signals",
        store=True,
        readonly=True,
        digits=(5, 4),
        help="Share of the entries with photos or other attachments.",
    )

    def _signal_counts(self):
        """``{record: (entries, late, bunched, with evidence)}``."""
        raise NotImplementedError

    def _compute_signals(self):
        counts = self._signal_counts()
        for record in self:
            record.update(self._signal_values(*counts.get(record, (0, 0, 0, 0))))

    @api.model
    def _signal_values(self, total, late, bunched, evidence):
        return {
            "signal_entry_count": total,
            "late_entry_count": late,
            "bunched_entry_count": bunched,
            "evidence_entry_count": evidence,
            "late_entry_share": share_of(late, total),
            "bunched_entry_share": share_of(bunched, total),
            "evidence_entry_share": share_of(evidence, total),
        }


class MentorshipAssignment(models.Model):
    _name = "mentorship.assignment"
    _inherit = ["mentorship.assignment", "mentorship.integrity.signals"]

    @api.depends("log_ids.is_late", "log_ids.is_month_end_bunched", "log_ids.has_evidence")
    def _compute_signals(self):
        return super()._compute_signals()

    @api.model
    def _guarded_field_names(self):
        return super()._guarded_field_names() | set(SIGNAL_FIELDS)

    def _signal_counts(self):
        return {
            assignment: (
                len(assignment.log_ids),
                sum(assignment.log_ids.mapped("is_late")),
                sum(assignment.log_ids.mapped("is_month_end_bunched")),
                sum(assignment.log_ids.mapped("has_evidence")),
            )
            for assignment in self
        }

    def action_view_late_logs(self):
        return self._action_view_flagged_logs("is_late")

    def action_view_bunched_logs(self):
        return self._action_view_flagged_logs("is_month_end_bunched")

    def _action_view_flagged_logs(self, flag):
        action = self.action_view_logs()
        action["domain"] = [("assignment_id", "=", self.id), (flag, "=", True)]
        return action


class MentorshipEvaluation(models.Model):
    _name = "mentorship.evaluation"
    _inherit = ["mentorship.evaluation", "mentorship.integrity.signals"]

    @api.depends(
        "assignment_ids.signal_entry_count",
        "assignment_ids.late_entry_count",
        "assignment_ids.bunched_entry_count",
        "assignment_ids.evidence_entry_count",
    )
    def _compute_signals(self):
        return super()._compute_signals()

    @api.model
    def _guarded_field_names(self):
        return super()._guarded_field_names() | set(SIGNAL_FIELDS)

    def _signal_counts(self):
        """Per mentor and term: over every class the mentor held."""
        return {
            evaluation: self._assignments_signal_counts(evaluation.assignment_ids)
            for evaluation in self
        }

    @api.model
    def _assignments_signal_counts(self, assignments):
        return tuple(
            sum(assignments.mapped(name))
            for name in (
                "signal_entry_count",
                "late_entry_count",
                "bunched_entry_count",
                "evidence_entry_count",
            )
        )

    _grade_summed_columns = (
        "signal_entry_count",
        "late_entry_count",
        "bunched_entry_count",
        "evidence_entry_count",
    )

    @api.model
    def _grade_rows(self, term, grades, mentors):
        """The signals of the new grades, summed over their assignments by
        the query that reads the grades' inputs."""
        rows = super()._grade_rows(term, grades, mentors)
        for row in rows:
            row.update(self._signal_values(*mentors[row["employee_id"]].sums))
        return rows
