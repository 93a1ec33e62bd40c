"""The programme dashboard and the effect analytics, on a small seeded
college: two departments, five classes of one grade, a closed term and a
running one with two mentored classes, and the next term open for
applications.

Positions in the grade (rank / classes ranked, in %) and their change:

=====  ==========  ==========  ======  =========================
class  last term   this term   change  this term
=====  ==========  ==========  ======  =========================
A1     4/4 = 100   2/5 = 40    +60     mentored; bottom third last term
A2     1/4 = 25    1/5 = 20    +5      not mentored
A3     2/4 = 50    5/5 = 100   -50     not mentored; new head teacher
B1     3/4 = 75    3/5 = 60    +15     mentored
B2     --          4/5 = 80    --      not mentored; not ranked last term
=====  ==========  ==========  ======  =========================
"""

import datetime
import json

from odoo import Command
from odoo.addons.spreadsheet.utils.validate_data import fields_in_spreadsheet
from odoo.tests import tagged
from odoo.tools import file_open

from .common import STATEMENT, MentorshipCase

D = datetime.date
DASHBOARD = "mentorship_odoo.spreadsheet_dashboard_mentorship"
REPORT_MODELS = (
    "mentorship.application.report",
    "mentorship.review.backlog",
    "mentorship.coverage.report",
    "mentorship.log.area.report",
    "mentorship.evaluation.report",
    "mentorship.effect.report",
)


