"""Each role's whole job in the browser, as that role's own login, in Chinese.

One tour per role (static/tests/tours/mentorship_role_*.js), started by
Odoo's tour runner: the staff member applies, the three reviewers approve
their tier, the Student Affairs Office runs the selection and the matching,
the mentor keeps the handbook on a phone, the department runs the student
evaluations, the office grades the term, HR and the President's Office read
the results (roles.md; README: selection, handbook, term evaluation). The
tours assert what the user sees; each test then checks what was stored.
"""

import base64
import datetime
import io

import openpyxl

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

D = datetime.date
HOME = "/odoo/action-mentorship_odoo.mentorship_home_action"
SIGNED_REPORT = base64.b64encode(b"%PDF-1.4 signed evaluation report")
ROLES = {
    # role: (name, extra group)
    "staff": ("王晓明", ""),
    "discipline": ("赵纪检", "mentorship_odoo.group_mentorship_reviewer_discipline"),
    "hr": ("钱人事", "mentorship_odoo.group_mentorship_reviewer_hr"),
    "office": ("孙学工", "mentorship_odoo.group_mentorship_office"),
    "department": ("吴系部", "mentorship_odoo.group_mentorship_department"),
    "president": ("周院办", "mentorship_odoo.group_mentorship_president"),
}
# the graded term: one month, two new-student classes
GRADED_TERM = ("2025-2026", D(2025, 10, 1), D(2025, 10, 31))
# R-TASK-2a: paired students are agreed with all three
AGREED = {"agreed_head_teacher": True, "agreed_teachers": True, "agreed_league": True}


