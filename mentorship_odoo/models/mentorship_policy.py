from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

THRESHOLD_FIELDS = (
    "date_from",
    "cadre_age_limit",
    "min_head_teacher_years",
    "talk_ratio",
    "participation_ratio",
    "student_score_pass",
    "new_class_top_ratio",
    "partial_month_min_days",
    "new_head_teacher_months",
    "max_classes_per_mentor",
    "quantification_basis",
    "grade_combination",
)


class MentorshipPolicy(models.Model):
    _name = "mentorship.policy"
    _description = "Mentor Policy Version"
    _inherit = ["mentorship.guard.mixin", "mail.thread"]
    _order = "date_from desc, id desc"

    name = fields.Char(required=True, translate=True, tracking=True)
    document_number = fields.Char(
        help="Number of the college document that issued this version.",
        tracking=True,
    )
    date_from = fields.Date(
        string="In Force From",
        required=True,
        tracking=True,
        help="A term is judged by the latest version in force on its first day (R-MISC-2).",
    )
    cadre_age_limit = fields.Integer(
        string="Cadre Age Limit",
        default=50,
        required=True,
        tracking=True,
        help="R-ELIG-2: a cadre younger than this at term start must head a class in school.",
    )
    min_head_teacher_years = fields.Float(
        string="Minimum Head-Teacher Years",
        default=3.0,
        required=True,
        digits=(4, 1),
        tracking=True,
        help="R-ELIG-4: head-teacher experience required of non-cadre applicants.",
    )
    talk_ratio = fields.Float(
        string="In-depth Talk Share",
        default=0.5,
        required=True,
        tracking=True,
        help="R-TASK-2b: share of the class's students to talk with in a term.",
    )
    participation_ratio = fields.Float(
        string="Evaluation Participation Share",
        default=2 / 3,
        required=True,
        digits=(4, 4),
        tracking=True,
        help="R-EVAL-3: a student evaluation is valid from this share of participants.",
    )
    student_score_pass = fields.Float(
        string="Student Score to Pass",
        default=60.0,
        required=True,
        tracking=True,
        help="Mean student-evaluation score (out of 100) needed to pass.",
    )
    new_class_top_ratio = fields.Float(
        string="New-Class Ranking Share",
        default=2 / 3,
        required=True,
        digits=(4, 4),
        tracking=True,
        help="R-EVAL-4: a new-student class must rank within this top share of its grade.",
    )
    partial_month_min_days = fields.Integer(
        string="Days for a Partial Month",
        default=15,
        required=True,
        tracking=True,
        help="A month only partly inside a term or appointment counts from this many days.",
    )
    new_head_teacher_months = fields.Integer(
        string="Months for a New Head Teacher",
        default=12,
        required=True,
        tracking=True,
        help="R-MATCH-3(a): a head teacher hired within this many months before the term "
        "starts is newly hired.",
    )
    max_classes_per_mentor = fields.Integer(
        string="Classes per Mentor",
        default=1,
        required=True,
        tracking=True,
        help="How many classes one mentor may hold in a term.",
    )
    quantification_basis = fields.Selection(
        [("rank", "Rank in grade"), ("score", "Score")],
        string="Improvement Measured By",
        default="rank",
        required=True,
        tracking=True,
        help="R-EVAL-4: how a class that is not new shows it improved on its previous term.",
    )
    grade_combination = fields.Selection(
        [
            ("all", "All three parts pass"),
            ("performance_and_student", "Performance and student evaluation pass"),
        ],
        string="Pass When",
        default="all",
        required=True,
        tracking=True,
        help="R-EVAL-1: which parts must pass for a term grade of pass.",
    )
    reminder_days = fields.Integer(
        string="Reminder Days Before Month End",
        default=7,
        required=True,
        tracking=True,
        help="Mentors behind a monthly quota get a reminder this many days before month end.",
    )
    quota_ids = fields.One2many("mentorship.policy.quota", "policy_id", string="Quotas", copy=True)
    term_ids = fields.One2many("mentorship.term", "policy_id", string="Terms")
    term_count = fields.Integer(compute="_compute_term_count")
    note = fields.Html()
    active = fields.Boolean(default=True)

    _cadre_age_limit_positive = models.Constraint(
        "CHECK(cadre_age_limit > 0)", "The cadre age limit must be positive."
    )
    _min_head_teacher_years_positive = models.Constraint(
        "CHECK(min_head_teacher_years >= 0)", "Head-teacher years cannot be negative."
    )
    _partial_month_days_range = models.Constraint(
        "CHECK(partial_month_min_days BETWEEN 1 AND 31)",
        "The days for a partial month must lie between 1 and 31.",
    )

    @api.depends("term_ids")
    def _compute_term_count(self):
        counts = dict(
            self.env["mentorship.term"]._read_group(
                [("policy_id", "in", self.ids)], ["policy_id"], ["__count"]
            )
        )
        for policy in self:
            policy.term_count = counts.get(policy._origin, 0)

    @api.constrains(
        "talk_ratio", "participation_ratio", "new_class_top_ratio", "student_score_pass"
    )
    def _check_ratios(self):
        for policy in self:
            for ratio in (
                policy.talk_ratio,
                policy.participation_ratio,
                policy.new_class_top_ratio,
            ):
                if not 0 < ratio <= 1:
                    raise ValidationError(
                        self.env._(
                            "Shares must lie between 0 and 1 (policy %(name)s).", name=policy.name
                        )
                    )
            if not 0 <= policy.student_score_pass <= 100:
                raise ValidationError(
                    self.env._(
                        "The pass score must lie between 0 and 100 (policy %(name)s).",
                        name=policy.name,
                    )
                )

    @api.constrains(
        "date_from",
        "cadre_age_limit",
        "min_head_teacher_years",
        "new_head_teacher_months",
        "max_classes_per_mentor",
        "reminder_days",
    )
    def _check_limits(self):
        for policy in self:
            checks = (
                (policy.date_from.year >= 2000, self.env._("in force from 2000 or later")),
                (18 <= policy.cadre_age_limit <= 80, self.env._("cadre age limit 18 to 80")),
                (
                    0 <= policy.min_head_teacher_years <= 50,
                    self.env._("head-teacher years 0 to 50"),
                ),
                (
                    0 <= policy.new_head_teacher_months <= 120,
                    self.env._("months for a new head teacher 0 to 120"),
                ),
                (
                    1 <= policy.max_classes_per_mentor <= 10,
                    self.env._("classes per mentor 1 to 10"),
                ),
                (0 <= policy.reminder_days <= 31, self.env._("reminder days 0 to 31")),
            )
            for ok, expected in checks:
                if not ok:
                    raise ValidationError(
                        self.env._(
                            "Policy %(name)s: expected %(expected)s.",
                            name=policy.name,
                            expected=expected,
                        )
                    )

    def write(self, vals):
        if set(vals) & set(THRESHOLD_FIELDS) | ({"quota_ids"} & set(vals)):
            self._check_not_in_use()
        return super().write(vals)

    def _check_not_in_use(self):
        used = self.env["mentorship.term"].search_count(
            [("policy_id", "in", self.ids), ("state", "not in", ("draft", "application"))], limit=1
        )
        if used:
            raise UserError(
                self.env._(
                    "This policy version already judges a term under review or later; its rules "
                    "cannot change. Create a new version with a later date instead (R-MISC-2)."
                )
            )

    @api.model
    def _policy_for_date(self, date, company=None):
        """The version in force on ``date``: the latest one that started by then."""
        if not date:
            return self.browse()
        return self.search([("date_from", "<=", date)], order="date_from desc, id desc", limit=1)

    def action_view_terms(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mentorship_odoo.mentorship_term_action"
        )
        action["domain"] = [("policy_id", "=", self.id)]
        return action


