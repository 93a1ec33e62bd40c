"""Does mentoring work? One row per class and term with a quantification
ranking: where the class stood in its grade and department (as a share, so
terms with different numbers of classes compare), whether it had a mentor,
the mentor's work, and the change from the class's previous term.

The figures show an association between mentoring and ranking change; they
do not prove that mentoring caused it (classes are not assigned at random:
priority classes get mentors first, R-MATCH-3)."""

from odoo import api, fields, models
from odoo.tools import SQL


class MentorshipEffectReport(models.Model):
    _name = "mentorship.effect.report"
    _inherit = ["mentorship.report.mixin"]
    _description = "Mentoring and Ranking Change"
    _auto = False
    _order = "term_id desc, department_id, grade_position"
    _rec_name = "class_id"
    _depends = {
        "school.class.ranking": [
            "term_id",
            "class_id",
            "department_id",
            "company_id",
            "grade_year",
            "rank_department",
            "rank_grade",
            "department_size",
            "grade_size",
            "bottom_third",
        ],
        "mentorship.assignment": ["term_id", "class_id", "employee_id", "date_start"],
        "mentorship.log": ["assignment_id", "task_code", "guidance_area_ids"],
        "mentorship.term": ["academic_year", "term_number", "company_id", "date_start"],
        "school.class": ["head_teacher_id"],
        "hr.employee": ["mentor_hire_date"],
    }

    term_id = fields.Many2one("mentorship.term", string="Term", readonly=True)
    class_id = fields.Many2one("school.class", string="Class", readonly=True)
    department_id = fields.Many2one("hr.department", string="Department", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    grade_year = fields.Integer(string="Year of Enrolment", aggregator=None, readonly=True)
    rank_grade = fields.Integer(string="Rank in Grade", aggregator=None, readonly=True)
    grade_size = fields.Integer(string="Classes in Grade", aggregator=None, readonly=True)
    rank_department = fields.Integer(string="Rank in Department", aggregator=None, readonly=True)
    department_size = fields.Integer(string="Classes in Department", aggregator=None, readonly=True)
    grade_position = fields.Float(
        string="Position in Grade (%)",
        digits=(5, 1),
        aggregator="avg",
        readonly=True,
        help="Rank in the grade as a share of the classes ranked in the grade: 10 means the "
        "top tenth. Lower is better.",
    )
    department_position = fields.Float(
        string="Position in Department (%)",
        digits=(5, 1),
        aggregator="avg",
        readonly=True,
        help="Rank in the department as a share of the department's ranked classes. Lower is "
        "better.",
    )
    previous_grade_position = fields.Float(
        string="Previous Position in Grade (%)",
        digits=(5, 1),
        aggregator="avg",
        readonly=True,
        help="The same share in the class's previous term (the calendar's previous term).",
    )
    grade_change = fields.Float(
        string="Change in Grade (points)",
        digits=(5, 1),
        aggregator="avg",
        readonly=True,
        help="Previous position minus this term's position, in percentage points of the "
        "grade: positive means the class moved up. Empty without a previous ranking.",
    )
    department_change = fields.Float(
        string="Change in Department (points)",
        digits=(5, 1),
        aggregator="avg",
        readonly=True,
        help="The same change within the department.",
    )
    has_previous = fields.Boolean(
        string="Ranked Last Term",
        readonly=True,
        help="The class was ranked in the previous term, so a change can be measured.",
    )
    improved = fields.Boolean(
        string="Moved Up",
        readonly=True,
        help="The class's position in its grade is better than in the previous term.",
    )
    mentored = fields.Boolean(
        string="Had a Mentor",
        readonly=True,
        help="A mentor was assigned to the class for the term (for the whole term or part).",
    )
    cohort = fields.Selection(
        [("mentored", "Mentored"), ("not_mentored", "Not Mentored")],
        readonly=True,
    )
    employee_id = fields.Many2one("hr.employee", string="Mentor", readonly=True)
    new_head_teacher = fields.Boolean(
        string="New Head Teacher",
        readonly=True,
        help="R-MATCH-3(a): the head teacher was hired within the policy's months before "
        "the term started.",
    )
    previous_bottom_third = fields.Boolean(
        string="Bottom Third Last Term",
        readonly=True,
        help="R-MATCH-3(b): the class ranked in the bottom third of its department in the "
        "previous term.",
    )
    priority = fields.Boolean(
        string="Priority Class",
        readonly=True,
        help="R-MATCH-3: a new head teacher or the bottom third of the department last term.",
    )
    class_count = fields.Integer(string="Classes (count)", readonly=True)
    compared_count = fields.Integer(
        string="Classes Compared (count)",
        readonly=True,
        help="Classes ranked both this term and the previous one.",
    )
    improved_count = fields.Integer(string="Classes Moved Up (count)", readonly=True)
    improved_rate = fields.Float(
        string="Moved Up (%)",
        digits=(5, 1),
        aggregator="avg",
        readonly=True,
        help="Share of the compared classes that moved up in their grade.",
    )
    log_count = fields.Integer(string="Handbook Entries", readonly=True)
    talk_count = fields.Integer(string="Talks", readonly=True)
    observation_count = fields.Integer(string="Lesson Observations", readonly=True)
    area_count = fields.Integer(
        string="Guidance Areas Covered",
        aggregator="avg",
        readonly=True,
        help="R-DUTY-3: how many of the guidance areas the mentor's entries served.",
    )

    def _query(self):
        areas = self.env["mentorship.log"]._fields["guidance_area_ids"]
        # a term's place in the calendar: year * 2 + term number, so the
        # previous term is key - 1 (term 2 follows term 1 of the same year)
        term_key = SQL(
            """
            CASE WHEN term.academic_year ~ '^[0-9]{4}-[0-9]{4}$'
                 THEN split_part(term.academic_year, '-', 1)::int * 2 + term.term_number::int
            END
            """
        )
        return SQL(
            """
            WITH term_keys AS (
                SELECT DISTINCT ON (term.company_id, %(term_key)s)
                       term.id, term.company_id, term.date_start, term.policy_id,
                       %(term_key)s AS key
                  FROM mentorship_term term
                 ORDER BY term.company_id, %(term_key)s, term.id
            ),
            mentors AS (
                SELECT DISTINCT ON (assignment.term_id, assignment.class_id)
                       assignment.term_id, assignment.class_id, assignment.employee_id
                  FROM mentorship_assignment assignment
                 ORDER BY assignment.term_id, assignment.class_id,
                          assignment.date_start DESC, assignment.id DESC
            ),
            work AS (
                SELECT assignment.term_id, assignment.class_id,
                       COUNT(DISTINCT log.id) AS log_count,
                       COUNT(DISTINCT log.id) FILTER (WHERE log.task_code = 'talk') AS talk_count,
                       COUNT(DISTINCT log.id)
                           FILTER (WHERE log.task_code = 'observation') AS observation_count,
                       COUNT(DISTINCT rel.%(area_column)s) AS area_count
                  FROM mentorship_assignment assignment
                  JOIN mentorship_log log ON log.assignment_id = assignment.id
                  LEFT JOIN %(area_relation)s rel ON rel.%(log_column)s = log.id
                 GROUP BY assignment.term_id, assignment.class_id
            ),
            rows AS (
                SELECT ranking.id, ranking.term_id, ranking.class_id, ranking.department_id,
                       ranking.company_id, ranking.grade_year,
                       ranking.rank_grade, ranking.grade_size,
                       ranking.rank_department, ranking.department_size,
                       100.0 * ranking.rank_grade / NULLIF(ranking.grade_size, 0)
                           AS grade_position,
                       100.0 * ranking.rank_department / NULLIF(ranking.department_size, 0)
                           AS department_position,
                       100.0 * previous.rank_grade / NULLIF(previous.grade_size, 0)
                           AS previous_grade_position,
                       100.0 * previous.rank_department / NULLIF(previous.department_size, 0)
                           AS previous_department_position,
                       previous.id IS NOT NULL AS has_previous,
                       mentors.employee_id,
                       COALESCE(previous.bottom_third, FALSE) AS previous_bottom_third,
                       COALESCE(
                           head.mentor_hire_date <= terms.date_start
                           AND head.mentor_hire_date > terms.date_start - make_interval(
                               months => COALESCE(NULLIF(policy.new_head_teacher_months, 0), 12)
                           ),
                           FALSE
                       ) AS new_head_teacher,
                       COALESCE(work.log_count, 0) AS log_count,
                       COALESCE(work.talk_count, 0) AS talk_count,
                       COALESCE(work.observation_count, 0) AS observation_count,
                       COALESCE(work.area_count, 0) AS area_count
                  FROM school_class_ranking ranking
                  JOIN mentorship_term term ON term.id = ranking.term_id
                  LEFT JOIN term_keys terms ON terms.id = term.id
                  LEFT JOIN term_keys previous_term
                         ON previous_term.company_id = terms.company_id
                        AND previous_term.key = terms.key - 1
                  LEFT JOIN school_class_ranking previous
                         ON previous.term_id = previous_term.id
                        AND previous.class_id = ranking.class_id
                  LEFT JOIN mentorship_policy policy ON policy.id = term.policy_id
                  LEFT JOIN school_class cls ON cls.id = ranking.class_id
                  LEFT JOIN hr_employee head ON head.id = cls.head_teacher_id
                  LEFT JOIN mentors
                         ON mentors.term_id = ranking.term_id
                        AND mentors.class_id = ranking.class_id
                  LEFT JOIN work
                         ON work.term_id = ranking.term_id AND work.class_id = ranking.class_id
            )
            SELECT rows.id, rows.term_id, rows.class_id, rows.department_id, rows.company_id,
                   rows.grade_year, rows.rank_grade, rows.grade_size,
                   rows.rank_department, rows.department_size,
                   rows.grade_position, rows.department_position,
                   rows.previous_grade_position,
                   rows.previous_grade_position - rows.grade_position AS grade_change,
                   rows.previous_department_position - rows.department_position
                       AS department_change,
                   rows.has_previous,
                   COALESCE(rows.previous_grade_position > rows.grade_position, FALSE)
                       AS improved,
                   rows.employee_id IS NOT NULL AS mentored,
                   CASE WHEN rows.employee_id IS NOT NULL THEN 'mentored'
                        ELSE 'not_mentored' END AS cohort,
                   rows.employee_id,
                   rows.new_head_teacher, rows.previous_bottom_third,
                   rows.new_head_teacher OR rows.previous_bottom_third AS priority,
                   1 AS class_count,
                   CASE WHEN rows.has_previous THEN 1 ELSE 0 END AS compared_count,
                   CASE WHEN rows.previous_grade_position > rows.grade_position
                        THEN 1 ELSE 0 END AS improved_count,
                   CASE WHEN NOT rows.has_previous THEN NULL
                        WHEN rows.previous_grade_position > rows.grade_position THEN 100.0
                        ELSE 0.0 END AS improved_rate,
                   rows.log_count, rows.talk_count, rows.observation_count, rows.area_count
              FROM rows
            """,
            term_key=term_key,
            area_relation=SQL.identifier(areas.relation),
            area_column=SQL.identifier(areas.column2),
            log_column=SQL.identifier(areas.column1),
        )

    @api.model
    def _term_summary(self, term):
        """The comparison for the President's Office Meeting: per department
        (and for the college), mentored against non-mentored classes and the
        same for priority classes -- counts, classes compared with the
        previous term, mean change and share moved up. Read with the reader's
        rights: a department sees its own classes."""
        rows = self.search([("term_id", "=", term.id)])
        groups = {}
        for row in rows:
            keys = [(row.department_id, False), (self.env["hr.department"], False)]
            if row.priority:
                keys += [(row.department_id, True), (self.env["hr.department"], True)]
            for department, priority in keys:
                group = groups.setdefault((department, priority), {})
                cell = group.setdefault(row.cohort, {"classes": 0, "changes": [], "up": 0})
                cell["classes"] += 1
                if row.has_previous:
                    cell["changes"].append(row.grade_change)
                    cell["up"] += int(row.improved)
        lines = []
        for (department, priority), group in groups.items():
            line = {
                "department": department.name or self.env._("The college"),
                "is_total": not department,
                "priority": priority,
            }
            for cohort in ("mentored", "not_mentored"):
                cell = group.get(cohort, {"classes": 0, "changes": [], "up": 0})
                compared = len(cell["changes"])
                line[cohort] = {
                    "classes": cell["classes"],
                    "compared": compared,
                    "mean_change": round(sum(cell["changes"]) / compared, 1) if compared else None,
                    "up_rate": round(100.0 * cell["up"] / compared, 1) if compared else None,
                }
            lines.append(line)
        lines.sort(key=lambda line: (line["priority"], line["is_total"], line["department"]))
        return lines


class ReportTermResults(models.AbstractModel):
    _name = "report.mentorship_odoo.report_term_results"
    _description = "Term Results Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        terms = self.env["mentorship.term"].browse(docids)
        Effect = self.env["mentorship.effect.report"]
        readable = Effect.has_access("read")
        return {
            "doc_ids": docids,
            "doc_model": "mentorship.term",
            "docs": terms,
            "effect_readable": readable,
            "effect_summaries": {
                term.id: Effect._term_summary(term) if readable else [] for term in terms
            },
        }