@tagged("post_install", "-at_install", "mentorship_tour")
class TestRoleTours(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"].search([("name", "=", "mentorship_odoo")])._update_translations(
            ["zh_CN"], overwrite=True
        )
        cls.department = cls.env["hr.department"].create({"name": "信息工程系"})
        cls.users = {}
        cls.employees = {}
        for role, (name, group) in ROLES.items():
            login = f"tour_{role}"
            user = new_test_user(
                cls.env,
                login=login,
                password=login,
                groups=",".join(filter(None, ["base.group_user", group])),
                name=name,
            )
            user.lang = "zh_CN"
            cls.users[role] = user
            cls.employees[role] = cls.env["hr.employee"].create(
                {"name": name, "user_id": user.id, "department_id": cls.department.id}
            )
        # the applicant, later a mentor: a senior title and five years as head teacher
        cls.employees["staff"].write(
            {"mentor_title_level": "senior", "mentor_head_teacher_years": 5}
        )
        cls.mentor_b = cls.env["hr.employee"].create(
            {"name": "李红", "department_id": cls.department.id}
        )
        heads = cls.env["hr.employee"].create(
            [
                {"name": "班主任甲", "department_id": cls.department.id},
                {"name": "班主任乙", "department_id": cls.department.id},
            ]
        )
        cls.class_a, cls.class_b = cls.env["school.class"].create(
            [
                {
                    "name": "25计算机1班",
                    "code": "TOURA1",
                    "grade_year": 2025,
                    "department_id": cls.department.id,
                    "head_teacher_id": heads[0].id,
                },
                {
                    "name": "25计算机2班",
                    "code": "TOURB1",
                    "grade_year": 2025,
                    "department_id": cls.department.id,
                    "head_teacher_id": heads[1].id,
                },
            ]
        )
        cls.students_a = cls.env["school.student"].create(
            [
                {"name": f"甲{i}", "student_number": f"TA{i}", "class_id": cls.class_a.id}
                for i in range(6)
            ]
        )
        cls.students_b = cls.env["school.student"].create(
            [
                {"name": f"乙{i}", "student_number": f"TB{i}", "class_id": cls.class_b.id}
                for i in range(7)
            ]
        )
        cls.dorm_a = cls.env["school.dormitory"].create(
            {"name": "1-101", "class_id": cls.class_a.id}
        )
        cls.types = {t.code: t for t in cls.env["mentorship.task.type"].search([])}
        cls.area = cls.env.ref("mentorship_odoo.guidance_area_academic")

    # ------------------------------------------------------------ fixtures
    def tour(self, name, role, url=HOME):
        self.start_tour(url, name, login=f"tour_{role}")
        self.env.invalidate_all()

    def as_user(self, records, role):
        """The records as the role's user, in Chinese, as the web client calls them."""
        return records.with_user(self.users[role]).with_context(lang="zh_CN")

    def term(self, year, start, end, state, number="1"):
        term = self.env["mentorship.term"].create(
            {"academic_year": year, "term_number": number, "date_start": start, "date_end": end}
        )
        term.sudo().state = state
        return term

    def selection_term(self):
        """The first term of the next academic year, open for applications: it
        starts after today whatever the date, so it can still be confirmed
        (R-REV-3)."""
        today = fields.Date.context_today(self.env["res.users"])
        year = (today.year if today.month >= 7 else today.year - 1) + 1
        return self.term(f"{year}-{year + 1}", D(year, 9, 1), D(year + 1, 1, 20), "application")

    def submitted_application(self):
        """The staff member applied for the selection term (as in tour 1)."""
        self.application_term = self.selection_term()
        application = self.as_user(self.env["mentorship.application"], "staff").create(
            {
                "declare_devotion": True,
                "declare_ethics": True,
                "declare_fitness": True,
                "five_education_specialty": "labour",
            }
        )
        application.action_submit()
        return application.with_env(self.env)

    def review(self, application, role, comment):
        """A reviewer approves their tier through the comment wizard (as in tour 2)."""
        action = self.as_user(application, role).validate_tier()
        self.as_user(self.env["comment.wizard"], role).with_context(**action["context"]).create(
            {"comment": comment}
        ).add_comment()

    def tier(self, application, xmlid):
        definition = self.env.ref(f"mentorship_odoo.tier_definition_application_{xmlid}")
        return application.review_ids.filtered(lambda r: r.definition_id == definition)

    def graded_term(self, with_inputs=True):
        """A one-month term at evaluation: 王晓明 mentors class A and meets
        every quota, 李红 mentors class B and logged only the summary."""
        term = self.term(*GRADED_TERM, "evaluation")
        Assignment = self.env["mentorship.assignment"]
        values = {"term_id": term.id, "date_start": term.date_start, "date_end": term.date_end}
        self.assignment_a = Assignment.create(
            {**values, "employee_id": self.employees["staff"].id, "class_id": self.class_a.id}
        )
        self.assignment_b = Assignment.create(
            {**values, "employee_id": self.mentor_b.id, "class_id": self.class_b.id}
        )
        if not with_inputs:
            return term
        three = [(6, 0, self.students_a[:3].ids)]
        entries = [
            ("student_pairing", 3, {"student_ids": three, **AGREED}),
            ("dormitory", 4, {"dormitory_id": self.dorm_a.id, "setting": "dormitory"}),
            ("observation", 5, {"lesson": "数据库 李老师", "students_state": "认真听讲"}),
            ("observation", 6, {"lesson": "网络 张老师", "students_state": "较认真"}),
            ("activity", 12, {"topic": "篮球赛"}),
            ("class_meeting", 13, {"topic": "诚信教育"}),
            ("class_meeting", 14, {"topic": "安全教育"}),
            ("class_meeting", 15, {"topic": "职业规划"}),
            ("talk", 20, {"student_ids": three}),
            ("summary", 28, {"note": "本学期工作总结"}),
        ]
        Log = self.env["mentorship.log"]
        for code, day, extra in entries:
            Log.create(self.log_values(self.assignment_a, code, D(2025, 10, day), **extra))
        Log.create(self.log_values(self.assignment_b, "summary", D(2025, 10, 28), note="工作总结"))
        # R-EVAL-2: 王晓明 submitted his handbook at term end, 李红 did not
        self.as_user(self.assignment_a, "staff").action_submit_handbook()
        self.env["mentorship.student.evaluation"].create(
            [
                {
                    "term_id": term.id,
                    "class_id": school_class.id,
                    "source": "manual",
                    "manual_class_size": size,
                    "manual_participant_count": participants,
                    "manual_mean_score": mean,
                    "report_file": SIGNED_REPORT,
                    "report_file_name": "评价报告.pdf",
                }
                for school_class, size, participants, mean in (
                    (self.class_a, 6, 6, 88),
                    (self.class_b, 7, 4, 75),
                )
            ]
        )
        self.env["school.class.ranking"].create(
            [
                {
                    "term_id": term.id,
                    "class_id": self.class_a.id,
                    "score": 92,
                    "rank_department": 1,
                    "rank_grade": 1,
                },
                {
                    "term_id": term.id,
                    "class_id": self.class_b.id,
                    "score": 70,
                    "rank_department": 2,
                    "rank_grade": 2,
                },
            ]
        )
        return term

    def log_values(self, assignment, code, day, **extra):
        return {
            "assignment_id": assignment.id,
            "date": day,
            "task_type_id": self.types[code].id,
            "setting": "lesson" if code == "observation" else "class",
            "guidance_area_ids": [(6, 0, self.area.ids)],
            **extra,
        }

    def final_grades(self):
        """The office computed, reported and finalised the graded term."""
        term = self.graded_term()
        office = self.as_user(term, "office")
        office.action_compute_grades()
        office.action_report_grades()
        office.action_finalize_grades()
        return term

    # ---------------------------------------------------------------- tours
    def test_01_staff_applies(self):
        """Staff: home → apply card → declarations, five-education specialty → submit."""
        term = self.selection_term()
        self.tour("mentorship_role_staff_tour", "staff")
        application = self.env["mentorship.application"].search(
            [("employee_id", "=", self.employees["staff"].id), ("term_id", "=", term.id)]
        )
        self.assertEqual(len(application), 1)
        self.assertEqual(application.state, "submitted")
        self.assertEqual(application.submit_date, fields.Date.context_today(application))
        self.assertTrue(
            application.declare_devotion
            and application.declare_ethics
            and application.declare_fitness
        )
        self.assertEqual(application.five_education_specialty, "labour")
        reviews = application.sudo().review_ids
        self.assertEqual(len(reviews), 3)
        self.assertEqual(set(reviews.mapped("status")), {"pending"})
        self.assertEqual(
            set(reviews.reviewer_group_id.mapped(lambda g: g.get_external_id()[g.id])),
            {
                "mentorship_odoo.group_mentorship_office",
                "mentorship_odoo.group_mentorship_reviewer_discipline",
                "mentorship_odoo.group_mentorship_reviewer_hr",
            },
        )

    def _reviewer_journey(self, role, tier, comment):
        application = self.submitted_application()
        if role == "office":
            # the two other tiers decided first: the SAO's approval completes the review
            self.review(application, "discipline", "同意，无违纪记录")
            self.review(application, "hr", "同意，条件符合")
        self.tour(f"mentorship_role_{role}_review_tour", role)
        review = self.tier(application, tier)
        self.assertEqual(review.status, "approved")
        self.assertEqual(review.done_by, self.users[role])
        self.assertEqual(review.comment, comment)
        others = application.review_ids - review
        return application, others

    def test_02_discipline_reviews(self):
        """Discipline Committee: home card → the application → approve with a comment."""
        application, others = self._reviewer_journey("discipline", "discipline", "同意，无违纪记录")
        self.assertEqual(set(others.mapped("status")), {"pending"})
        self.assertEqual(application.state, "submitted")
        self.assertFalse(application.sao_opinion)

    def test_03_hr_reviews(self):
        """HR: home card → the application → approve with a comment."""
        application, others = self._reviewer_journey("hr", "hr", "同意，条件符合")
        self.assertEqual(set(others.mapped("status")), {"pending"})
        self.assertFalse(application.sao_opinion)

    def test_04_office_reviews(self):
        """SAO: approves the last tier; its comment is the SAO opinion."""
        application, others = self._reviewer_journey("office", "office", "同意推荐为班级导师")
        self.assertEqual(set(others.mapped("status")), {"approved"})
        self.assertEqual(
            others.mapped("done_by"), self.users["discipline"] | self.users["hr"], "by their group"
        )
        self.assertEqual(application.validation_status, "validated")
        self.assertEqual(application.sao_opinion, "同意推荐为班级导师")
        self.assertEqual(application.sao_review_date, fields.Date.context_today(application))

    def test_05_office_runs_selection(self):
        """SAO: mark reviewed, confirmation, matching, start the term."""
        application = self.submitted_application()
        self.review(application, "discipline", "同意，无违纪记录")
        self.review(application, "hr", "同意，条件符合")
        self.review(application, "office", "同意推荐为班级导师")
        term = self.application_term
        self.as_user(term, "office").action_start_review()
        self.tour("mentorship_role_office_selection_tour", "office", url="/odoo")
        self.assertEqual(application.state, "confirmed")
        confirmation = application.confirmation_id
        self.assertEqual(confirmation.state, "done")
        self.assertEqual(confirmation.document_number, "聊技师院发〔2026〕18号")
        self.assertEqual(term.state, "running")
        assignments = term.assignment_ids
        self.assertEqual(len(assignments), 1)
        self.assertEqual(assignments.employee_id, self.employees["staff"])
        self.assertIn(assignments.class_id, self.class_a | self.class_b)
        self.assertEqual(assignments.application_id, application)
        self.assertEqual(
            (assignments.date_start, assignments.date_end), (term.date_start, term.date_end)
        )

    def test_06_mentor_on_a_phone(self):
        """Mentor, at a phone's size: log work from the home card, add the
        summary, submit the handbook."""
        self.browser_size = "375x740"
        self.touch_enabled = True
        today = fields.Date.context_today(self.env["res.users"])
        start = today.replace(day=1) - datetime.timedelta(days=40)
        year = start.year if start.month >= 7 else start.year - 1
        term = self.term(
            f"{year}-{year + 1}",
            start,
            min(today + datetime.timedelta(days=90), D(year + 1, 9, 30)),
            "running",
        )
        assignment = self.env["mentorship.assignment"].create(
            {
                "term_id": term.id,
                "employee_id": self.employees["staff"].id,
                "class_id": self.class_a.id,
                "date_start": term.date_start,
                "date_end": term.date_end,
            }
        )
        self.tour("mentorship_role_mentor_tour", "staff")
        logs = assignment.log_ids
        self.assertEqual(sorted(logs.mapped("task_code")), ["observation", "summary"])
        self.assertEqual(set(logs.mapped("date")), {today})
        observation = logs.filtered(lambda log: log.task_code == "observation")
        self.assertEqual(observation.lesson, "数据库 李老师")
        self.assertEqual(observation.guidance_area_ids, self.area)
        self.assertIn("本学期", logs.filtered(lambda log: log.task_code == "summary").note)
        self.assertEqual(assignment.handbook_state, "submitted")
        self.assertEqual(assignment.handbook_submit_date, today)

    def test_07_department_runs_student_evaluations(self):
        """Department: issue codes for class A; enter class B by hand with the
        signed report attached (uploaded in the tour)."""
        term = self.graded_term(with_inputs=False)
        self.tour("mentorship_role_department_tour", "department")
        evaluations = self.env["mentorship.student.evaluation"].search([("term_id", "=", term.id)])
        self.assertEqual(evaluations.class_id, self.class_a | self.class_b)
        survey = evaluations.filtered(lambda e: e.class_id == self.class_a)
        self.assertEqual(survey.source, "survey")
        self.assertTrue(survey.codes_issued)
        self.assertEqual(survey.code_count, 6)
        self.assertEqual(survey.create_uid, self.users["department"])
        manual = evaluations.filtered(lambda e: e.class_id == self.class_b)
        self.assertEqual(manual.source, "manual")
        self.assertEqual(
            (manual.class_size, manual.participant_count, manual.mean_score), (7, 6, 85.5)
        )
        self.assertTrue(manual.valid)
        self.assertEqual(manual.report_file_name, "系部评价报告.pdf")
        self.assertEqual(base64.b64decode(manual.report_file), b"%PDF-1.4 signed report")

    def test_08_office_grades_the_term(self):
        """SAO: compute, override one grade with a reason, report, finalise."""
        term = self.graded_term()
        self.tour("mentorship_role_office_grades_tour", "office")
        grades = {e.employee_id: e for e in term.evaluation_ids}
        self.assertEqual(len(grades), 2)
        grade_a, grade_b = grades[self.employees["staff"]], grades[self.mentor_b]
        self.assertEqual((grade_a.computed_result, grade_a.result), ("pass", "pass"))
        self.assertFalse(grade_a.override_result)
        self.assertEqual((grade_b.computed_result, grade_b.result), ("fail", "pass"))
        self.assertEqual(grade_b.override_reason, "十月因病住院，听课次数经核实予以认可")
        self.assertEqual(set(term.evaluation_ids.mapped("state")), {"final"})
        tracked = grade_b.message_ids.tracking_value_ids.mapped("field_id.name")
        self.assertIn("override_result", tracked)
        self.assertIn("state", tracked)

    def test_09_hr_exports_title_points(self):
        """HR: final results and the title-points XLSX in the print menu."""
        self.final_grades()
        self.tour("mentorship_role_hr_tour", "hr")
        hr = self.users["hr"]
        final = self.env["mentorship.evaluation"].with_user(hr).search([("state", "=", "final")])
        self.assertEqual(final.employee_id, self.employees["staff"] | self.mentor_b)
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(hr)
            .with_context(lang="zh_CN")
            ._render("mentorship_odoo.title_points_xlsx", final.ids)
        )
        self.assertEqual(kind, "xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
        self.assertEqual(sheet.title, "职称评聘")
        header, *lines = sheet.iter_rows(values_only=True)
        rows = {line[0]: dict(zip(header, line, strict=True)) for line in lines}
        self.assertEqual(set(rows), {"王晓明", "李红"})
        columns = ("学期", "结果", "满一学期", "可赋分")
        self.assertEqual(
            [rows["王晓明"][c] for c in columns], ["2025-2026学年第一学期", "合格", "是", "是"]
        )
        self.assertEqual(
            [rows["李红"][c] for c in columns], ["2025-2026学年第一学期", "不合格", "是", "否"]
        )

    def test_10_president_reads_the_results(self):
        """President's Office: home cards and the latest results, read-only."""
        term = self.final_grades()
        self.tour("mentorship_role_president_tour", "president")
        self.assertEqual(set(term.evaluation_ids.mapped("state")), {"final"})

    def test_11_dashboard_opens_for_office_and_president(self):
        """The programme dashboard opens for the Student Affairs Office and
        the President's Office, and is not offered to a plain staff member."""
        self.final_grades()
        for role in ("office", "president"):
            with self.subTest(role=role):
                self.tour("mentorship_role_dashboard_tour", role, url="/odoo/dashboards")
        dashboard = self.env.ref("mentorship_odoo.spreadsheet_dashboard_mentorship")
        self.assertFalse(self.users["staff"].all_group_ids & dashboard.group_ids)
