"""Figures behind the programme dashboard that are not directly groupable
on the documents themselves, or that a department may see only as counts.

Each is a read-only SQL view with a department, a term and a company, so the
dashboard's term and department filters apply to all of them and record rules
limit a department to its own rows."""

from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.mentorship_log import SETTINGS


class MentorshipReportMixin(models.AbstractModel):
    _name = "mentorship.report.mixin"
    _description = "Programme Report (SQL view)"

    def _query(self):
        raise NotImplementedError

    def init(self):
        if self._abstract:
            return
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )


class MentorshipApplicationReport(models.Model):
    """Applications as counts: the state of each application of a term, by the
    applicant's department, without the applicant."""

    _name = "mentorship.application.report"
    _inherit = ["mentorship.report.mixin"]
    _description = "Applications Analysis"
    _auto = False
    _order = "term_id desc, department_id"
    _depends = {
        "mentorship.application": ["term_id", "department_id", "company_id", "state", "submit_date"]
    }

    term_id = fields.Many2one("mentorship.term", string="Term", readonly=True)
    department_id = fields.Many2one("hr.department", string="Department", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    state = fields.Selection(
        lambda self: self.env["mentorship.application"]._fields["state"].selection,
        readonly=True,
    )
    submit_date = fields.Date(readonly=True)
    application_count = fields.Integer(string="Applications (count)", readonly=True)

    def _query(self):
        return SQL(
            """
            SELECT app.id, app.term_id, app.department_id, app.company_id, app.state,
                   app.submit_date, 1 AS application_count
              FROM mentorship_application app
            """
        )


class MentorshipReviewBacklog(models.Model):
    """Review tiers still waiting for a decision on submitted applications,
    with how long they have waited (R-REV-1)."""

    _name = "mentorship.review.backlog"
    _inherit = ["mentorship.report.mixin"]
    _description = "Review Backlog"
    _auto = False
    _order = "age_days desc"
    _depends = {
        "tier.review": ["model", "res_id", "status", "definition_id", "create_date"],
        "mentorship.application": ["term_id", "department_id", "company_id", "state"],
    }

    term_id = fields.Many2one("mentorship.term", string="Term", readonly=True)
    department_id = fields.Many2one("hr.department", string="Department", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    tier = fields.Selection(
        [
            ("office", "Student Affairs Office"),
            ("discipline", "Discipline Inspection Committee"),
            ("hr", "Organisation and HR"),
            ("other", "Other"),
        ],
        readonly=True,
    )
    requested_on = fields.Date(string="Requested On", readonly=True)
    age_days = fields.Integer(
        string="Waiting (days)",
        aggregator="avg",
        readonly=True,
        help="Days since the review was requested; averaged when grouped.",
    )
    max_age_days = fields.Integer(
        string="Longest Wait (days)",
        aggregator="max",
        readonly=True,
        help="Days since the review was requested; the longest when grouped.",
    )
    review_count = fields.Integer(string="Reviews Waiting (count)", readonly=True)

    def _query(self):
        return SQL(
            """
            SELECT review.id, app.term_id, app.department_id, app.company_id,
                   CASE data.name
                        WHEN 'group_mentorship_office' THEN 'office'
                        WHEN 'group_mentorship_reviewer_discipline' THEN 'discipline'
                        WHEN 'group_mentorship_reviewer_hr' THEN 'hr'
                        ELSE 'other' END AS tier,
                   review.create_date::date AS requested_on,
                   (CURRENT_DATE - review.create_date::date) AS age_days,
                   (CURRENT_DATE - review.create_date::date) AS max_age_days,
                   1 AS review_count
              FROM tier_review review
              JOIN mentorship_application app ON app.id = review.res_id
              LEFT JOIN tier_definition definition ON definition.id = review.definition_id
              LEFT JOIN ir_model_data data
                     ON data.model = 'res.groups' AND data.module = 'mentorship_odoo'
                    AND data.res_id = definition.reviewer_group_id
             WHERE review.model = 'mentorship.application'
               AND review.status IN ('waiting', 'pending')
               AND app.state = 'submitted'
            """
        )


class MentorshipCoverageReport(models.Model):
    """Confirmed mentors against the classes of a department: one row per
    class in school during the term (mentored or not) and one per confirmed
    mentor (by the mentor's own department)."""

    _name = "mentorship.coverage.report"
    _inherit = ["mentorship.report.mixin"]
    _description = "Mentors and Classes"
    _auto = False
    _order = "term_id desc, department_id"
    _depends = {
        "mentorship.application": ["term_id", "department_id", "company_id", "state"],
        "mentorship.assignment": ["term_id", "class_id"],
        "school.class": ["department_id", "company_id", "grade_year", "active"],
        "mentorship.term": ["academic_year", "company_id"],
    }

    term_id = fields.Many2one("mentorship.term", string="Term", readonly=True)
    department_id = fields.Many2one("hr.department", string="Department", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    class_id = fields.Many2one("school.class", string="Class", readonly=True)
    class_count = fields.Integer(string="Classes (count)", readonly=True)
    mentored_class_count = fields.Integer(string="Classes with a Mentor (count)", readonly=True)
    mentor_count = fields.Integer(string="Confirmed Mentors (count)", readonly=True)

    def _query(self):
        return SQL(
            """
            SELECT ROW_NUMBER() OVER (ORDER BY kind, term_id, ref_id) AS id,
                   term_id, department_id, company_id, class_id,
                   class_count, mentored_class_count, mentor_count
              FROM (
                    SELECT 'class' AS kind, term.id AS term_id, cls.id AS ref_id,
                           cls.department_id, term.company_id, cls.id AS class_id,
                           1 AS class_count,
                           CASE WHEN EXISTS (
                                SELECT 1 FROM mentorship_assignment assignment
                                 WHERE assignment.term_id = term.id
                                   AND assignment.class_id = cls.id
                           ) THEN 1 ELSE 0 END AS mentored_class_count,
                           0 AS mentor_count
                      FROM mentorship_term term
                      JOIN school_class cls
                        ON cls.company_id = term.company_id AND cls.active
                       AND (term.academic_year !~ '^[0-9]{4}-[0-9]{4}$'
                            OR cls.grade_year <= split_part(term.academic_year, '-', 1)::int)
                    UNION ALL
                    SELECT 'mentor', app.term_id, app.id, app.department_id, app.company_id,
                           NULL, 0, 0, 1
                      FROM mentorship_application app
                     WHERE app.state = 'confirmed'
                   ) AS rows
            """
        )


class MentorshipLogAreaReport(models.Model):
    """Handbook entries by guidance area (R-DUTY-3): an entry serving several
    areas counts once in each."""

    _name = "mentorship.log.area.report"
    _inherit = ["mentorship.report.mixin"]
    _description = "Handbook Entries by Guidance Area"
    _auto = False
    _order = "date desc"
    _depends = {
        "mentorship.log": [
            "term_id",
            "department_id",
            "company_id",
            "class_id",
            "employee_id",
            "date",
            "setting",
            "task_type_id",
            "guidance_area_ids",
        ],
    }

    log_id = fields.Many2one("mentorship.log", string="Handbook Entry", readonly=True)
    term_id = fields.Many2one("mentorship.term", string="Term", readonly=True)
    department_id = fields.Many2one("hr.department", string="Department", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    class_id = fields.Many2one("school.class", string="Class", readonly=True)
    employee_id = fields.Many2one("hr.employee", string="Mentor", readonly=True)
    task_type_id = fields.Many2one("mentorship.task.type", string="Type", readonly=True)
    guidance_area_id = fields.Many2one(
        "mentorship.guidance.area", string="Guidance Area", readonly=True
    )
    setting = fields.Selection(SETTINGS, readonly=True)
    date = fields.Date(readonly=True)
    entry_count = fields.Integer(string="Entries (count)", readonly=True)

    def _query(self):
        field = self.env["mentorship.log"]._fields["guidance_area_ids"]
        return SQL(
            """
            SELECT ROW_NUMBER() OVER (ORDER BY log.id, rel.%(area)s) AS id,
                   log.id AS log_id, log.term_id, log.department_id, log.company_id,
                   log.class_id, log.employee_id, log.task_type_id,
                   rel.%(area)s AS guidance_area_id, log.setting, log.date,
                   1 AS entry_count
              FROM mentorship_log log
              LEFT JOIN %(relation)s rel ON rel.%(log)s = log.id
            """,
            area=SQL.identifier(field.column2),
            log=SQL.identifier(field.column1),
            relation=SQL.identifier(field.relation),
        )


class MentorshipEvaluationReport(models.Model):
    """Grades as counts, reported to the President's Office Meeting or final:
    pass rate by department and term, without the mentors' names."""

    _name = "mentorship.evaluation.report"
    _inherit = ["mentorship.report.mixin"]
    _description = "Grades Analysis"
    _auto = False
    _order = "term_id desc, department_id"
    _depends = {
        "mentorship.evaluation": [
            "term_id",
            "department_id",
            "company_id",
            "result",
            "state",
            "performance_ok",
            "student_ok",
            "quantification_ok",
        ],
    }

    term_id = fields.Many2one("mentorship.term", string="Term", readonly=True)
    department_id = fields.Many2one("hr.department", string="Department", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    result = fields.Selection(
        lambda self: self.env["mentorship.evaluation"]._fields["result"].selection, readonly=True
    )
    state = fields.Selection(
        lambda self: self.env["mentorship.evaluation"]._fields["state"].selection, readonly=True
    )
    failing_part = fields.Selection(
        [
            ("none", "None"),
            ("performance", "Performance"),
            ("student", "Student Evaluation"),
            ("quantification", "Class Quantification"),
            ("several", "Several Parts"),
        ],
        readonly=True,
        help="The part of the grade that was not met (R-EVAL-2 to R-EVAL-4).",
    )
    evaluation_count = fields.Integer(string="Grades (count)", readonly=True)
    pass_count = fields.Integer(string="Passes (count)", readonly=True)
    fail_count = fields.Integer(string="Fails (count)", readonly=True)
    pass_rate = fields.Float(
        string="Pass Rate (%)",
        aggregator="avg",
        digits=(5, 1),
        readonly=True,
        help="Share of passes among the grades counted.",
    )

    def _query(self):
        return SQL(
            """
            SELECT ev.id, ev.term_id, ev.department_id, ev.company_id, ev.result, ev.state,
                   CASE (NOT COALESCE(ev.performance_ok, FALSE))::int
                        + (NOT COALESCE(ev.student_ok, FALSE))::int
                        + (NOT COALESCE(ev.quantification_ok, FALSE))::int
                        WHEN 0 THEN 'none'
                        WHEN 1 THEN CASE
                            WHEN NOT COALESCE(ev.performance_ok, FALSE) THEN 'performance'
                            WHEN NOT COALESCE(ev.student_ok, FALSE) THEN 'student'
                            ELSE 'quantification' END
                        ELSE 'several' END AS failing_part,
                   1 AS evaluation_count,
                   CASE WHEN ev.result = 'pass' THEN 1 ELSE 0 END AS pass_count,
                   CASE WHEN ev.result = 'fail' THEN 1 ELSE 0 END AS fail_count,
                   CASE WHEN ev.result = 'pass' THEN 100.0 ELSE 0.0 END AS pass_rate
              FROM mentorship_evaluation ev
             WHERE ev.state IN ('reported', 'final')
            """
        )
