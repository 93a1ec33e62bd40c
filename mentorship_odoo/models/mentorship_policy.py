from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib.regulation import Quota, academic_year_start, policy_applies, term_key

THRESHOLD_FIELDS = (
    "date_from",
    "first_academic_year",
    "first_term_number",
    "cadre_rules_all_cadres",
    "keep_top_counts_improved",
    "unsubmitted_handbook",
    "match_share_basis",
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
    first_academic_year = fields.Char(
        string="In Force From Academic Year",
        tracking=True,
        help="R-MISC-2: the version judges this academic year's term (below) and every later "
        "term, e.g. 2024-2025; when empty, the terms starting on or after the date in force.",
    )
    first_term_number = fields.Selection(
        [("1", "First term"), ("2", "Second term")],
        string="In Force From Term",
        tracking=True,
        help="R-MISC-2: with the academic year, the first term this version judges.",
    )
    cadre_rules_all_cadres = fields.Boolean(
        string="Cadre Rules Bind Every Cadre (R-ELIG-2, R-ELIG-3)",
        default=True,
        tracking=True,
        help="R-ELIG-2/3: every in-post cadre must meet the cadre rules (head a class when aged "
        "at or under the limit, bachelor's degree or above), even one who also holds a senior "
        "title or an honour. Untick for the looser reading: any one qualifying basis suffices.",
    )
    cadre_age_limit = fields.Integer(
        string="Cadre Age Limit",
        default=50,
        required=True,
        tracking=True,
        help="R-ELIG-2: a cadre of this age or younger at term start (50 岁以下 includes 50) "
        "must head a class in school.",
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
        help="R-MATCH-1: how many classes one mentor may hold in a term; the seats to share "
        "are the confirmed mentors times this number.",
    )
    quantification_basis = fields.Selection(
        [("rank", "Rank in grade"), ("score", "Score")],
        string="Improvement Measured By",
        default="rank",
        required=True,
        tracking=True,
        help="R-EVAL-4: how a class that is not new shows it improved on its previous term.",
    )
    keep_top_counts_improved = fields.Boolean(
        string="Keeping the Top Place Counts as Improved (R-EVAL-4)",
        default=True,
        tracking=True,
        help="R-EVAL-4: a class ranked first of its grade in both terms cannot improve its "
        "rank; when ticked, keeping the top place counts as improved. Ranks are compared as "
        "shares of the grade when its size changed; an equal rank is not improved.",
    )
    unsubmitted_handbook = fields.Selection(
        [("fail", "Fails the performance part"), ("warn", "Warning only")],
        string="Handbook Not Submitted (R-EVAL-2)",
        default="fail",
        required=True,
        tracking=True,
        help="R-EVAL-2: the mentor submits the handbook at term end; an unsubmitted handbook "
        "fails the performance part, or is only noted as a warning.",
    )
    match_share_basis = fields.Selection(
        [
            ("classes", "Open classes"),
            ("students", "Students of the open classes"),
            ("priority", "Priority classes first"),
        ],
        string="Share Seats Among Departments By (R-MATCH-1)",
        default="classes",
        required=True,
        tracking=True,
        help="R-MATCH-1: the seats (confirmed mentors x classes per mentor) are shared among "
        "departments in proportion to their open classes, to the students of those classes, "
        "or first to their priority classes (R-MATCH-3) and then to their open classes.",
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
    title_points = fields.Float(
        string="Title-Evaluation Points per Term",
        default=1.0,
        digits=(4, 1),
        tracking=True,
        help="R-USE-2: the points for student-development work that a pass over a full term "
        "earns in the professional-title evaluation (set by the college).",
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

    @api.constrains("first_academic_year", "first_term_number")
    def _check_first_term(self):
        for policy in self:
            if bool(policy.first_academic_year) != bool(policy.first_term_number):
                raise ValidationError(
                    self.env._(
                        "Policy %(name)s: give both the academic year and the term it is in force "
                        "from, or neither (R-MISC-2).",
                        name=policy.name,
                    )
                )
            if policy.first_academic_year:
                try:
                    year = academic_year_start(policy.first_academic_year)
                except ValueError:
                    year = 0
                if not 2000 <= year <= 2100:
                    raise ValidationError(
                        self.env._(
                            "Policy %(name)s: the academic year must be two consecutive years "
                            "such as 2024-2025, not %(value)s.",
                            name=policy.name,
                            value=policy.first_academic_year,
                        )
                    )

    def write(self, vals):
        if set(vals) & set(THRESHOLD_FIELDS) | ({"quota_ids"} & set(vals)):
            self._check_not_in_use()
        return super().write(vals)

    def _check_not_in_use(self):
        """R-MISC-2: once anyone applied for a term judged by this version (or
        the term went past applications), its rules stay put."""
        terms = self.env["mentorship.term"].sudo().search([("policy_id", "in", self.ids)])
        used = terms.filtered(lambda t: t.state not in ("draft", "application"))
        if not used and terms:
            used = (
                self.env["mentorship.application"]
                .sudo()
                .search([("term_id", "in", terms.ids)], limit=1)
                .term_id
            )
        if used:
            raise UserError(
                self.env._(
                    "R-MISC-2: this policy version judges %(term)s, for which staff have applied; "
                    "its rules cannot change. Create a new version in force from a later term "
                    "instead.",
                    term=used[0].name,
                )
            )

    @api.model
    def _policy_for_date(self, date, company=None):
        """The version in force on ``date``: the latest one that started by then."""
        if not date:
            return self.browse()
        return self.search([("date_from", "<=", date)], order="date_from desc, id desc", limit=1)

    @api.model
    def _policy_for_term(self, term):
        """R-MISC-2: the version in force for ``term``: the latest (by date in
        force) whose first term is this term or an earlier one; a version
        without a first term applies from its date."""
        if not (term.date_start and term.academic_year and term.term_number):
            return self._policy_for_date(term.date_start)
        try:
            key = term_key(term.academic_year, term.term_number)
        except ValueError:
            return self._policy_for_date(term.date_start)
        for policy in self.search([], order="date_from desc, id desc"):
            first = (
                term_key(policy.first_academic_year, policy.first_term_number)
                if policy.first_academic_year and policy.first_term_number
                else None
            )
            if policy_applies(key, term.date_start, first, policy.date_from):
                return policy
        return self.browse()

    def _regulation_quotas(self):
        """The version's quotas as the regulation's arithmetic reads them."""
        self.ensure_one()
        quotas = []
        for quota in self.quota_ids:
            item = Quota(
                quota.rule or "",
                quota.task_type_id.code,
                quota.period,
                quota.measure,
                quota.min_count,
            )
            item.task_name = quota.task_type_id.name
            quotas.append(item)
        return quotas

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