class MentorshipPolicyQuota(models.Model):
    _name = "mentorship.policy.quota"
    _description = "Mentor Work Quota"
    _inherit = ["mentorship.guard.mixin"]
    _text_limits = {"rule": 32}
    _order = "policy_id, period desc, sequence, id"

    policy_id = fields.Many2one("mentorship.policy", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    rule = fields.Char(string="Rule", help="Rule ID of the regulation, e.g. R-TASK-4.")
    task_type_id = fields.Many2one("mentorship.task.type", string="Task Type", required=True)
    period = fields.Selection(
        [("month", "Per month"), ("term", "Per term")],
        required=True,
        default="month",
    )
    measure = fields.Selection(
        [
            ("entries", "Entries"),
            ("students", "Distinct students"),
            ("class_share", "Share of the class's students"),
        ],
        required=True,
        default="entries",
        help="Entries: count handbook entries. Distinct students: count the different "
        "students named. Share of the class: distinct students against the policy's "
        "talk share of the class size.",
    )
    min_count = fields.Integer(string="Minimum", default=1)

    @api.constrains("min_count")
    def _check_min_count(self):
        for quota in self:
            if quota.min_count > 1000:
                raise ValidationError(self.env._("A quota's minimum is at most 1000."))

    _min_count_positive = models.Constraint(
        "CHECK(min_count >= 0)", "A quota's minimum cannot be negative."
    )

    def write(self, vals):
        self.policy_id._check_not_in_use()
        return super().write(vals)

    def unlink(self):
        self.policy_id._check_not_in_use()
        return super().unlink()

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records.policy_id._check_not_in_use()
        return records