@tagged("post_install", "-at_install")
class TestDashboard(MentorshipCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        Department = env["hr.department"]
        cls.dept_a = Department.create({"name": "看板机电系"})
        cls.dept_b = Department.create({"name": "看板信息系"})
        Employee = env["hr.employee"]
        Employee.create(
            {
                "name": "看板系部干事",
                "user_id": cls.users["department"].id,
                "department_id": cls.dept_a.id,
            }
        )
        facts = {
            "mentor_title_level": "senior",
            "mentor_head_teacher_years": 5.0,
            "mentor_education": "bachelor",
        }
        cls.mentor_a = Employee.create(
            {"name": "看板导师甲", "department_id": cls.dept_a.id, **facts}
        )
        cls.mentor_b = Employee.create(
            {"name": "看板导师乙", "department_id": cls.dept_b.id, **facts}
        )
        cls.applicant = Employee.create(
            {"name": "看板申请人", "department_id": cls.dept_a.id, **facts}
        )
        cls.applicant_b = Employee.create(
            {"name": "看板申请人乙", "department_id": cls.dept_b.id, **facts}
        )
        head = Employee.create({"name": "看板班主任", "department_id": cls.dept_a.id})
        new_head = Employee.create(
            {
                "name": "看板新班主任",
                "department_id": cls.dept_a.id,
                "mentor_hire_date": D(2026, 6, 1),
            }
        )

        Term = env["mentorship.term"]
        cls.term_last = Term.create(
            {
                "academic_year": "2025-2026",
                "term_number": "2",
                "date_start": D(2026, 2, 20),
                "date_end": D(2026, 7, 10),
                "state": "running",
            }
        )
        cls.term = Term.create(
            {
                "academic_year": "2026-2027",
                "term_number": "1",
                "date_start": D(2026, 9, 1),
                "date_end": D(2027, 1, 20),
                "state": "running",
            }
        )
        cls.term_next = Term.create(
            {
                "academic_year": "2026-2027",
                "term_number": "2",
                "date_start": D(2027, 2, 20),
                "date_end": D(2027, 7, 10),
                "state": "application",
            }
        )
        cls.terms = cls.term_last | cls.term | cls.term_next

        Class = env["school.class"]

        def school_class(code, department, head_teacher):
            return Class.create(
                {
                    "name": f"{code}班",
                    "code": code,
                    "grade_year": 2025,
                    "department_id": department.id,
                    "head_teacher_id": head_teacher.id,
                }
            )

        cls.classes = {
            "A1": school_class("KBA1", cls.dept_a, head),
            "A2": school_class("KBA2", cls.dept_a, head),
            "A3": school_class("KBA3", cls.dept_a, new_head),
            "B1": school_class("KBB1", cls.dept_b, head),
            "B2": school_class("KBB2", cls.dept_b, head),
        }
        student = env["school.student"].create(
            {"name": "看板学生", "student_number": "KB0001", "class_id": cls.classes["A1"].id}
        )

        Ranking = env["school.class.ranking"]
        for term, ranks in (
            (cls.term_last, {"A1": (3, 4), "A2": (1, 1), "A3": (2, 2), "B1": (1, 3)}),
            (cls.term, {"A1": (2, 2), "A2": (1, 1), "A3": (3, 5), "B1": (1, 3), "B2": (2, 4)}),
        ):
            Ranking.create(
                [
                    {
                        "term_id": term.id,
                        "class_id": cls.classes[code].id,
                        "score": 80,
                        "rank_department": rank_department,
                        "rank_grade": rank_grade,
                    }
                    for code, (rank_department, rank_grade) in ranks.items()
                ]
            )

        # this term's mentors: A1 and B1, confirmed by the meeting
        Application = env["mentorship.application"]
        declarations = {
            "declare_devotion": True,
            "declare_ethics": True,
            "declare_fitness": True,
            "five_education_specialty": "labour",
        }
        for mentor in (cls.mentor_a, cls.mentor_b):
            Application.create(
                {
                    "employee_id": mentor.id,
                    "term_id": cls.term.id,
                    "state": "confirmed",
                    **declarations,
                }
            )
        for applicant in (cls.applicant, cls.applicant_b):
            submitted = Application.create(
                {"employee_id": applicant.id, "term_id": cls.term_next.id, **declarations}
            )
            submitted.action_submit()
            if not submitted.review_ids:
                submitted.request_validation()

        Assignment = env["mentorship.assignment"]
        dates = {"term_id": cls.term.id, "date_start": D(2026, 9, 1), "date_end": D(2027, 1, 20)}
        cls.assignment_a = Assignment.create(
            {**dates, "employee_id": cls.mentor_a.id, "class_id": cls.classes["A1"].id}
        )
        cls.assignment_b = Assignment.create(
            {**dates, "employee_id": cls.mentor_b.id, "class_id": cls.classes["B1"].id}
        )

        # the mentor of A1: two talks (one online), one lesson observation,
        # over two guidance areas; the mentor of B1: one class meeting
        TaskType = env["mentorship.task.type"]
        academic = env.ref("mentorship_odoo.guidance_area_academic")
        life = env.ref("mentorship_odoo.guidance_area_life")
        task = {code: TaskType.search([("code", "=", code)]) for code in ("talk", "observation")}
        task["class_meeting"] = TaskType.search([("code", "=", "class_meeting")])
        env["mentorship.log"].create(
            [
                {
                    "assignment_id": cls.assignment_a.id,
                    "date": D(2026, 10, 8),
                    "task_type_id": task["talk"].id,
                    "setting": "class",
                    "student_ids": [Command.set(student.ids)],
                    "guidance_area_ids": [Command.set(academic.ids)],
                },
                {
                    "assignment_id": cls.assignment_a.id,
                    "date": D(2026, 10, 15),
                    "task_type_id": task["talk"].id,
                    "setting": "online",
                    "student_ids": [Command.set(student.ids)],
                    "guidance_area_ids": [Command.set((academic | life).ids)],
                },
                {
                    "assignment_id": cls.assignment_a.id,
                    "date": D(2026, 10, 20),
                    "task_type_id": task["observation"].id,
                    "setting": "lesson",
                    "lesson": "机械制图",
                    "students_state": "专注",
                    "guidance_area_ids": [Command.set(academic.ids)],
                },
                {
                    "assignment_id": cls.assignment_b.id,
                    "date": D(2026, 10, 9),
                    "task_type_id": task["class_meeting"].id,
                    "setting": "class",
                    "topic": "诚信教育",
                    "guidance_area_ids": [Command.set(life.ids)],
                },
            ]
        )
        cls.academic, cls.life = academic, life

        # student evaluations entered by the departments
        env["mentorship.student.evaluation"].create(
            [
                {
                    "term_id": cls.term.id,
                    "class_id": cls.classes["A1"].id,
                    "source": "manual",
                    "manual_class_size": 40,
                    "manual_participant_count": 30,
                    "manual_mean_score": 90,
                    "report_file": STATEMENT,
                },
                {
                    "term_id": cls.term.id,
                    "class_id": cls.classes["B1"].id,
                    "source": "manual",
                    "manual_class_size": 30,
                    "manual_participant_count": 20,
                    "manual_mean_score": 80,
                    "report_file": STATEMENT,
                },
            ]
        )

        # grades: A1's mentor passes, B1's fails (final); a computed grade
        # in department A is not counted until it is reported
        Evaluation = env["mentorship.evaluation"]
        for mentor, assignment, result, state in (
            (cls.mentor_a, cls.assignment_a, "pass", "final"),
            (cls.mentor_b, cls.assignment_b, "fail", "final"),
            (cls.applicant, cls.assignment_a, "fail", "computed"),
        ):
            Evaluation.create(
                {
                    "term_id": cls.term.id,
                    "employee_id": mentor.id,
                    "assignment_ids": [Command.set(assignment.ids)],
                    "computed_result": result,
                    "performance_ok": result == "pass",
                    "student_ok": True,
                    "quantification_ok": True,
                    "state": state,
                }
            )
        cls.term_last.write({"state": "closed"})
        env.flush_all()

    # ------------------------------------------------------------- helpers
    def _pivots(self):
        with file_open("mentorship_odoo/data/files/mentorship_dashboard.json") as handle:
            return json.load(handle)["pivots"]

    def _pivot_figures(self, pivot, user):
        """What the dashboard's pivot reads for the user, filtered on the
        seeded terms as the term filter would: {group values: figures}."""
        Model = self.env[pivot["model"]].with_user(user)
        groupby = [
            ":".join(filter(None, (dimension["fieldName"], dimension.get("granularity"))))
            for dimension in pivot["rows"] + pivot["columns"]
        ]
        aggregates = [
            "__count" if m["fieldName"] == "__count" else f"{m['fieldName']}:{m['aggregator']}"
            for m in pivot["measures"]
            if "computedBy" not in m
        ]
        domain = [*pivot["domain"], ("term_id", "in", self.terms.ids)]
        return {
            tuple(
                value.id if hasattr(value, "_name") else value for value in row[: len(groupby)]
            ): list(row[len(groupby) :])
            for row in Model._read_group(domain, groupby, aggregates)
        }

    def _pivot(self, model):
        return next(p for p in self._pivots().values() if p["model"] == model)

    # --------------------------------------------------------------- tests
    def test_dashboard_visible_to_programme_readers(self):
        """The dashboard opens for the SAO, the President's office, managers
        and departments; plain staff do not see it."""
        dashboard = self.env.ref(DASHBOARD)
        for role in ("office", "president", "manager", "department"):
            found = self.env["spreadsheet.dashboard"].with_user(self.users[role]).search([])
            self.assertIn(dashboard, found, role)
            data = json.loads(dashboard.with_user(self.users[role]).spreadsheet_data)
            self.assertEqual(
                {f["label"] for f in data["globalFilters"]}, {"Term", "Department"}, role
            )
        staff = self.env["spreadsheet.dashboard"].with_user(self.users["staff"]).search([])
        self.assertNotIn(dashboard, staff)
        self.assertTrue(dashboard.sample_dashboard_file_path)
        self.assertTrue(dashboard._get_sample_dashboard()["sheets"])

    def test_spreadsheet_fields_exist(self):
        """Every model and field the spreadsheet names exists (core's check)."""
        with file_open("mentorship_odoo/data/files/mentorship_dashboard.json") as handle:
            data = json.load(handle)
        for model, names in fields_in_spreadsheet(data).items():
            self.assertIn(model, self.env)
            for name in names:
                self.assertIn(name, self.env[model]._fields, f"{model}.{name}")

    def test_every_pivot_reads_with_both_filters(self):
        """Each figure of the dashboard is read by the SAO and filtered by
        term and department."""
        for pivot in self._pivots().values():
            Model = self.env[pivot["model"]]
            for field in ("term_id", "department_id"):
                self.assertEqual(
                    Model._fields[field].comodel_name,
                    {"term_id": "mentorship.term", "department_id": "hr.department"}[field],
                    pivot["model"],
                )
            for role in ("office", "president", "department"):
                self._pivot_figures(pivot, self.users[role])

    def test_dashboard_figures(self):
        """R-REV-1, R-DUTY-2, R-DUTY-3, R-EVAL-3: the figures the SAO sees."""
        office = self.users["office"]
        applications = self._pivot_figures(self._pivot("mentorship.application.report"), office)
        self.assertEqual(applications[("confirmed",)], [2])
        self.assertEqual(applications[("submitted",)], [2])

        backlog = self._pivot_figures(self._pivot("mentorship.review.backlog"), office)
        # R-REV-1: three parallel tiers wait on each submitted application, since today
        self.assertEqual(backlog, {(tier,): [2, 0, 0] for tier in ("office", "discipline", "hr")})

        coverage = self._pivot_figures(self._pivot("mentorship.coverage.report"), office)
        # mentors, classes, classes with a mentor (classes count in each of the 3 terms)
        self.assertEqual(coverage[(self.dept_a.id,)], [1, 9, 1])
        self.assertEqual(coverage[(self.dept_b.id,)], [1, 6, 1])

        areas = self._pivot_figures(self._pivot("mentorship.log.area.report"), office)
        self.assertEqual(areas, {(self.academic.id,): [3], (self.life.id,): [2]})
        settings = self._pivot_figures(self._pivot("mentorship.log"), office)
        self.assertEqual(settings, {("class",): [2], ("online",): [1], ("lesson",): [1]})

        students = self._pivot_figures(self._pivot("mentorship.student.evaluation"), office)
        self.assertEqual(students[(self.dept_a.id,)], [1, 40, 30, 90.0])
        self.assertEqual(students[(self.dept_b.id,)], [1, 30, 20, 80.0])

        grades = self._pivot_figures(self._pivot("mentorship.evaluation.report"), office)
        # the computed grade of department A is not counted before it is reported
        self.assertEqual(grades[(self.dept_a.id, self.term.id)], [100.0])
        self.assertEqual(grades[(self.dept_b.id, self.term.id)], [0.0])

    def test_department_sees_own_rows(self):
        """Department users see only their own departments' rows of every report."""
        user = self.users["department"]
        for model in REPORT_MODELS:
            everything = self.env[model].search([("term_id", "in", self.terms.ids)])
            mine = self.env[model].with_user(user).search([("term_id", "in", self.terms.ids)])
            self.assertTrue(mine, model)
            self.assertLess(len(mine), len(everything), model)
            self.assertEqual(mine.sudo().department_id, self.dept_a, model)
        grades = self.env["mentorship.evaluation.report"].with_user(user).search([])
        self.assertEqual(set(grades.mapped("state")), {"final"})
        for role in ("president", "office"):
            rows = (
                self.env["mentorship.effect.report"]
                .with_user(self.users[role])
                .search([("term_id", "=", self.term.id)])
            )
            self.assertEqual(len(rows), 5, role)

    def test_effect_per_class(self):
        """R-MATCH-3, R-EVAL-4: positions as shares of the grade, change from the
        previous term, the mentor's work, priority classes."""
        rows = {
            row.class_id.code[2:]: row
            for row in self.env["mentorship.effect.report"]
            .with_user(self.users["office"])
            .search([("term_id", "=", self.term.id)])
        }
        a1, a2, a3, b1, b2 = (rows[code] for code in ("A1", "A2", "A3", "B1", "B2"))
        self.assertAlmostEqual(a1.grade_position, 40.0)
        self.assertAlmostEqual(a1.previous_grade_position, 100.0)
        self.assertAlmostEqual(a1.grade_change, 60.0)
        self.assertAlmostEqual(a1.department_position, 2 / 3 * 100, places=3)
        self.assertAlmostEqual(a1.department_change, 100 - 2 / 3 * 100, places=3)
        self.assertTrue(a1.improved and a1.mentored and a1.previous_bottom_third and a1.priority)
        self.assertEqual(a1.employee_id, self.mentor_a)
        self.assertEqual(
            (a1.log_count, a1.talk_count, a1.observation_count, a1.area_count), (3, 2, 1, 2)
        )
        self.assertAlmostEqual(a2.grade_change, 5.0)
        self.assertFalse(a2.mentored or a2.priority)
        self.assertAlmostEqual(a3.grade_change, -50.0)
        self.assertTrue(a3.new_head_teacher and a3.priority)
        self.assertFalse(a3.improved or a3.mentored)
        self.assertAlmostEqual(b1.grade_change, 15.0)
        self.assertEqual(b1.cohort, "mentored")
        self.assertFalse(b2.has_previous or b2.improved)
        self.assertEqual((b2.cohort, b2.compared_count, b2.log_count), ("not_mentored", 0, 0))

    def test_effect_mentored_against_not_mentored(self):
        """The comparison: counts, mean change and share moved up by cohort."""
        Effect = self.env["mentorship.effect.report"].with_user(self.users["president"])
        groups = {
            cohort: figures
            for cohort, *figures in Effect._read_group(
                [("term_id", "=", self.term.id)],
                ["cohort"],
                ["class_count:sum", "compared_count:sum", "grade_change:avg", "improved_rate:avg"],
            )
        }
        self.assertEqual(groups["mentored"], [2, 2, 37.5, 100.0])
        self.assertEqual(groups["not_mentored"], [3, 2, -22.5, 50.0])
        lines = Effect._term_summary(self.term)
        college = next(line for line in lines if line["is_total"] and not line["priority"])
        self.assertEqual(
            college["mentored"],
            {"classes": 2, "compared": 2, "mean_change": 37.5, "up_rate": 100.0},
        )
        self.assertEqual(
            college["not_mentored"],
            {"classes": 3, "compared": 2, "mean_change": -22.5, "up_rate": 50.0},
        )
        priority = next(line for line in lines if line["is_total"] and line["priority"])
        # priority: A1 and B1 (bottom third of their department last term: B1 was
        # the department's only class) mentored, A3 (new head teacher) not
        self.assertEqual(priority["mentored"]["mean_change"], 37.5)
        self.assertEqual(priority["not_mentored"]["mean_change"], -50.0)
        department_b = next(
            line
            for line in lines
            if line["department"] == self.dept_b.name and not line["priority"]
        )
        self.assertEqual(
            department_b["not_mentored"],
            {"classes": 1, "compared": 0, "mean_change": None, "up_rate": None},
        )

    def test_term_results_summary_page(self):
        """R-EVAL-5: the term results for the President's Office Meeting carry
        the comparison on a page of its own, said to be an association."""
        html = (
            self.env["ir.actions.report"]
            .with_user(self.users["president"])
            ._render_qweb_html("mentorship_odoo.action_report_term_results", self.term.ids)[0]
            .decode()
        )
        self.assertIn("o_mentorship_effect", html)
        self.assertIn("Mentored and Non-Mentored Classes: Ranking Change", html)
        self.assertIn("An association, not proof of cause.", html)
        self.assertIn("+37.5", html)
        self.assertIn("-22.5", html)
        self.assertIn("Class Mentor Term Results", html)  # the grades page is still there
        staff_html = (
            self.env["ir.actions.report"]
            .with_user(self.users["hr"])
            ._render_qweb_html("mentorship_odoo.action_report_term_results", self.term.ids)[0]
            .decode()
        )
        self.assertNotIn("o_mentorship_effect", staff_html)
