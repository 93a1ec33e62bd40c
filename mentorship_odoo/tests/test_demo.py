"""The demo tells the truth: built around the installation day, its closed
term graded by the product's own computation (R-EVAL), with a mentor who
left mid-term (R-APP-3), an incomplete grade and late entries (R-EVAL-2).
Runs on a database installed with the demo data; skipped otherwise."""

import datetime

from odoo import fields
from odoo.tests import tagged

from .common import MentorshipCase

GRADE_FIELDS = (
    "performance_ok",
    "student_ok",
    "quantification_ok",
    "computed_result",
    "reason_data",
    "full_term",
)


@tagged("post_install", "-at_install")
class TestDemo(MentorshipCase):
    def setUp(self):
        super().setUp()
        self.office = self.env.ref("mentorship_odoo.user_demo_office", raise_if_not_found=False)
        if not self.office or not self.env["mentorship.term"].search_count([]):
            self.skipTest("the demo data is not installed")
        Term = self.env["mentorship.term"].with_user(self.office)
        self.running = Term.search([("state", "=", "running")])
        self.closed = self.running._previous_term()

    def test_r_eval_demo_terms_around_today(self):
        """R-EVAL: a closed previous term and a running term holding today,
        with entries up to today; the company is the college."""
        today = fields.Date.context_today(self.office)
        self.assertEqual(len(self.running), 1)
        self.assertTrue(self.running.date_start <= today <= self.running.date_end)
        self.assertEqual(self.closed.state, "closed")
        logs = (
            self.env["mentorship.log"]
            .sudo()
            .search([("assignment_id.term_id", "=", self.running.id)], order="date desc")
        )
        self.assertEqual(logs[0].date, today)
        company = self.env.ref("base.main_company")
        self.assertEqual(company.name, "聊城技师学院")
        self.assertEqual(
            (company.partner_id.lang, company.partner_id.tz), ("zh_CN", "Asia/Shanghai")
        )
        self.assertTrue(company.logo)

    def test_r_eval_demo_grades_equal_recomputation(self):
        """R-EVAL-1..5: the closed term's final grades are what the term's
        grading computes again from its entries, evaluations and rankings;
        every reason cites the mentor's own class."""
        grades = self.closed.evaluation_ids.sudo()
        self.assertEqual(len(grades), 6)
        self.assertEqual(set(grades.mapped("state")), {"final"})
        before = {g.employee_id.name: {name: g[name] for name in GRADE_FIELDS} for g in grades}
        self.assertEqual(
            {name: values["computed_result"] for name, values in before.items()},
            {
                "王晓明": "pass",
                "陈刚": "pass",
                "王芳": "pass",
                "李志强": "fail",
                "孙明": "fail",
                "刘丽": "incomplete",
            },
        )
        for grade in grades:
            for item in grade.reason_data or []:
                if "class_name" in item["facts"]:
                    self.assertIn(item["facts"]["class_name"], grade.class_names.split("、"))
        # recompute: reopen the term, put the grades back to computed
        self.closed.with_user(self.office).action_reopen()
        grades.write({"state": "computed"})
        grades.write(dict.fromkeys(GRADE_FIELDS, False))
        self.closed.with_user(self.office).action_compute_grades()
        after = {
            g.employee_id.name: {name: g[name] for name in GRADE_FIELDS}
            for g in self.closed.evaluation_ids.sudo()
        }
        self.assertEqual(after, before)

    def test_r_app_3_demo_withdrawn_incomplete_and_late(self):
        """R-APP-3, R-EVAL, R-EVAL-2: 孙明 left mid-term through the
        withdrawal (no full term), 刘丽's grade lacks the student evaluation
        and was decided by the officer in writing, 王芳's entries were
        recorded weeks after the work."""
        grades = {g.employee_id.name: g for g in self.closed.evaluation_ids.sudo()}
        leaver = (
            self.env["mentorship.application"]
            .sudo()
            .search([("term_id", "=", self.closed.id), ("employee_id.name", "=", "孙明")])
        )
        self.assertEqual(leaver.state, "withdrawn")
        self.assertTrue(self.closed.date_start < leaver.withdraw_date < self.closed.date_end)
        self.assertFalse(grades["孙明"].full_term)
        self.assertIn("R-EVAL-3", grades["刘丽"].missing_data)
        self.assertTrue(grades["刘丽"].override_reason)
        late = (
            self.env["mentorship.log"]
            .sudo()
            .search([("assignment_id.term_id", "=", self.closed.id)])
        )
        lag = {
            log.assignment_id.employee_id.name: (log.create_date.date() - log.date).days
            for log in late
        }
        self.assertGreaterEqual(lag["王芳"], 15)
        self.assertLessEqual(lag["王晓明"], 2)
        self.assertEqual(
            late.filtered(
                lambda log: log.create_date.date() - log.date > datetime.timedelta(7)
            ).assignment_id.employee_id.mapped("name"),
            ["王芳"],
        )
        # the product flags them itself (R-EVAL-2): only 王芳's are late
        self.assertEqual(
            late.filtered("is_late").assignment_id.employee_id.mapped("name"), ["王芳"]
        )
        shares = {name: grade.assignment_ids.late_entry_share for name, grade in grades.items()}
        self.assertGreater(shares.pop("王芳"), 0.9)
        self.assertEqual(set(shares.values()), {0.0})
