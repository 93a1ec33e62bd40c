import datetime
import gc
import io

import openpyxl

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import STATEMENT, MentorshipCase
from .test_handbook import HandbookCase

D = datetime.date


def answer_survey(evaluation, scores):
    """Students answer the questionnaire: each score is the points per question."""
    survey = evaluation.sudo().survey_id
    inputs = survey.user_input_ids.sorted("id")
    for user_input, points in zip(inputs, scores, strict=False):
        lines = []
        for question in survey.question_ids:
            answer = question.suggested_answer_ids.filtered(lambda a, p=points: a.answer_score == p)
            lines.append(
                {
                    "user_input_id": user_input.id,
                    "question_id": question.id,
                    "answer_type": "suggestion",
                    "suggested_answer_id": answer.id,
                }
            )
        user_input.env["survey.user_input.line"].create(lines)
        user_input.write({"state": "done"})


class EvaluationCase(HandbookCase):
    """Grades of the two handbook mentors: A passes, B fails."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.previous = cls.env["mentorship.term"].create(
            {
                "academic_year": "2024-2025",
                "term_number": "2",
                "date_start": D(2025, 2, 20),
                "date_end": D(2025, 7, 10),
                "state": "closed",
            }
        )
        cls.department_user = cls.users["department"]
        cls.env["hr.employee"].create(
            {
                "name": "系部秘书",
                "user_id": cls.department_user.id,
                "department_id": cls.class_a.department_id.id,
            }
        )
        cls.hr_user = cls.users["hr"]

    def prepare_term(self):
        """Handbooks, student evaluations and rankings of the term."""
        self.log_term()
        for user, assignment in (
            (self.mentor_a, self.assignment_a),
            (self.mentor_b, self.assignment_b),
        ):
            self.log(user, assignment, D(2025, 11, 28), "summary")
            # R-EVAL-2: the mentor submits the handbook to the SAO at term end
            assignment.with_user(user).action_submit_handbook()
        self.term.sudo().state = "evaluation"
        StudentEvaluation = self.env["mentorship.student.evaluation"].with_user(
            self.department_user
        )
        self.eval_a = StudentEvaluation.create(
            {"term_id": self.term.id, "class_id": self.class_a.id}
        )
        self.eval_a.action_issue_codes()
        answer_survey(self.eval_a, [10, 8, 8, 10, 6])  # 5 of 6 answered
        self.eval_a.action_refresh()
        self.eval_b = StudentEvaluation.create(
            {
                "term_id": self.term.id,
                "class_id": self.class_b.id,
                "source": "manual",
                "manual_class_size": 7,
                "manual_participant_count": 4,
                "manual_mean_score": 75,
                "report_file": STATEMENT,
                "report_file_name": "评价报告.pdf",
            }
        )
        Ranking = self.env["school.class.ranking"].sudo()
        Ranking.create(
            [
                {
                    "term_id": self.previous.id,
                    "class_id": self.class_a.id,
                    "score": 80,
                    "rank_department": 2,
                    "rank_grade": 2,
                },
                {
                    "term_id": self.previous.id,
                    "class_id": self.class_b.id,
                    "score": 85,
                    "rank_department": 1,
                    "rank_grade": 1,
                },
            ]
        )
        Ranking.create(
            [
                {
                    "term_id": self.term.id,
                    "class_id": self.class_a.id,
                    "score": 90,
                    "rank_department": 1,
                    "rank_grade": 1,
                },
                {
                    "term_id": self.term.id,
                    "class_id": self.class_b.id,
                    "score": 70,
                    "rank_department": 2,
                    "rank_grade": 2,
                },
            ]
        )


@tagged("post_install", "-at_install")
class TestTermEvaluation(EvaluationCase):
    def test_student_evaluation_figures(self):
        """R-EVAL-3: participation against the class size, validity at 2/3, mean 0-100."""
        self.prepare_term()
        self.assertEqual(self.eval_a.code_count, 6)
        self.assertEqual((self.eval_a.class_size, self.eval_a.participant_count), (6, 5))
        self.assertTrue(self.eval_a.valid)
        self.assertAlmostEqual(self.eval_a.mean_score, 84.0)
        self.assertEqual((self.eval_b.class_size, self.eval_b.participant_count), (7, 4))
        self.assertFalse(self.eval_b.valid, "4/7 is below two thirds")
        with self.assertRaisesRegex(ValidationError, "R-EVAL-3"):
            self.eval_b.with_user(self.department_user).write({"report_file": False})
        with self.assertRaises(ValidationError):
            self.eval_b.with_user(self.department_user).write({"manual_participant_count": 8})

    def test_student_answers_stay_anonymous(self):
        """Roles: no one but the student sees which answers a student gave."""
        self.prepare_term()
        survey = self.eval_a.sudo().survey_id
        self.assertFalse(survey.user_input_ids.partner_id)
        self.assertFalse(any(survey.user_input_ids.mapped("email")))
        for user in (self.department_user, self.mentor_a, self.head_user):
            with self.assertRaises(AccessError):
                self.env["survey.user_input"].with_user(user).search(
                    [("survey_id", "=", survey.id)]
                )
            with self.assertRaises(AccessError):
                survey.user_input_ids[0].with_user(user).read(["scoring_percentage"])
        # the mentor and the head teacher see the counts and the mean only
        seen = self.eval_a.with_user(self.mentor_a).read(["participant_count", "mean_score"])[0]
        self.assertEqual(seen["participant_count"], 5)
        self.assertEqual(self.eval_a.with_user(self.head_user).mean_score, 84.0)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("mentorship_odoo.report_student_evaluation_codes", self.eval_a.ids)[
                0
            ]
            .decode()
        )
        for student in self.students_a:
            self.assertNotIn(student.name, html)
        # one slip per student: a QR code and a short link with the code
        self.assertEqual(html.count("/e/"), 6)
        self.assertEqual(html.count("barcode_type=QR"), 6)

    def test_grades_reasons_report_and_finalize(self):
        """R-EVAL-1..5, R-USE-1, R-USE-2: A passes, B fails; reported, finalized, exported."""
        self.prepare_term()
        office = self.users["office"]
        self.term.with_user(office).action_compute_grades()
        grades = {e.employee_id.user_id: e for e in self.term.evaluation_ids}
        grade_a, grade_b = grades[self.mentor_a], grades[self.mentor_b]
        self.assertEqual(
            (grade_a.performance_ok, grade_a.student_ok, grade_a.quantification_ok, grade_a.result),
            (True, True, True, "pass"),
        )
        self.assertTrue(grade_a.full_term)
        self.assertTrue(grade_a.title_points_eligible)
        self.assertEqual(
            (grade_b.performance_ok, grade_b.student_ok, grade_b.quantification_ok, grade_b.result),
            (False, False, False, "fail"),
        )
        for needle in (
            "R-TASK-4",
            "1/2",
            "2025-10",
            "R-TASK-2b",
            "2/4",
            "R-EVAL-3",
            "4",
            "R-EVAL-4",
        ):
            self.assertIn(needle, grade_b.reasons)
        self.assertFalse(grade_b.title_points_eligible)

        # report for the President's Office Meeting: PDF and XLSX
        self.term.with_user(office).action_report_grades()
        self.assertEqual(set(self.term.evaluation_ids.mapped("state")), {"reported"})
        self.activate_chinese()
        report = self.env["ir.actions.report"].with_context(lang="zh_CN")
        html = report._render_qweb_html("mentorship_odoo.report_term_results", self.term.ids)[
            0
        ].decode()
        for needle in ("导师甲", "导师乙", "合格", "不合格", "R-TASK-4"):
            self.assertIn(needle, html)
        content, kind = report._render("mentorship_odoo.term_results_xlsx", self.term.ids)
        self.assertEqual(kind, "xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(rows["导师甲"][6], "合格")
        self.assertEqual(rows["导师乙"][6], "不合格")
        self.assertIn("R-EVAL-3", rows["导师乙"][7])

        # finalize: grades and what they rest on are locked
        self.term.with_user(office).action_finalize_grades()
        self.assertEqual(set(self.term.evaluation_ids.mapped("state")), {"final"})
        with self.assertRaises(UserError):
            grade_b.with_user(office).write({"override_result": "pass", "override_reason": "x"})
        self.term.with_user(office).action_close()
        with self.assertRaises(UserError):
            self.log(self.users["office"], self.assignment_a, D(2025, 11, 29), "activity")
        with self.assertRaises(UserError):
            self.eval_b.with_user(self.department_user).write({"manual_participant_count": 6})
        with self.assertRaises(UserError):
            self.env["school.class.ranking"].with_user(office).search(
                [("term_id", "=", self.term.id)], limit=1
            ).write({"score": 99})

        # corrections go through a tracked reopen by an officer
        with self.assertRaises(AccessError):
            self.term.with_user(self.department_user).action_reopen()
        self.term.with_user(office).action_reopen()
        self.assertEqual(self.term.state, "evaluation")
        self.eval_b.with_user(self.department_user).write({"manual_participant_count": 5})
        self.term.with_user(office).action_close()

        # HR: final results and title-evaluation points, read-only
        hr_view = (
            self.env["mentorship.evaluation"]
            .with_user(self.hr_user)
            .search([("term_id", "=", self.term.id)])
        )
        self.assertEqual(hr_view, grade_a | grade_b)
        with self.assertRaises(AccessError):
            grade_a.with_user(self.hr_user).write({"reasons": "x"})
        content, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.hr_user)
            .with_context(lang="zh_CN")
            ._render("mentorship_odoo.title_points_xlsx", hr_view.ids)
        )
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        sheet = workbook.worksheets[0]
        rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(rows["导师甲"][4:7], ("合格", "是", "是"))
        self.assertEqual(rows["导师乙"][4:7], ("不合格", "是", "否"))
        # R-USE-2: the points a full-term pass earns (policy setting, 1 by default)
        self.assertEqual(rows["导师甲"][7], 1)
        self.assertEqual(rows["导师乙"][7], 0)
        history = {
            row[0]: row for row in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)
        }
        self.assertEqual(set(history), {"导师甲", "导师乙"}, "history: one line per person")
        self.assertEqual(history["导师甲"][2:7], (1, 1, 0, 1, 1))
        self.assertEqual(history["导师乙"][2:7], (1, 0, 1, 0, 0))

        # mentors see their own final grade only
        mine = self.env["mentorship.evaluation"].with_user(self.mentor_b).search([])
        self.assertEqual(mine, grade_b)

    def test_override_needs_office_and_reason(self):
        """R-EVAL-5 default: only officers override a computed grade, only with a reason."""
        self.prepare_term()
        self.term.with_user(self.users["office"]).action_compute_grades()
        grade_b = self.term.evaluation_ids.filtered(lambda e: e.user_id == self.mentor_b)
        with self.assertRaises(AccessError):
            grade_b.with_user(self.department_user).write(
                {"override_result": "pass", "override_reason": "x"}
            )
        with self.assertRaises(ValidationError):
            grade_b.with_user(self.users["office"]).write({"override_result": "pass"})
        grade_b.with_user(self.users["office"]).write(
            {"override_result": "pass", "override_reason": "十月因病住院，听课次数经核实予以认可"}
        )
        self.assertEqual((grade_b.computed_result, grade_b.result), ("fail", "pass"))
        self.flush_tracking()
        tracked = grade_b.sudo().message_ids.tracking_value_ids.mapped("field_id.name")
        self.assertIn("override_result", tracked)

    def test_misconduct_forces_fail(self):
        """R-MISC-1: recorded misconduct fails the mentor, with its reason."""
        self.prepare_term()
        office = self.users["office"]
        self.term.with_user(office).action_compute_grades()
        grade_a = self.term.evaluation_ids.filtered(lambda e: e.user_id == self.mentor_a)
        self.assertEqual(grade_a.result, "pass")
        grade_a.with_user(office).misconduct = "伪造工作手册记录"
        self.term.sudo().state = "running"
        with self.assertRaisesRegex(UserError, "R-EVAL-5"):
            grade_a.with_user(office).action_compute()
        # grading pauses the garbage collector: a refused grading resumes it
        self.assertTrue(gc.isenabled())
        self.term.sudo().state = "evaluation"
        grade_a.with_user(office).action_compute()
        self.assertEqual(grade_a.result, "fail")
        self.assertIn("R-MISC-1", grade_a.reasons)

    def test_late_start_earns_no_points(self):
        """R-USE-2: a mentor who started late earns no points even with a pass."""
        self.prepare_term()
        self.assignment_a.sudo().date_start = D(2025, 9, 15)
        self.term.with_user(self.users["office"]).action_compute_grades()
        grade_a = self.term.evaluation_ids.filtered(lambda e: e.user_id == self.mentor_a)
        self.assertFalse(grade_a.full_term)
        self.assertFalse(grade_a.title_points_eligible)


@tagged("post_install", "-at_install")
class TestEvaluationQueries(MentorshipCase):
    def _seed(self, term, count, prefix):
        classes = self.env["school.class"].create(
            [
                {"name": f"{prefix}{i}", "code": f"{prefix}{i}", "grade_year": 2025}
                for i in range(count)
            ]
        )
        employees = self.env["hr.employee"].create(
            [{"name": f"{prefix}导师{i}"} for i in range(count)]
        )
        self.env["mentorship.assignment"].create(
            [
                {
                    "term_id": term.id,
                    "employee_id": e.id,
                    "class_id": c.id,
                    "date_start": term.date_start,
                    "date_end": term.date_end,
                }
                for e, c in zip(employees, classes, strict=True)
            ]
        )

    def _grade_queries(self, count, prefix, year):
        """Queries of the first computation of a term's grades and of the
        recompute that follows, with ``count`` mentors."""
        term = self.env["mentorship.term"].create(
            {
                "academic_year": f"{year}-{year + 1}",
                "term_number": "1",
                "date_start": D(year, 9, 1),
                "date_end": D(year, 11, 30),
                "state": "evaluation",
            }
        )
        self._seed(term, count, prefix)
        counts = []
        for _run in ("first", "again"):
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            term._compute_grades()
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - start)
        return counts, len(term.evaluation_ids)

    def test_grade_queries_bounded(self):
        """R-EVAL-1: grading 500 mentors costs the queries grading 20 does,
        on the first computation and on the recompute."""
        self._grade_queries(5, "W", 2030)  # warm-up
        small, small_count = self._grade_queries(20, "S", 2031)
        large, large_count = self._grade_queries(500, "L", 2032)
        self.assertEqual((small_count, large_count), (20, 500))
        self.assertEqual(small, large, "first run and recompute: [first, again]")
        self.assertLessEqual(large[0], 20)
        self.assertLessEqual(large[1], 16)


@tagged("post_install", "-at_install")
class TestGradeWrites(EvaluationCase):
    """A grade is stored whole on its first computation and rewritten only
    where a recompute changes it (R-EVAL-1)."""

    def test_first_grades_hold_what_their_computed_fields_compute(self):
        """The grades inserted together hold the department, classes, result,
        points and record-integrity signals their fields compute."""
        self.prepare_term()
        self.term.with_user(self.users["office"]).action_compute_grades()
        grades = self.term.evaluation_ids
        self.assertEqual(len(grades), 2)
        names = [
            "user_id",
            "company_id",
            "department_id",
            "class_names",
            "result",
            "title_points_eligible",
            "signal_entry_count",
            "late_entry_count",
            "bunched_entry_count",
            "evidence_entry_count",
            "late_entry_share",
            "evidence_entry_share",
        ]
        stored = {grade: grade.read(names)[0] for grade in grades}
        self.assertTrue(all(values["signal_entry_count"] for values in stored.values()))
        self.env.add_to_compute(grades._fields["department_id"], grades)
        self.env.add_to_compute(grades._fields["class_names"], grades)
        self.env.add_to_compute(grades._fields["result"], grades)
        self.env.add_to_compute(grades._fields["title_points_eligible"], grades)
        self.env.add_to_compute(grades._fields["signal_entry_count"], grades)
        grades._recompute_recordset()
        self.env.flush_all()
        self.env.invalidate_all()
        for grade, values in stored.items():
            self.assertEqual(grade.read(names)[0], values)
        self.assertEqual(grades.create_uid, self.users["office"], "the officer who computed")

    def test_r_eval_1_a_grade_names_its_classes_in_the_classes_order(self):
        """R-EVAL-1: a mentor of several classes gets one grade naming the
        classes in the classes' order (department, year of enrolment latest
        first, code), the order the grade's own computed field gives, and its
        findings follow that order."""
        self.prepare_term()
        first, second = self.env["hr.department"].create([{"name": "乙序系"}, {"name": "甲序系"}])
        classes = self.env["school.class"].create(
            [
                {"name": name, "code": code, "department_id": dept.id, "grade_year": year}
                for name, code, dept, year in (
                    ("序甲25A班", "XU1", second, 2025),
                    ("序乙24C班", "XU3", first, 2024),
                    ("序乙25B班", "XU2", first, 2025),
                )
            ]
        )
        mentor = self.env["hr.employee"].create({"name": "序导师"})
        # the term's version is locked (R-MISC-2): a new version allows three classes
        self.term.sudo().policy_id = self.term.policy_id.copy(
            {"name": "三个班", "max_classes_per_mentor": 3}
        )
        self.env["mentorship.assignment"].create(
            [
                {
                    "term_id": self.term.id,
                    "employee_id": mentor.id,
                    "class_id": school_class.id,
                    "date_start": self.term.date_start,
                    "date_end": self.term.date_end,
                }
                for school_class in classes
            ]
        )
        self.term.with_user(self.users["office"]).action_compute_grades()
        grade = self.term.evaluation_ids.filtered(lambda e: e.employee_id == mentor)
        expected = ["序乙25B班", "序乙24C班", "序甲25A班"]
        self.assertEqual(grade.class_names.split("、"), expected)
        named = [item["facts"]["class_name"] for item in grade.reason_data]
        self.assertEqual(list(dict.fromkeys(named)), expected)
        self.env.add_to_compute(grade._fields["class_names"], grade)
        grade._recompute_recordset()
        self.assertEqual(grade.class_names.split("、"), expected)

    def test_recompute_writes_only_what_changed(self):
        """Computing again with nothing changed writes nothing; recorded
        misconduct (R-MISC-1) rewrites that grade only, tracked in its chatter;
        a grade changed otherwise is compared field by field next time."""
        self.prepare_term()
        office = self.users["office"]
        self.term.with_user(office).action_compute_grades()
        grades = {e.employee_id.user_id: e for e in self.term.evaluation_ids}
        grade_a, grade_b = grades[self.mentor_a], grades[self.mentor_b]
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE mentorship_evaluation SET write_date = '2000-01-01' WHERE id IN %s",
            [(grade_a.id, grade_b.id)],
        )
        self.env.invalidate_all()
        self.term.with_user(office).action_compute_grades()
        self.env.flush_all()
        self.assertEqual(
            set((grade_a | grade_b).mapped("write_date")), {datetime.datetime(2000, 1, 1)}
        )
        grade_a.with_user(office).misconduct = "伪造工作手册记录"
        self.term.with_user(office).action_compute_grades()
        self.flush_tracking()
        self.assertEqual(grade_a.result, "fail")
        self.assertIn("R-MISC-1", grade_a.reasons)
        self.assertEqual(grade_b.write_date, datetime.datetime(2000, 1, 1))
        tracked = grade_a.sudo().message_ids.tracking_value_ids.mapped("field_id.name")
        self.assertIn("computed_result", tracked)
        # a grade reported and reopened is no longer the one last computed
        self.assertTrue(grade_b.grade_fingerprint)
        grade_b.sudo().write({"state": "reported"})
        self.assertFalse(grade_b.grade_fingerprint)
        grade_b.sudo().write({"state": "computed"})
        self.term.with_user(office).action_compute_grades()
        self.assertTrue(grade_b.grade_fingerprint)
        self.assertEqual(grade_b.state, "computed")

    def test_r_eval_2_monthly_shortfalls_read_as_one_line_per_task(self):
        """R-EVAL-2 (R-TASK-4): the months a task fell short read as one line
        in the reader's language, with each month's figures."""
        self.prepare_term()
        self.term.with_user(self.users["office"]).action_compute_grades()
        grade_b = self.term.evaluation_ids.filtered(lambda e: e.user_id == self.mentor_b)
        finding = next(f for f in grade_b.reason_data if f["rule"] == "R-TASK-4")
        self.assertEqual(finding["key"], "quota_months")
        self.activate_chinese()
        lines = grade_b.with_context(lang="zh_CN").reasons.splitlines()
        line = next(text for text in lines if "R-TASK-4" in text)
        self.assertIn("未达月度要求", line)
        for month, done, required in finding["facts"]["months"]:
            self.assertIn(f"{month} 完成 {done}/{required}", line)


@tagged("post_install", "-at_install")
class TestFailBarsNextTerm(MentorshipCase):
    def test_r_elig_6_next_application_refused(self):
        """R-ELIG-6: a final fail bars the next term's application."""
        user = new_test_user(self.env, login="test_failed_mentor", groups="base.group_user")
        employee = self.env["hr.employee"].create(
            {
                "name": "失败导师",
                "user_id": user.id,
                "mentor_title_level": "senior",
                "mentor_head_teacher_years": 6,
            }
        )
        past = self.env["mentorship.term"].create(
            {
                "academic_year": "2025-2026",
                "term_number": "1",
                "date_start": D(2025, 9, 1),
                "date_end": D(2026, 1, 20),
                "state": "closed",
            }
        )
        self.env["mentorship.evaluation"].create(
            {
                "term_id": past.id,
                "employee_id": employee.id,
                "computed_result": "fail",
                "state": "final",
            }
        )
        nxt = self.env["mentorship.term"].create(
            {
                "academic_year": "2025-2026",
                "term_number": "2",
                "date_start": D(2026, 2, 28),
                "date_end": D(2026, 7, 10),
                "state": "application",
            }
        )
        app = (
            self.env["mentorship.application"]
            .with_user(user)
            .create(
                {
                    "term_id": nxt.id,
                    "declare_devotion": True,
                    "declare_ethics": True,
                    "declare_fitness": True,
                    "five_education_specialty": "moral",
                }
            )
        )
        self.assertFalse(app.eligible)
        with self.assertRaisesRegex(UserError, "R-ELIG-6"):
            app.with_user(user).action_submit()
