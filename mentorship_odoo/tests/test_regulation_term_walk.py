"""Issue 11, end to end: a term where one mentor leaves in month 3 and one
is matched a month late (R-APP-3, R-REV-3, R-USE-2)."""

import datetime

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from .common import STATEMENT, MentorshipCase

D = datetime.date
AGREED = {"agreed_head_teacher": True, "agreed_teachers": True, "agreed_league": True}


class TermWalkCase(MentorshipCase):
    """2030-2031 first term (1 September to 20 January: five quota months),
    four classes of four students, three senior teachers as mentors."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Employee = cls.env["hr.employee"]
        cls.department = cls.env["hr.department"].create({"name": "汽车工程系"})
        heads = Employee.create([{"name": f"班主任{i}"} for i in range(4)])
        cls.classes = cls.env["school.class"].create(
            [
                {
                    "name": f"29汽修{i + 1}班",
                    "code": f"QC29{i + 1:02}",
                    "department_id": cls.department.id,
                    "grade_year": 2029,
                    "head_teacher_id": heads[i].id,
                }
                for i in range(4)
            ]
        )
        for school_class in cls.classes:
            cls.env["school.dormitory"].create({"name": "3-101", "class_id": school_class.id})
            cls.env["school.student"].create(
                [
                    {
                        "name": f"{school_class.code}学生{i}",
                        "student_number": f"{school_class.code}{i}",
                        "class_id": school_class.id,
                    }
                    for i in range(4)
                ]
            )
        cls.previous = cls.env["mentorship.term"].create(
            {
                "academic_year": "2029-2030",
                "term_number": "2",
                "date_start": D(2030, 2, 20),
                "date_end": D(2030, 7, 10),
                "state": "closed",
            }
        )
        cls.term = cls.env["mentorship.term"].create(
            {
                "academic_year": "2030-2031",
                "term_number": "1",
                "date_start": D(2030, 9, 1),
                "date_end": D(2031, 1, 20),
                "state": "matching",
            }
        )
        cls.mentors = {}
        for key, name in (("full", "全程导师"), ("leaver", "中途退出导师"), ("late", "迟到导师")):
            user = new_test_user(cls.env, login=f"test_walk_{key}", groups="base.group_user")
            cls.mentors[key] = Employee.create(
                {
                    "name": name,
                    "user_id": user.id,
                    "department_id": cls.department.id,
                    "mentor_title_level": "senior",
                    "mentor_head_teacher_years": 5,
                }
            )
        confirmation = (
            cls.env["mentorship.confirmation"]
            .sudo()
            .create(
                {
                    "term_id": cls.term.id,
                    "meeting_date": D(2030, 8, 20),
                    "document_number": "聊技师院发〔2030〕20号",
                    "state": "done",
                }
            )
        )
        Application = cls.env["mentorship.application"].sudo()
        cls.apps = {
            key: Application.create(
                {
                    "employee_id": cls.mentors[key].id,
                    "term_id": cls.term.id,
                    "state": "confirmed" if key != "late" else "reviewed",
                    "confirmation_id": confirmation.id if key != "late" else False,
                }
            )
            for key in cls.mentors
        }
        cls.types = {t.code: t for t in cls.env["mentorship.task.type"].search([])}
        cls.area = cls.env.ref("mentorship_odoo.guidance_area_career")

    # ------------------------------------------------------------ helpers
    def match(self):
        """The officer matches the confirmed mentors who have no class yet."""
        office = self.users["office"]
        action = self.term.with_user(office).action_open_matching()
        wizard = (
            self.env["mentorship.matching"]
            .with_user(office)
            .with_context(**action["context"])
            .create({})
        )
        wizard.action_propose()
        wizard.action_confirm()
        return wizard

    def assignment(self, key):
        return self.term.assignment_ids.filtered(lambda a: a.employee_id == self.mentors[key])

    def log(self, key, day, code, **values):
        assignment = self.assignment(key)
        vals = {
            "assignment_id": assignment.id,
            "date": day,
            "task_type_id": self.types[code].id,
            "setting": "class",
            "guidance_area_ids": [(6, 0, self.area.ids)],
            **values,
        }
        user = self.mentors[key].user_id
        return self.env["mentorship.log"].with_user(user).create(vals)

    def log_month(self, key, year, month):
        assignment = self.assignment(key)
        students = assignment.class_id.student_ids
        self.log(key, D(year, month, 3), "student_pairing", student_ids=students[:3].ids, **AGREED)
        self.log(
            key,
            D(year, month, 4),
            "dormitory",
            dormitory_id=assignment.class_id.dormitory_ids.id,
            setting="dormitory",
        )
        for day in (5, 6):
            self.log(
                key,
                D(year, month, day),
                "observation",
                lesson="汽车电工 王老师",
                students_state="专注",
                setting="lesson",
            )
        self.log(key, D(year, month, 12), "activity", topic="技能节")

    def log_term_tasks(self, key, days):
        """R-TASK-1, R-TASK-2b, R-TASK-2c: three meetings, talks with half the
        class, the summary; then the handbook is submitted (R-EVAL-2)."""
        students = self.assignment(key).class_id.student_ids
        for day in days[:3]:
            self.log(key, day, "class_meeting", topic="安全教育")
        self.log(key, days[3], "talk", student_ids=students[:2].ids, setting="online")
        self.log(key, days[4], "summary", note="本学期工作总结")
        self.assignment(key).with_user(self.mentors[key].user_id).action_submit_handbook()

    def months(self, key):
        assignment = self.assignment(key)
        return sorted(
            {p.month for p in assignment._quota_progress()[assignment.id] if p.month is not None}
        )

    def rank(self, term, ranks, other_rank):
        """Grade and department ranks of the four classes: the mentors' classes
        by mentor key, the class without a mentor at ``other_rank``."""
        by_class = {self.assignment(key).class_id.id: rank for key, rank in ranks.items()}
        for school_class in self.classes:
            by_class.setdefault(school_class.id, other_rank)
        self.env["school.class.ranking"].create(
            [
                {
                    "term_id": term.id,
                    "class_id": class_id,
                    "score": 100 - rank,
                    "rank_department": rank,
                    "rank_grade": rank,
                }
                for class_id, rank in by_class.items()
            ]
        )


@tagged("post_install", "-at_install")
class TestTermWalk(TermWalkCase):
    def test_leaving_in_month_three_and_matched_a_month_late(self):
        """R-APP-3, R-REV-3, R-USE-2, R-TASK: a mentor who leaves on 10 November
        and one matched on 1 October: their months, grades, full-term flags
        and title points; a full-term mentor beside them earns the points."""
        office, manager = self.users["office"], self.users["manager"]

        # matching before the term: the appointments start on its first day
        with freeze_time("2030-08-25"):
            self.match()
        self.assertEqual(self.assignment("full").date_start, D(2030, 9, 1))
        self.assertEqual(self.assignment("leaver").date_start, D(2030, 9, 1))
        self.assertFalse(self.assignment("late"), "R-REV-3: only confirmed mentors are matched")

        # a late confirmation, allowed by the administrator, then a late matching
        self.term.with_user(manager).allow_late_confirmation = True
        with freeze_time("2030-09-30"):
            confirmation = (
                self.env["mentorship.confirmation"]
                .with_user(office)
                .create(
                    {
                        "term_id": self.term.id,
                        "meeting_date": D(2030, 9, 28),
                        "document_number": "聊技师院发〔2030〕31号",
                    }
                )
            )
            confirmation.action_load_applications()
            confirmation.action_done()
        self.assertEqual(self.apps["late"].state, "confirmed")
        with freeze_time("2030-10-01"):
            self.match()
        late = self.assignment("late")
        self.assertEqual((late.date_start, late.date_end), (D(2030, 10, 1), D(2031, 1, 20)))
        self.term.sudo().state = "running"

        # the leaver works September and October, then leaves on 10 November
        with freeze_time("2030-11-10"):
            for month in (9, 10):
                self.log_month("leaver", 2030, month)
            self.log_term_tasks(
                "leaver",
                [D(2030, 9, 15), D(2030, 10, 15), D(2030, 11, 2), D(2030, 10, 20), D(2030, 11, 9)],
            )
            self.apps["leaver"].with_user(self.mentors["leaver"].user_id).action_withdraw(
                reason="调任教务处",
                statement=STATEMENT,
                statement_name="说明.pdf",
                date=D(2030, 11, 10),
            )
        leaver = self.assignment("leaver")
        self.assertEqual(leaver.state, "ended")
        self.assertEqual((leaver.date_end, leaver.leave_date), (D(2030, 11, 10), D(2030, 11, 10)))
        # R-APP-3: November has ten days before leaving: no month after it counts
        self.assertEqual(self.months("leaver"), [(2030, 9), (2030, 10)])
        # R-REV-3: months before the late start do not count
        self.assertEqual(self.months("late"), [(2030, 10), (2030, 11), (2030, 12), (2031, 1)])
        self.assertEqual(len(self.months("full")), 5)

        # reminders at November's end: the full mentor is behind, the leaver gets none
        with freeze_time("2030-11-28"):
            self.env["mentorship.assignment"]._cron_quota_reminders()
        reminder = self.env.ref("mentorship_odoo.mail_activity_type_quota_reminder")
        self.assertTrue(
            self.assignment("full").activity_ids.filtered(lambda a: a.activity_type_id == reminder)
        )
        self.assertFalse(leaver.activity_ids.filtered(lambda a: a.activity_type_id == reminder))

        # the others complete the term
        with freeze_time("2031-01-20"):
            for year, month in ((2030, 9), (2030, 10), (2030, 11), (2030, 12), (2031, 1)):
                self.log_month("full", year, month)
                if (year, month) != (2030, 9):
                    self.log_month("late", year, month)
            for key in ("full", "late"):
                self.log_term_tasks(
                    key,
                    [
                        D(2030, 10, 16),
                        D(2030, 11, 16),
                        D(2030, 12, 16),
                        D(2030, 12, 20),
                        D(2031, 1, 18),
                    ],
                )

        # assessment inputs: student evaluations and rankings of both terms
        self.term.sudo().state = "evaluation"
        self.env["mentorship.student.evaluation"].create(
            [
                {
                    "term_id": self.term.id,
                    "class_id": self.assignment(key).class_id.id,
                    "source": "manual",
                    "manual_participant_count": 4,
                    "manual_mean_score": 85,
                    "report_file": STATEMENT,
                    "report_file_name": "评价报告.pdf",
                }
                for key in self.mentors
            ]
        )
        # R-EVAL-4: the full mentor's class keeps the top place (counts as improved)
        self.rank(self.previous, {"full": 1, "leaver": 3, "late": 4}, other_rank=2)
        self.rank(self.term, {"full": 1, "leaver": 2, "late": 3}, other_rank=4)
        self.term.with_user(office).action_compute_grades()

        grades = {
            key: self.term.evaluation_ids.filtered(
                lambda e, k=key: e.employee_id == self.mentors[k]
            )
            for key in self.mentors
        }
        for key in self.mentors:
            self.assertEqual(grades[key].result, "pass", f"{key}: {grades[key].reasons}")
        # R-USE-2: only the full term earns the title points
        self.assertEqual(
            {key: (g.full_term, g.title_points_eligible) for key, g in grades.items()},
            {"full": (True, True), "leaver": (False, False), "late": (False, False)},
        )
        self.assertNotIn("2030-11", grades["leaver"].reasons or "")
        self.assertNotIn("2030-09", grades["late"].reasons or "")
