from odoo.tests import tagged

from ..lib.regulation import Entry, counted_months, enrolment_during_term, quota_progress
from .college import generate_college
from .common import MentorshipCase

# departments, classes, students per class, mentors, entries: the second
# college has three times the mentors, classes and entries of the first
SMALL = (1, 6, 8, 3, 90)
LARGE = (2, 18, 8, 9, 270)
# queries of each operation, whatever the size of the college
BUDGETS = {
    # the facts, the task types, the quotas, the entries grouped, their students grouped
    "quota_progress": 8,
    "behind_search": 11,
    "compliance_build": 15,  # the refresh and one INSERT for all new rows
    "compliance_refresh": 14,
    "grades_first": 24,  # + one INSERT per 100 mentors (the ORM's batch)
    "grades_again": 18,
    # + the record-integrity signals (R-EVAL-2): the handbook's work dates for
    # bunching, the handbook's and the grade's shares
    # + holding the handbook and its term while the entry is saved (FOR SHARE)
    "create_entry": 23,
}


@tagged("post_install", "-at_install")
class TestPerformance(MentorshipCase):
    """Database work of the heavy operations does not grow with the college
    (issue: performance at 3,000 classes); the grouped figures give the same
    progress as counting the entries one by one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.colleges = {
            "small": generate_college(cls.env, SMALL, prefix="PerfS"),
            "large": generate_college(cls.env, LARGE, prefix="PerfL"),
        }

    def count_queries(self, function):
        """Queries of ``function()`` once caches are warm, rolled back."""
        counts = []
        for _ in range(2):
            self.env.invalidate_all()
            self.env.cr.execute("SAVEPOINT perf")
            before = self.env.cr.sql_log_count
            function()
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
            self.env.cr.execute("ROLLBACK TO SAVEPOINT perf")
            self.env.invalidate_all()
        return counts[-1]

    def assert_constant(self, name, function_of):
        counts = {
            size: self.count_queries(function_of(college))
            for size, college in self.colleges.items()
        }
        self.assertEqual(
            counts["small"], counts["large"], f"{name}: queries grow with the college {counts}"
        )
        self.assertLessEqual(counts["large"], BUDGETS[name], f"{name}: {counts}")

    def test_quota_progress_queries(self):
        self.assert_constant(
            "quota_progress", lambda college: college["assignments"]._quota_progress
        )

    def test_behind_search_queries(self):
        self.assert_constant(
            "behind_search",
            lambda college: lambda: self.env["mentorship.assignment"].search(
                [("term_id", "=", college["term"].id), ("behind", "=", True)]
            ),
        )

    def test_compliance_queries(self):
        """Building the rows from an empty table (one INSERT for all) and
        refreshing rows in place cost the same whatever the college."""
        Compliance = self.env["mentorship.compliance"]

        def refresh(college):
            return lambda: Compliance._refresh(college["company"])

        self.assert_constant("compliance_build", refresh)
        for college in self.colleges.values():
            Compliance._refresh(college["company"])
            rows = Compliance.search([("company_id", "=", college["company"].id)])
            self.assertTrue(rows)
            self.assertEqual(rows.create_uid, self.env.user)
        self.assert_constant("compliance_refresh", refresh)

    def test_compliance_refresh_is_incremental(self):
        """A refresh keeps the rows that did not change and touches no other
        company's rows."""
        Compliance = self.env["mentorship.compliance"]
        small, large = self.colleges["small"], self.colleges["large"]
        Compliance._refresh(small["company"] | large["company"])
        rows = Compliance.search([("company_id", "=", small["company"].id)])
        others = Compliance.search([("company_id", "=", large["company"].id)])
        self.assertTrue(rows and others)
        behind_before = {(r.assignment_id, r.month, r.rule): r.done for r in rows}
        # one more class meeting in the first month of the first assignment
        assignment = small["assignments"][0]
        Compliance._refresh(small["company"])
        self.assertEqual(Compliance.search([("company_id", "=", small["company"].id)]), rows)
        self.assertEqual(Compliance.search([("company_id", "=", large["company"].id)]), others)
        self.env["mentorship.log"].create(
            {
                "assignment_id": assignment.id,
                "task_type_id": small["task_types"]["class_meeting"],
                "date": assignment.date_start,
                "topic": "extra",
                "guidance_area_ids": [(6, 0, small["guidance_areas"][:1].ids)],
            }
        )
        Compliance._refresh(small["company"])
        after = Compliance.search([("company_id", "=", small["company"].id)])
        self.assertEqual(after, rows, "rows are updated in place")
        changed = [r for r in after if behind_before[(r.assignment_id, r.month, r.rule)] != r.done]
        self.assertTrue(changed)
        self.assertEqual({r.assignment_id for r in changed}, {assignment})

    def test_grades_queries(self):
        for college in self.colleges.values():
            college["term"].write({"state": "evaluation"})

        def grades(college):
            term = college["term"]
            return lambda: term.env["mentorship.evaluation"]._compute_for_term(term)

        self.assert_constant("grades_first", grades)
        for college in self.colleges.values():
            grades(college)()
        self.assert_constant("grades_again", grades)

    def test_create_entry_queries(self):
        def create(college):
            assignment = college["assignments"][0]
            return lambda: (
                self.env["mentorship.log"]
                .with_user(college["mentor_user"])
                .with_company(college["company"])
                .create(
                    {
                        "assignment_id": assignment.id,
                        "task_type_id": college["task_types"]["class_meeting"],
                        "topic": "perf",
                        "guidance_area_ids": [(6, 0, college["guidance_areas"][:1].ids)],
                    }
                )
            )

        self.assert_constant("create_entry", create)

    def test_grouped_figures_match_entries(self):
        """R-TASK: the figures the database groups give the progress the
        regulation gives on the entries one by one (partial months, late
        starts, early ends, types that do not count, leavers talked to)."""
        college = self.colleges["large"]
        assignments = college["assignments"]
        progress = assignments._quota_progress()
        counted = {
            t.code: t.counts_toward_quota
            for t in self.env["mentorship.task.type"].with_context(active_test=False).search([])
        }
        checked = 0
        for assignment in assignments:
            term, policy = assignment.term_id, assignment.term_id.policy_id
            logs = assignment.log_ids.with_context(active_test=False)
            entries = [
                Entry(log.date, log.task_code, log.student_ids.ids, counts=counted[log.task_code])
                for log in logs
            ]
            quotas = policy._regulation_quotas()
            months = counted_months(
                term.date_start,
                term.date_end,
                assignment.date_start,
                assignment.date_end,
                policy.partial_month_min_days or 15,
            )
            enrolled = assignment.class_id.student_ids.ids
            expected = quota_progress(
                quotas,
                entries,
                months,
                enrolment_during_term(enrolled, entries),
                policy.talk_ratio or 0.5,
            )
            got = progress[assignment.id]
            self.assertEqual(
                [(p.quota.rule, p.month, p.done, p.required) for p in got],
                [(p.quota.rule, p.month, p.done, p.required) for p in expected],
                assignment.name,
            )
            checked += len(got)
        self.assertGreater(checked, 100)
