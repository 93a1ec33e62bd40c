import datetime

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import MentorshipCase

D = datetime.date


@tagged("post_install", "-at_install")
class HandbookCase(MentorshipCase):
    """Two mentors over a three-month term: A meets every quota, B misses
    observations in October and the talk share."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.term = cls.env["mentorship.term"].create(
            {
                "academic_year": "2025-2026",
                "term_number": "1",
                "date_start": D(2025, 9, 1),
                "date_end": D(2025, 11, 30),
                "state": "running",
            }
        )
        department = cls.env["hr.department"].create({"name": "信息工程系"})
        cls.head_user = new_test_user(cls.env, login="test_head_a", groups="base.group_user")
        head_a = cls.env["hr.employee"].create({"name": "班主任甲", "user_id": cls.head_user.id})
        head_b = cls.env["hr.employee"].create({"name": "班主任乙"})
        cls.class_a, cls.class_b = cls.env["school.class"].create(
            [
                {
                    "name": "25计算机1班",
                    "code": "A1",
                    "grade_year": 2025,
                    "department_id": department.id,
                    "head_teacher_id": head_a.id,
                },
                {
                    "name": "25计算机2班",
                    "code": "B1",
                    "grade_year": 2025,
                    "department_id": department.id,
                    "head_teacher_id": head_b.id,
                },
            ]
        )
        cls.students_a = cls.env["school.student"].create(
            [
                {"name": f"甲{i}", "student_number": f"A{i}", "class_id": cls.class_a.id}
                for i in range(6)
            ]
        )
        cls.students_b = cls.env["school.student"].create(
            [
                {"name": f"乙{i}", "student_number": f"B{i}", "class_id": cls.class_b.id}
                for i in range(7)
            ]
        )
        cls.dorm_a = cls.env["school.dormitory"].create(
            {"name": "1-101", "class_id": cls.class_a.id}
        )
        cls.dorm_b = cls.env["school.dormitory"].create(
            {"name": "1-102", "class_id": cls.class_b.id}
        )
        cls.mentor_a = new_test_user(cls.env, login="test_mentor_a", groups="base.group_user")
        cls.mentor_b = new_test_user(cls.env, login="test_mentor_b", groups="base.group_user")
        emp_a = cls.env["hr.employee"].create({"name": "导师甲", "user_id": cls.mentor_a.id})
        emp_b = cls.env["hr.employee"].create({"name": "导师乙", "user_id": cls.mentor_b.id})
        values = {"term_id": cls.term.id, "date_start": D(2025, 9, 1), "date_end": D(2025, 11, 30)}
        cls.assignment_a = cls.env["mentorship.assignment"].create(
            {**values, "employee_id": emp_a.id, "class_id": cls.class_a.id}
        )
        cls.assignment_b = cls.env["mentorship.assignment"].create(
            {**values, "employee_id": emp_b.id, "class_id": cls.class_b.id}
        )
        cls.types = {t.code: t for t in cls.env["mentorship.task.type"].search([])}
        cls.area = cls.env.ref("mentorship_odoo.guidance_area_academic")

    def log(self, user, assignment, day, code, **values):
        vals = {
            "assignment_id": assignment.id,
            "date": day,
            "task_type_id": self.types[code].id,
            "setting": "class",
            "guidance_area_ids": [(6, 0, self.area.ids)],
        }
        defaults = {
            "class_meeting": {"topic": "诚信教育"},
            "activity": {"topic": "篮球赛"},
            "observation": {
                "lesson": "数据库 李老师",
                "students_state": "认真听讲",
                "setting": "lesson",
            },
            "summary": {"note": "本学期工作总结"},
        }
        vals.update(defaults.get(code, {}))
        vals.update(values)
        return self.env["mentorship.log"].with_user(user).create(vals)

    def log_month(self, user, assignment, students, dorm, month, observations=2):
        self.log(
            user,
            assignment,
            D(2025, month, 3),
            "student_pairing",
            student_ids=[(6, 0, students[:3].ids)],
            # R-TASK-2a: agreed with the head teacher, subject teachers and League branch
            agreed_head_teacher=True,
            agreed_teachers=True,
            agreed_league=True,
        )
        self.log(
            user,
            assignment,
            D(2025, month, 4),
            "dormitory",
            dormitory_id=dorm.id,
            setting="dormitory",
        )
        for day in range(observations):
            self.log(user, assignment, D(2025, month, 5 + day), "observation")
        self.log(user, assignment, D(2025, month, 12), "activity")
        self.log(user, assignment, D(2025, month, 13), "class_meeting")

    def log_term(self, up_to_month=11):
        for month in range(9, up_to_month + 1):
            self.log_month(self.mentor_a, self.assignment_a, self.students_a, self.dorm_a, month)
            self.log_month(
                self.mentor_b,
                self.assignment_b,
                self.students_b,
                self.dorm_b,
                month,
                observations=1 if month == 10 else 2,
            )
        self.log(
            self.mentor_a,
            self.assignment_a,
            D(2025, 9, 20),
            "talk",
            student_ids=[(6, 0, self.students_a[:3].ids)],
        )
        self.log(
            self.mentor_b,
            self.assignment_b,
            D(2025, 9, 20),
            "talk",
            student_ids=[(6, 0, self.students_b[:2].ids)],
        )


@tagged("post_install", "-at_install")
class TestHandbook(HandbookCase):
    def progress(self, assignment):
        return {(p.quota.rule, p.month): p for p in assignment._quota_progress()[assignment.id]}

    def test_term_of_logging_month_by_month(self):
        """R-TASK-1..5: progress of both mentors month by month."""
        self.log_term()
        a, b = self.progress(self.assignment_a), self.progress(self.assignment_b)
        for month in ((2025, 9), (2025, 10), (2025, 11)):
            for rule in ("R-TASK-2a", "R-TASK-3", "R-TASK-4", "R-TASK-5"):
                self.assertTrue(a[rule, month].met, f"A {rule} {month}")
        # R-TASK-4: B made one observation of two in October
        october = b["R-TASK-4", (2025, 10)]
        self.assertEqual((october.done, october.required, october.met), (1, 2, False))
        self.assertTrue(b["R-TASK-4", (2025, 9)].met)
        # R-TASK-2b: half of the class, rounded up: 3 of 6 for A, 4 of 7 for B
        self.assertEqual((a["R-TASK-2b", None].done, a["R-TASK-2b", None].required), (3, 3))
        self.assertEqual((b["R-TASK-2b", None].done, b["R-TASK-2b", None].required), (2, 4))
        self.assertFalse(b["R-TASK-2b", None].met)
        # R-TASK-1: three themed meetings; R-TASK-2c: no summary yet
        self.assertTrue(a["R-TASK-1", None].met)
        self.assertFalse(a["R-TASK-2c", None].met)

    def test_progress_display_in_chinese(self):
        self.log_term(up_to_month=10)
        self.activate_chinese()
        with freeze_time("2025-10-26"):
            assignment = self.assignment_b.with_context(lang="zh_CN")
            assignment.invalidate_recordset()
            self.assertTrue(assignment.behind)
            self.assertIn("R-TASK-4", assignment.behind_summary)
            self.assertIn("1/2", assignment.behind_summary)
            self.assertIn("推门听课", assignment.progress_html)
            self.assertIn("本月", assignment.progress_html)
            self.assertLess(assignment.progress_rate, 100)
            self.assertFalse(self.assignment_a.behind)
            Assignment = self.env["mentorship.assignment"]
            self.assertEqual(Assignment.search([("behind", "=", True)]), self.assignment_b)
            self.assertIn(self.assignment_a, Assignment.search([("behind", "=", False)]))
            self.assertNotIn(self.assignment_b, Assignment.search([("behind", "!=", True)]))

    def test_reminders(self):
        """R-TASK-4: a reminder for the mentor behind near month end, once; done when met."""
        self.log_term(up_to_month=10)
        Assignment = self.env["mentorship.assignment"]
        activity_type = self.env.ref("mentorship_odoo.mail_activity_type_quota_reminder")
        with freeze_time("2025-10-20"):
            Assignment._cron_quota_reminders()
        self.assertFalse(self.assignment_b.activity_ids, "11 days before month end: too early")
        with freeze_time("2025-10-26"):
            Assignment._cron_quota_reminders()
            Assignment._cron_quota_reminders()
        activities = self.assignment_b.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        )
        self.assertEqual(len(activities), 1, "no duplicates")
        self.assertEqual(activities.user_id, self.mentor_b)
        self.assertIn("R-TASK-4", str(activities.note))
        self.assertFalse(self.assignment_a.activity_ids)
        with freeze_time("2025-10-27"):
            self.log(self.mentor_b, self.assignment_b, D(2025, 10, 27), "observation")
            Assignment._cron_quota_reminders()
        self.assertFalse(self.assignment_b.activity_ids)

    def test_submission_locks_the_handbook(self):
        """R-EVAL-2, R-TASK-2c: submit with the summary; then entries are read-only."""
        self.log_term()
        mine = self.assignment_a.with_user(self.mentor_a)
        with self.assertRaisesRegex(UserError, "R-TASK-2c"):
            mine.action_submit_handbook()
        self.log(self.mentor_a, self.assignment_a, D(2025, 11, 28), "summary")
        mine.action_submit_handbook()
        self.assertEqual(self.assignment_a.handbook_state, "submitted")
        with self.assertRaises(UserError):
            self.log(self.mentor_a, self.assignment_a, D(2025, 11, 29), "activity")
        with self.assertRaises(UserError):
            self.assignment_a.log_ids[0].with_user(self.mentor_a).write({"note": "改"})
        with self.assertRaises(UserError):
            self.assignment_a.log_ids[0].with_user(self.mentor_a).unlink()
        # the SAO reopens with a reason, kept in the history
        with self.assertRaises(AccessError):
            mine.action_reopen_handbook(reason="x")
        office = self.assignment_a.with_user(self.users["office"])
        self.assertEqual(office.action_reopen_handbook()["res_model"], "mentorship.handbook.reopen")
        office.action_reopen_handbook(reason="补充十一月记录")
        self.assertEqual(self.assignment_a.handbook_state, "open")
        self.assertIn("补充十一月记录", self.assignment_a.message_ids[0].body)
        self.log(self.mentor_a, self.assignment_a, D(2025, 11, 29), "activity")
        # once the term is closed nobody writes, officers included
        self.term.sudo().state = "closed"
        with self.assertRaises(UserError):
            self.log(self.users["office"], self.assignment_a, D(2025, 11, 29), "activity")

    def test_mentor_writes_only_own_handbook(self):
        """Roles: a mentor writes entries only on their own open assignment."""
        with self.assertRaises(AccessError):
            self.log(self.mentor_b, self.assignment_a, D(2025, 9, 3), "activity")
        entry = self.log(self.mentor_a, self.assignment_a, D(2025, 9, 3), "activity")
        with self.assertRaises(AccessError):
            entry.with_user(self.mentor_b).write({"topic": "x"})
        # the head teacher of the class reads, never writes
        self.assertEqual(entry.with_user(self.head_user).topic, "篮球赛")
        with self.assertRaises(AccessError):
            entry.with_user(self.head_user).write({"topic": "x"})
        with self.assertRaises(AccessError):
            self.env["mentorship.log"].with_user(self.head_user).browse(
                self.log(self.mentor_b, self.assignment_b, D(2025, 9, 3), "activity").id
            ).read(["topic"])

    def test_entry_constraints(self):
        """Entries: dated within the assignment and not in the future; class
        members only; the type's fields present."""
        with self.assertRaisesRegex(ValidationError, "future"):
            self.log(self.mentor_a, self.assignment_a, D(2099, 1, 1), "activity")
        with self.assertRaises(ValidationError):
            self.log(self.mentor_a, self.assignment_a, D(2025, 8, 30), "activity")
        other_class = [(6, 0, self.students_b[:1].ids)]
        with self.assertRaises(AccessError):
            self.log(
                self.mentor_a, self.assignment_a, D(2025, 9, 3), "talk", student_ids=other_class
            )
        with self.assertRaisesRegex(ValidationError, "乙0"):
            office = self.users["office"]
            self.log(office, self.assignment_a, D(2025, 9, 3), "talk", student_ids=other_class)
        with self.assertRaises(ValidationError):
            self.log(
                self.mentor_a,
                self.assignment_a,
                D(2025, 9, 3),
                "dormitory",
                dormitory_id=self.dorm_b.id,
            )
        with self.assertRaises(ValidationError):
            self.log(self.mentor_a, self.assignment_a, D(2025, 9, 3), "observation", lesson=False)
        with self.assertRaises(ValidationError):
            self.log(self.mentor_a, self.assignment_a, D(2025, 9, 3), "talk")

    def test_setting_and_guidance_areas_recorded(self):
        """R-DUTY-2, R-DUTY-3: each entry records its setting and at least one area."""
        entry = self.log(
            self.mentor_a, self.assignment_a, D(2025, 9, 3), "activity", setting="club"
        )
        self.assertEqual(entry.setting, "club")
        self.assertEqual(entry.guidance_area_ids, self.area)
        with self.assertRaisesRegex(ValidationError, "R-DUTY-3"):
            self.log(
                self.mentor_a,
                self.assignment_a,
                D(2025, 9, 3),
                "activity",
                guidance_area_ids=[(5, 0, 0)],
            )
        with self.assertRaises(IntegrityError), self.cr.savepoint(), mute_logger("odoo.sql_db"):
            self.log(self.mentor_a, self.assignment_a, D(2025, 9, 3), "activity", setting=False)

    def test_head_teacher_follows_the_mentor(self):
        """R-DUTY-1: the head teacher reads the mentor's entries on the class."""
        entry = self.log(self.mentor_a, self.assignment_a, D(2025, 9, 3), "observation")
        seen = self.env["mentorship.log"].with_user(self.head_user).search([])
        self.assertEqual(seen, entry)
        self.assertEqual(entry.with_user(self.head_user).students_state, "认真听讲")

    def test_handbook_pdf_text(self):
        self.log_term()
        self.log(
            self.mentor_a,
            self.assignment_a,
            D(2025, 11, 28),
            "summary",
            note="本学期共开展专题教育班会三次",
        )
        self.activate_chinese()
        html = (
            self.env["ir.actions.report"]
            .with_context(lang="zh_CN")
            ._render_qweb_html("mentorship_odoo.report_mentorship_handbook", self.assignment_a.ids)[
                0
            ]
            .decode()
        )
        for text in (
            "班级导师工作手册",
            "导师甲",
            "25计算机1班",
            "R-TASK-4",
            "2025-10",
            "推门听课",
            "数据库 李老师",
            "本学期共开展专题教育班会三次",
        ):
            self.assertIn(text, html)

    def test_compliance_dashboard(self):
        """R-TASK-4: the office sees a month's observation quota behind, with
        the policy quota it measures; staff see no compliance rows."""
        self.log_term(up_to_month=10)
        Compliance = self.env["mentorship.compliance"].with_user(self.users["office"])
        Compliance.action_refresh()
        behind = Compliance.search(
            [("met", "=", False), ("month", "=", "2025-10"), ("rule", "=", "R-TASK-4")]
        )
        self.assertEqual(behind.assignment_id, self.assignment_b)
        self.assertEqual((behind.done, behind.required), (1, 2))
        # the row names the policy's quota it measures, with its rule and task type
        self.assertEqual(behind.quota_id.rule, "R-TASK-4")
        self.assertEqual(behind.task_type_id, behind.quota_id.task_type_id)
        self.assertEqual(behind.quota_id.policy_id, self.assignment_b.term_id.policy_id)
        self.assertEqual(str(behind.month_start), "2025-10-01")
        self.assertEqual((behind.period, behind.status, behind.missing), ("month", "behind", 1))
        with self.assertRaises(AccessError):
            self.env["mentorship.compliance"].with_user(self.users["staff"]).search([])

    def test_compliance_refresh_follows_what_rows_are_computed_from(self):
        """R-TASK-4, R-TASK-1: a refresh measures again the assignments whose
        inputs changed -- the month turning, a task type that no longer
        counts -- and restores rows removed out of band; with nothing
        changed it writes nothing."""
        Compliance = self.env["mentorship.compliance"].with_user(self.users["office"])
        with freeze_time("2025-10-20"):
            self.log_term(up_to_month=10)
            Compliance.action_refresh()
            rows = Compliance.search([("assignment_id", "=", self.assignment_b.id)])
            self.assertFalse(rows.filtered(lambda r: r.month == "2025-11"))
            assignments = self.assignment_a | self.assignment_b
            self.env.flush_all()
            query = (
                "SELECT assignment_id, ctid::text FROM mentorship_compliance_document"
                " WHERE assignment_id IN %s"
            )
            self.env.cr.execute(query, [tuple(assignments.ids)])
            versions = self.env.cr.fetchall()
            Compliance.action_refresh()
            self.env.flush_all()
            self.env.cr.execute(query, [tuple(assignments.ids)])
            self.assertEqual(self.env.cr.fetchall(), versions, "nothing changed, nothing written")
            expected = sorted((r.month or "", r.rule, r.done, r.status) for r in rows)
            self.env.cr.execute(
                "DELETE FROM mentorship_compliance_document WHERE assignment_id = %s",
                [self.assignment_b.id],
            )
            self.env.invalidate_all()
            Compliance.action_refresh()
            restored = Compliance.search([("assignment_id", "=", self.assignment_b.id)])
            self.assertEqual(
                sorted((r.month or "", r.rule, r.done, r.status) for r in restored), expected
            )
        with freeze_time("2025-11-20"):
            Compliance.action_refresh()
            rows = Compliance.search([("assignment_id", "=", self.assignment_b.id)])
            self.assertEqual(
                rows.filtered(lambda r: r.rule == "R-TASK-4" and r.month == "2025-10").status,
                "behind",
            )
            self.assertTrue(rows.filtered(lambda r: r.month == "2025-11"))
            observation = self.env.ref("mentorship_odoo.task_type_observation")
            observation.sudo().counts_toward_quota = False
            Compliance.action_refresh()
            self.assertEqual(
                set(
                    Compliance.search(
                        [("assignment_id", "=", self.assignment_b.id), ("rule", "=", "R-TASK-4")]
                    ).mapped("done")
                ),
                {0},
            )

    def test_compliance_mid_term_counts_only_months_that_came(self):
        """R-TASK-4, R-TASK-2c: in the middle of the term, months still to come
        are no shortfall, the current month is in progress, and a term quota
        (the work summary) is in progress until the term ends, not red."""
        with freeze_time("2025-10-20"):
            self.log_term(up_to_month=10)
            self.env["mentorship.compliance"].with_user(self.users["office"]).action_refresh()
            rows = self.env["mentorship.compliance"].search(
                [("assignment_id", "=", self.assignment_b.id)]
            )
            self.assertFalse(rows.filtered(lambda r: r.month == "2025-11"))
            observations = rows.filtered(lambda r: r.rule == "R-TASK-4")
            self.assertEqual(
                {r.month: r.status for r in observations},
                {"2025-09": "met", "2025-10": "open"},
            )
            summary = rows.filtered(lambda r: r.period == "term" and not r.met)
            self.assertTrue(summary)
            self.assertEqual(set(summary.mapped("status")), {"open"})
            html = self.assignment_b.with_user(self.mentor_b).progress_html
            self.assertNotIn("text-danger", html.split("R-TASK-2c")[1].split("</tr>")[0])


@tagged("post_install", "-at_install")
class TestHandbookQueries(HandbookCase):
    def test_progress_queries_bounded(self):
        """Progress of all assignments of a term is computed with a fixed number of queries."""
        self.log_term()
        extra_classes = self.env["school.class"].create(
            [{"name": f"X{i}", "code": f"X{i}", "grade_year": 2025} for i in range(20)]
        )
        employees = self.env["hr.employee"].create([{"name": f"导师{i}"} for i in range(20)])
        extra = self.env["mentorship.assignment"].create(
            [
                {
                    "term_id": self.term.id,
                    "employee_id": e.id,
                    "class_id": c.id,
                    "date_start": D(2025, 9, 1),
                    "date_end": D(2025, 11, 30),
                }
                for e, c in zip(employees, extra_classes, strict=True)
            ]
        )

        def count(assignments):
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            assignments.browse(assignments.ids).mapped("progress_rate")
            return self.env.cr.sql_log_count - start

        count(self.assignment_a)  # warm-up: templates compiled, user loaded
        small = count(self.assignment_a | self.assignment_b)
        large = count(self.assignment_a | self.assignment_b | extra)
        self.assertEqual(small, large, (small, large))
        self.assertLessEqual(large, 15)
