import importlib.util
import os

from odoo.tests import tagged
from odoo.tools import SQL

from ..lib.regulation import Entry, counted_months, enrolment_during_term, quota_progress
from ..report.mentorship_compliance import DOCUMENTS
from .college import generate_college
from .common import MentorshipCase

# departments, classes, students per class, mentors, entries: the second
# college has three times the mentors, classes and entries of the first
SMALL = (1, 6, 8, 3, 90)
LARGE = (2, 18, 8, 9, 270)
# queries of each operation, whatever the size of the college (pinned: more
# is a regression, fewer is a change to record here)
BUDGETS = {
    # the facts of the assignments, the quotas and task types that count
    "quota_progress": 2,
    # the terms under way, their assignments' facts, the quotas
    "behind_search": 3,
    # the facts and stamps read once, the quotas, one upsert for all
    "compliance_build": 5,
    "compliance_refresh": 4,  # stamps compared: nothing measured again, nothing written
    # the term, its policy, the previous term, the grades' inputs, the
    # quotas, one INSERT of every grade with its links to its assignments
    "grades_first": 6,
    "grades_again": 5,  # nothing changed: nothing written
    # the cards, their progress from the assignments' facts and the quotas
    "kanban": 3,
    # the grades and what a row shows of them, whatever the number of mentors
    "results_xlsx": 10,
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
        self.assertEqual(counts["large"], BUDGETS[name], f"{name}: {counts}")

    def test_bench_smoke_at_scale_s(self):
        """``make bench`` at scale S: every operation is measured with its
        query count, and each but creating an entry against the raw SQL
        aggregate measured in the same run."""
        path = os.path.join(os.path.dirname(__file__), "..", "..", "scripts", "bench.py")
        if not os.path.exists(path):
            self.skipTest("scripts/bench.py is not beside the addon")
        spec = importlib.util.spec_from_file_location("mentorship_bench", path)
        bench = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(bench)
        report = bench.run(self.env, "S", 1)
        operations = {row["operation"]: row for row in report["results"]}
        self.assertEqual(len(operations), 10)
        self.assertGreater(report["counts"]["entries"], 0)
        for name, row in operations.items():
            self.assertGreater(row["seconds"], 0, name)
            self.assertGreater(row["queries"], 0, name)
            if name == "create one handbook entry":
                self.assertIsNone(row["ratio"])
            else:
                self.assertGreater(row["ratio"], 0, name)

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
        """Building the rows (one UPDATE of the assignments measured) and
        refreshing them cost the same whatever the college."""
        Compliance = self.env["mentorship.compliance"]

        def refresh(college):
            return lambda: Compliance._refresh(college["company"])

        self.assert_constant("compliance_build", refresh)
        for college in self.colleges.values():
            Compliance._refresh(college["company"])
            rows = Compliance.search([("company_id", "=", college["company"].id)])
            self.assertTrue(rows)
        self.assert_constant("compliance_refresh", refresh)

    def test_compliance_refresh_is_incremental(self):
        """A refresh rewrites only the assignments whose rows changed and
        touches no other company's."""
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
        versions = self.document_versions(small["assignments"] | large["assignments"])
        Compliance._refresh(small["company"])
        after = Compliance.search([("company_id", "=", small["company"].id)])
        self.assertEqual(after, rows, "rows keep their ids")
        now = self.document_versions(small["assignments"] | large["assignments"])
        self.assertEqual({a for a in versions if versions[a] != now[a]}, {assignment.id})
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

    def test_kanban_queries(self):
        """The progress board of every class of a term (the kanban's fields)."""
        specification = {
            name: {}
            for name in (
                "behind",
                "mentor_name",
                "handbook_state",
                "class_name",
                "department_name",
                "progress_rate",
                "behind_summary",
            )
        }
        self.assert_constant(
            "kanban",
            lambda college: lambda: self.env["mentorship.assignment"].web_search_read(
                [("term_id", "=", college["term"].id)], specification
            ),
        )

    def test_results_xlsx_queries(self):
        """The term's results workbook, once its grades are computed."""
        for college in self.colleges.values():
            college["term"].write({"state": "evaluation"})
            self.env["mentorship.evaluation"]._compute_for_term(college["term"])
        self.assert_constant(
            "results_xlsx",
            lambda college: lambda: self.env["ir.actions.report"]._render_xlsx(
                "mentorship_odoo.term_results_xlsx", college["term"].ids, {}
            ),
        )

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

    def expected_progress(self, assignment):
        """The progress lib/regulation.py gives on the entries one by one."""
        counted = {
            t.code: t.counts_toward_quota
            for t in self.env["mentorship.task.type"].with_context(active_test=False).search([])
        }
        term, policy = assignment.term_id, assignment.term_id.policy_id
        # the students named, those who left since (archived) included
        entries = [
            Entry(log.date, log.task_code, log.student_ids.ids, counts=counted[log.task_code])
            for log in assignment.log_ids.with_context(active_test=False)
        ]
        months = counted_months(
            term.date_start,
            term.date_end,
            assignment.date_start,
            assignment.date_end,
            policy.partial_month_min_days or 15,
        )
        expected = quota_progress(
            policy._regulation_quotas(),
            entries,
            months,
            enrolment_during_term(assignment.class_id.student_ids.ids, entries),
            policy.talk_ratio or 0.5,
        )
        return [(p.quota.rule, p.month, p.done, p.required) for p in expected]

    def progress_of(self, assignment):
        return [
            (p.quota.rule, p.month, p.done, p.required)
            for p in assignment._quota_progress()[assignment.id]
        ]

    def test_grouped_figures_match_entries(self):
        """R-TASK: the figures the database groups give the progress the
        regulation gives on the entries one by one (partial months, late
        starts, early ends, types that do not count, leavers talked to)."""
        assignments = self.colleges["large"]["assignments"]
        progress = assignments._quota_progress()
        checked = 0
        for assignment in assignments:
            got = [(p.quota.rule, p.month, p.done, p.required) for p in progress[assignment.id]]
            self.assertEqual(got, self.expected_progress(assignment), assignment.name)
            checked += len(got)
        self.assertGreater(checked, 100)

    def test_r_app_3_stored_figures_follow_a_leaving_mentor(self):
        """R-APP-3, R-TASK-2b: the figures stored when entries change follow
        what happens after them: a mentor who leaves mid-term no longer has
        the months after the leaving date, and a student talked to who then
        moves to another class still counts in the class and in the talks."""
        college = self.colleges["small"]
        assignment = max(
            college["assignments"], key=lambda a: len({log.month for log in a.log_ids})
        )
        dates = sorted(assignment.log_ids.mapped("date"))
        before = self.progress_of(assignment)
        # leaving in the middle of the entries: the later months go
        leave = dates[len(dates) // 2]
        assignment._end_on(leave)
        after = self.progress_of(assignment)
        self.assertEqual(after, self.expected_progress(assignment))
        self.assertLess(
            {month for _rule, month, _done, _required in after if month},
            {month for _rule, month, _done, _required in before if month}
            | {(leave.year, leave.month)},
        )
        self.assertFalse([m for _r, m, _d, _q in after if m and m > (leave.year, leave.month)])
        # a student named in an entry moves to another class
        named = assignment.log_ids.student_ids[:1]
        self.assertTrue(named)
        other = (college["classes"] - assignment.class_id)[:1]
        size = assignment.class_id.student_count + assignment.former_student_count
        named.class_id = other
        self.assertEqual(assignment.class_id.student_count + assignment.former_student_count, size)
        self.assertEqual(self.progress_of(assignment), self.expected_progress(assignment))

    def test_closed_term_is_never_behind(self):
        """'Behind Quota' warns about the terms under way only: once a term
        is closed none of its assignments is behind, in the field or in the
        search, whatever its figures."""
        college = self.colleges["small"]
        Assignment = self.env["mentorship.assignment"]
        domain = [("term_id", "=", college["term"].id), ("behind", "=", True)]
        behind = Assignment.search(domain)
        self.assertTrue(behind, "the generated college has mentors behind their quotas")
        self.assertTrue(all(behind.mapped("behind")))
        college["term"].sudo().state = "closed"
        self.env.invalidate_all()
        self.assertFalse(Assignment.search(domain))
        self.assertFalse(any(college["assignments"].mapped("behind")))
        self.assertEqual(
            Assignment.search([("id", "in", behind.ids), ("behind", "=", False)]), behind
        )

    def test_behind_search_as_the_office_and_a_mentor(self):
        """'Behind Quota' searched as the Student Affairs Office and as a
        mentor: in the companies the user has selected, and among the records
        the user may read, exactly the assignments whose field says behind."""
        small, large = self.colleges["small"], self.colleges["large"]
        office = self.env["res.users"].create(
            {
                "name": "Perf Office",
                "login": "perf_office_two_colleges",
                "company_id": small["company"].id,
                "company_ids": [(6, 0, (small["company"] | large["company"]).ids)],
                "group_ids": [
                    (4, self.env.ref("base.group_user").id),
                    (4, self.env.ref("mentorship_odoo.group_mentorship_office").id),
                ],
            }
        )
        behind = {
            name: set(college["assignments"].filtered("behind").ids)
            for name, college in self.colleges.items()
        }
        self.assertTrue(behind["small"] and behind["large"])
        Assignment = self.env["mentorship.assignment"].with_user(office)
        domain = [("behind", "=", True)]
        only_small = Assignment.with_context(allowed_company_ids=small["company"].ids)
        self.assertEqual(set(only_small.search(domain).ids), behind["small"])
        self.assertTrue(all(only_small.browse(list(behind["small"])).mapped("behind")))
        both = Assignment.with_context(
            allowed_company_ids=(small["company"] | large["company"]).ids
        )
        self.assertEqual(set(both.search(domain).ids), behind["small"] | behind["large"])
        mentor = small["mentor_user"]
        own = {
            a.id for a in small["assignments"] if a.user_id == mentor and a.id in behind["small"]
        }
        self.assertTrue(own)
        as_mentor = (
            self.env["mentorship.assignment"].with_user(mentor).with_company(small["company"])
        )
        self.assertEqual(set(as_mentor.search(domain).ids), own)

    def test_compliance_refresh_restores_rows_removed_out_of_band(self):
        """A refresh that finds nothing changed writes nothing; rows that
        disappeared behind its back (a restore, a manual clean-up) come back."""
        Compliance = self.env["mentorship.compliance"]
        college = self.colleges["small"]
        Compliance._refresh(college["company"])
        rows = Compliance.search([("company_id", "=", college["company"].id)])
        versions = self.document_versions(college["assignments"])
        Compliance._refresh(college["company"])
        again = Compliance.search([("company_id", "=", college["company"].id)])
        self.assertEqual(again, rows)
        self.assertEqual(self.document_versions(college["assignments"]), versions)
        assignment = college["assignments"][0]
        lost = rows.filtered(lambda row: row.assignment_id == assignment)
        self.assertTrue(lost)
        expected = sorted((r.month or "", r.rule, r.done, r.required, r.status) for r in lost)
        self.env.cr.execute(
            SQL("DELETE FROM %s WHERE assignment_id = %s", SQL.identifier(DOCUMENTS), assignment.id)
        )
        self.env.invalidate_all()
        self.assertFalse(Compliance.search([("assignment_id", "=", assignment.id)]))
        Compliance._refresh(college["company"])
        restored = Compliance.search([("assignment_id", "=", assignment.id)])
        self.assertEqual(
            sorted((r.month or "", r.rule, r.done, r.required, r.status) for r in restored),
            expected,
        )
        self.assertEqual(Compliance.search([("company_id", "=", college["company"].id)]), rows)

    def document_versions(self, assignments):
        """Where each assignment's compliance document lies (``ctid``): any
        write moves it, even within a transaction."""
        self.env.flush_all()
        return dict(
            self.env.execute_query(
                SQL(
                    "SELECT assignment_id, ctid::text FROM %s WHERE assignment_id = ANY(%s)",
                    SQL.identifier(DOCUMENTS),
                    assignments.ids,
                )
            )
        )
