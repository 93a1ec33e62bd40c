"""Issue 11, regulation fidelity: each workflow point names its rule and
fails if the rule were broken."""

import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import STATEMENT, CollegeCase, SelectionCase
from .test_evaluation import EvaluationCase
from .test_handbook import HandbookCase

D = datetime.date


def final_fail(env, term, employee):
    """A fail in ``term``, finalised now."""
    return (
        env["mentorship.evaluation"]
        .sudo()
        .create(
            {
                "term_id": term.id,
                "employee_id": employee.id,
                "computed_result": "fail",
                "state": "final",
            }
        )
    )


# --------------------------------------------------------------- selection
@tagged("post_install", "-at_install")
class TestEligibilityAndBar(SelectionCase):
    """R-ELIG-2/3 for every cadre, R-ELIG-6 at every step, the calendar's next term."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the term just before 2027-2028 (1) in the calendar
        cls.previous = cls.env["mentorship.term"].create(
            {
                "academic_year": "2026-2027",
                "term_number": "2",
                "date_start": D(2027, 2, 20),
                "date_end": D(2027, 7, 10),
                "state": "closed",
            }
        )

    def reviewed(self, employee):
        app = self.apply(employee)
        app.with_user(employee.user_id).action_submit()
        for role in ("discipline", "hr", "office"):
            self.review(app, self.users[role])
        return app

    def test_r_elig_2_cadre_aged_fifty_must_head_a_class(self):
        """R-ELIG-2: "50 岁以下" includes 50: a cadre aged exactly 50 at term start
        heading no class is not eligible; aged 51 is."""
        fifty = self._employee(
            "fifty",
            "周五十",
            mentor_cadre_level="middle",
            mentor_education="bachelor",
            birthday=D(1977, 9, 1),  # 50 on 1 September 2027
        )
        app = self.apply(fifty)
        self.assertEqual(app.fact_age, 50)
        self.assertFalse(app.eligible)
        self.assertIn("R-ELIG-2", app.eligibility_reasons)
        self.assertIn("50", app.eligibility_reasons)
        older = self._employee(
            "fifty_one",
            "吴五一",
            mentor_cadre_level="middle",
            mentor_education="bachelor",
            birthday=D(1976, 9, 1),
        )
        self.assertTrue(self.apply(older).eligible)

    def test_r_elig_2_3_bind_every_cadre_unless_the_policy_says_otherwise(self):
        """R-ELIG-2, R-ELIG-3: a cadre with a senior title is still bound (default);
        the policy switch, shown with its rule ID, allows the looser reading."""
        titled = self._employee(
            "titled",
            "郑高级",
            mentor_cadre_level="middle_deputy",
            mentor_title_level="senior",
            mentor_education="below_bachelor",
            mentor_head_teacher_years=8,
            birthday=D(1985, 1, 1),
        )
        app = self.apply(titled)
        self.assertFalse(app.eligible)
        self.assertIn("R-ELIG-2", app.eligibility_reasons)
        self.assertIn("R-ELIG-3", app.eligibility_reasons)
        policy = self.term.sudo().policy_id
        label = policy._fields["cadre_rules_all_cadres"]._description_string(self.env)
        self.assertIn("R-ELIG-2", label)
        view = self.env.ref("mentorship_odoo.mentorship_policy_view_form")
        self.assertIn('name="cadre_rules_all_cadres"', view.arch)
        looser = policy.copy({"name": "宽松版本", "cadre_rules_all_cadres": False})
        self.term.sudo().policy_id = looser
        app.invalidate_recordset()
        app.action_refresh_facts()
        self.assertTrue(app.eligible)
        self.assertIn("R-ELIG-1(b)", app.eligibility_basis)

    def test_r_elig_6_fail_finalised_after_submission_stops_the_review(self):
        """R-ELIG-6: a fail finalised after the applicant submitted stops marking reviewed."""
        app = self.apply(self.senior)
        app.with_user(self.senior.user_id).action_submit()
        final_fail(self.env, self.previous, self.senior)
        for role in ("discipline", "hr", "office"):
            self.review(app, self.users[role])
        with self.assertRaisesRegex(UserError, "R-ELIG-6"):
            app.with_user(self.users["office"]).action_mark_reviewed()
        self.assertEqual(app.state, "submitted")

    def test_r_elig_6_fail_finalised_after_review_stops_the_confirmation(self):
        """R-ELIG-6: a fail finalised after the review stops the confirmation."""
        app = self.reviewed(self.senior)
        app.with_user(self.users["office"]).action_mark_reviewed()
        final_fail(self.env, self.previous, self.senior)
        confirmation = (
            self.env["mentorship.confirmation"]
            .with_user(self.users["office"])
            .create(
                {
                    "term_id": self.term.id,
                    "meeting_date": D(2026, 11, 1),
                    "document_number": "聊技师院发〔2027〕40号",
                }
            )
        )
        confirmation.action_load_applications()
        with self.assertRaisesRegex(UserError, "R-ELIG-6"):
            confirmation.action_done()
        self.assertEqual(app.state, "reviewed")

    def test_r_elig_6_next_term_is_the_calendar_next(self):
        """R-ELIG-6: a fail bars the term that follows in the calendar only; an
        unused draft term dated in between neither hides it nor moves it."""
        final_fail(self.env, self.previous, self.senior)
        # a stray draft record dated after the previous term: not the previous term
        self.env["mentorship.term"].create(
            {
                "academic_year": "2027-2028",
                "term_number": "2",
                "date_start": D(2027, 7, 15),
                "date_end": D(2027, 8, 25),
            }
        )
        self.assertEqual(self.term._previous_term(), self.previous)
        self.assertEqual(self.previous._next_term(), self.term)
        app = self.apply(self.senior)
        self.assertFalse(app.eligible)
        self.assertIn("R-ELIG-6", app.eligibility_reasons)

    def test_r_elig_6_a_skipped_term_does_not_misplace_the_bar(self):
        """R-ELIG-6: a fail in 2025-2026 (1) bars 2025-2026 (2), which was never
        run; it does not bar 2027-2028 (1), two terms later."""
        self.previous.sudo().unlink()
        older = self.env["mentorship.term"].create(
            {
                "academic_year": "2026-2027",
                "term_number": "1",
                "date_start": D(2026, 9, 1),
                "date_end": D(2027, 1, 20),
                "state": "closed",
            }
        )
        final_fail(self.env, older, self.senior)
        self.assertFalse(self.term._previous_term())
        app = self.apply(self.senior)
        self.assertTrue(app.eligible)
        self.assertFalse(app.fact_failed_term)


# ------------------------------------------------------------ confirmation
@tagged("post_install", "-at_install")
class TestConfirmationBoundary(SelectionCase):
    def reviewed(self):
        app = self.apply(self.senior)
        app.with_user(self.senior.user_id).action_submit()
        for role in ("discipline", "hr", "office"):
            self.review(app, self.users[role])
        app.with_user(self.users["office"]).action_mark_reviewed()
        return app

    def confirmation(self, meeting):
        confirmation = (
            self.env["mentorship.confirmation"]
            .with_user(self.users["office"])
            .create(
                {
                    "term_id": self.term.id,
                    "meeting_date": meeting,
                    "document_number": "聊技师院发〔2027〕50号",
                }
            )
        )
        confirmation.action_load_applications()
        return confirmation

    def test_r_rev_3_recorded_on_the_first_day_is_late(self):
        """R-REV-3: a confirmation recorded on the term's first day is late."""
        app = self.reviewed()
        confirmation = self.confirmation(D(2027, 8, 30))
        with freeze_time("2027-09-01"):
            self.assertTrue(confirmation.is_late)
            with self.assertRaisesRegex(UserError, "R-REV-3"):
                confirmation.action_done()
        with freeze_time("2027-08-31"):
            confirmation.invalidate_recordset()
            self.assertFalse(confirmation.is_late)
            confirmation.action_done()
        self.assertEqual(app.state, "confirmed")

    def test_r_rev_3_meeting_on_the_first_day_is_late(self):
        """R-REV-3: the meeting date must fall before the term's first day."""
        self.reviewed()
        confirmation = self.confirmation(D(2027, 9, 1))
        with freeze_time("2027-08-31"), self.assertRaisesRegex(UserError, "R-REV-3"):
            confirmation.action_done()


# --------------------------------------------------------------- appointing
@tagged("post_install", "-at_install")
class TestAppointing(CollegeCase):
    """R-REV-3 by hand and by the wizard; R-ELIG-6 at matching; R-MATCH-1 seats."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.depts, cls.classes, cls.mentors = cls.seed_college(
            departments=2, classes_per_department=6, mentors=4
        )
        cls.start_matching()
        cls.outsider = cls.env["hr.employee"].create({"name": "未认定教师"})

    def by_hand(self, user, employee, school_class, **values):
        return (
            self.env["mentorship.assignment"]
            .with_user(user)
            .create(
                {
                    "term_id": self.term.id,
                    "employee_id": employee.id,
                    "class_id": school_class.id,
                    **values,
                }
            )
        )

    def test_r_rev_3_only_confirmed_mentors_by_hand(self):
        """R-REV-3: an officer assigns by hand only a confirmed mentor of the term."""
        office = self.users["office"]
        with self.assertRaisesRegex(UserError, "R-REV-3"), self.cr.savepoint():
            self.by_hand(office, self.outsider, self.classes[0])
        assignment = self.by_hand(office, self.mentors[0], self.classes[0])
        self.assertEqual(assignment.application_id.employee_id, self.mentors[0])
        self.assertEqual(assignment.date_start, self.term.date_start)

    def test_r_rev_3_late_appointment_by_hand_starts_today_never_backdated(self):
        """R-REV-3: after the term started, an appointment by hand starts on its
        own day; an officer cannot backdate it, not even by a later edit."""
        office = self.users["office"]
        with freeze_time("2027-10-08"):
            assignment = self.by_hand(office, self.mentors[0], self.classes[0])
            self.assertEqual(assignment.date_start, D(2027, 10, 8))
            self.assertEqual(assignment.date_end, self.term.date_end)
            with self.assertRaisesRegex(UserError, "R-REV-3"), self.cr.savepoint():
                self.by_hand(
                    office, self.mentors[1], self.classes[1], date_start=self.term.date_start
                )
            with self.assertRaisesRegex(UserError, "R-REV-3"):
                assignment.with_user(office).write({"date_start": D(2027, 9, 1)})
            with self.assertRaises(AccessError):
                assignment.with_user(office).write({"history_reason": "补录"})

    def test_r_rev_3_history_recorded_by_the_administrator_with_a_reason(self):
        """R-REV-3: the programme administrator records the dates an assignment
        really had, with a written reason kept in its history."""
        manager = self.users["manager"]
        with freeze_time("2027-10-08"):
            with self.assertRaisesRegex(UserError, "R-REV-3"), self.cr.savepoint():
                self.by_hand(manager, self.outsider, self.classes[0], date_start=D(2027, 9, 1))
            assignment = self.by_hand(
                manager,
                self.outsider,
                self.classes[0],
                date_start=D(2027, 9, 1),
                history_reason="系统启用前已按院长办公会决定聘任，补录。",
            )
        self.assertEqual(assignment.date_start, D(2027, 9, 1))
        bodies = "".join(assignment.sudo().message_ids.mapped("body"))
        self.assertIn("R-REV-3", bodies)
        self.assertIn("系统启用前", bodies)

    def test_r_rev_3_wizard_matching_late_starts_late(self):
        """R-REV-3: the wizard starts a late matching on its own day, not the term's first."""
        with freeze_time("2027-10-01"):
            wizard = self.open_wizard()
            wizard.action_propose()
            wizard.action_confirm()
        self.assertEqual(set(self.term.assignment_ids.mapped("date_start")), {D(2027, 10, 1)})

    def test_r_elig_6_fail_finalised_after_confirmation_stops_matching(self):
        """R-ELIG-6: a fail finalised after confirmation keeps the mentor out of
        the seats and refuses their matching, with the rule ID."""
        final_fail(self.env, self.previous_term, self.mentors[0])
        wizard = self.open_wizard()
        self.assertEqual(wizard.mentor_count, 3)
        with self.assertRaisesRegex(UserError, "R-ELIG-6"), self.cr.savepoint():
            self.by_hand(self.users["office"], self.mentors[0], self.classes[0])
        wizard.action_propose()
        self.assertNotIn(self.mentors[0], wizard.line_ids.employee_id)
        wizard.line_ids[0].employee_id = self.mentors[0]
        with self.assertRaisesRegex(UserError, "R-ELIG-6"):
            wizard.action_confirm()

    def test_r_match_1_seats_are_mentors_times_the_class_limit(self):
        """R-MATCH-1: seats are confirmed mentors x classes per mentor."""
        self.term.sudo().policy_id = self.term.policy_id.copy(
            {"name": "每人两个班", "max_classes_per_mentor": 2}
        )
        wizard = self.open_wizard()
        self.assertEqual((wizard.mentor_count, wizard.seat_count), (4, 8))
        self.assertEqual(
            {(s.department_id, s.share) for s in wizard.share_ids},
            {(self.depts[0], 4), (self.depts[1], 4)},
        )

    def test_r_match_1_share_basis_is_a_policy_setting_shown_in_the_wizard(self):
        """R-MATCH-1: seats shared by students when the policy says so."""
        Student = self.env["school.student"]
        for school_class in self.classes[:6]:
            Student.create(
                [
                    {
                        "name": f"{school_class.code}生{i}",
                        "student_number": f"{school_class.code}S{i}",
                        "class_id": school_class.id,
                    }
                    for i in range(30)
                ]
            )
        self.term.sudo().policy_id = self.term.policy_id.copy(
            {"name": "按学生数", "match_share_basis": "students"}
        )
        wizard = self.open_wizard()
        self.assertEqual(wizard.share_basis, "students")
        view = self.env.ref("mentorship_odoo.mentorship_matching_view_form")
        self.assertIn('name="share_basis"', view.arch)
        shares = {s.department_id: (s.student_count, s.share) for s in wizard.share_ids}
        self.assertEqual(shares[self.depts[0]], (180, 4))
        self.assertEqual(shares[self.depts[1]], (0, 0))

    def test_r_match_3_previous_term_not_recorded_is_said(self):
        """R-MATCH-3(b): when the previous term is not recorded, the wizard says so."""
        self.assertFalse(self.open_wizard().previous_term_note)
        # the term before 2027-2028 (1) is 2026-2027 (2): recorded as (1) instead
        self.previous_term.sudo().write({"term_number": "1"})
        note = self.open_wizard().previous_term_note
        self.assertIn("R-MATCH-3(b)", note)
        self.assertIn("2026-2027", note)


# ------------------------------------------------------------------ policy
@tagged("post_install", "-at_install")
class TestRulesStayPut(SelectionCase):
    def test_r_misc_2_policy_locked_once_anyone_applied(self):
        """R-MISC-2: the thresholds of a version are locked once anyone applied
        for a term it judges, even while applications are open."""
        policy = self.term.sudo().policy_id.copy({"name": "本学期版本", "date_from": D(2027, 8, 1)})
        self.term.sudo().policy_id = policy
        policy.cadre_age_limit = 49  # nobody applied yet
        self.apply(self.senior)
        self.assertEqual(self.term.state, "application")
        for vals in (
            {"cadre_age_limit": 55},
            {"keep_top_counts_improved": False},
            {"unsubmitted_handbook": "warn"},
            {"match_share_basis": "students"},
        ):
            with self.assertRaisesRegex(UserError, "R-MISC-2"):
                policy.write(vals)
        with self.assertRaisesRegex(UserError, "R-MISC-2"):
            policy.quota_ids[:1].min_count = 9
        with self.assertRaisesRegex(UserError, "R-MISC-2"):
            self.term.with_user(self.users["office"]).write({"date_start": D(2027, 9, 2)})
        policy.note = "<p>说明可以补充</p>"

    def test_r_misc_2_policy_in_force_for_a_term(self):
        """R-MISC-2: a version comes into force for a term (academic year + term
        number), not only by date."""
        by_term = self.env["mentorship.policy"].create(
            {
                "name": "2027-2028学年第一学期起施行",
                "date_from": D(2027, 9, 15),
                "first_academic_year": "2027-2028",
                "first_term_number": "1",
            }
        )
        Policy = self.env["mentorship.policy"]
        self.assertEqual(Policy._policy_for_term(self.term), by_term)
        earlier = self.env["mentorship.term"].create(
            {
                "academic_year": "2026-2027",
                "term_number": "2",
                "date_start": D(2027, 2, 20),
                "date_end": D(2027, 7, 10),
            }
        )
        self.assertEqual(
            Policy._policy_for_term(earlier), self.env.ref("mentorship_odoo.policy_2024")
        )
        with self.assertRaisesRegex(ValidationError, "R-MISC-2"):
            by_term.first_term_number = False
        # a new term takes the version in force for it, not the one of its date
        later = self.env["mentorship.term"].create(
            {
                "academic_year": "2028-2029",
                "term_number": "1",
                "date_start": D(2028, 9, 1),
                "date_end": D(2029, 1, 20),
            }
        )
        self.assertEqual(later.policy_id, Policy._policy_for_term(later))


# -------------------------------------------------------------- assessment
@tagged("post_install", "-at_install")
class TestAssessment(EvaluationCase):
    def grade(self, user):
        return self.term.evaluation_ids.filtered(lambda e: e.user_id == user)

    def test_r_eval_2_unsubmitted_handbook_fails_performance(self):
        """R-EVAL-2: an unsubmitted handbook fails the performance part; a policy
        may make it a warning."""
        self.prepare_term()
        office = self.users["office"]
        self.assignment_a.with_user(office).action_reopen_handbook(reason="补充记录")
        self.term.with_user(office).action_compute_grades()
        grade_a = self.grade(self.mentor_a)
        self.assertEqual((grade_a.performance_ok, grade_a.result), (False, "fail"))
        self.assertIn("R-EVAL-2", grade_a.reasons)
        self.term.sudo().policy_id = self.term.policy_id.copy(
            {"name": "手册提醒", "unsubmitted_handbook": "warn"}
        )
        self.term.with_user(office).action_compute_grades()
        self.assertEqual((grade_a.performance_ok, grade_a.result), (True, "pass"))
        self.assertIn("R-EVAL-2", grade_a.reasons)

    def test_r_eval_missing_data_is_incomplete_and_blocks_reporting(self):
        """R-EVAL-3 default: a missing student evaluation makes the grade
        incomplete (not a fail), names it, and blocks reporting and finalising
        until an officer decides it with a written reason."""
        self.prepare_term()
        office = self.users["office"]
        self.eval_a.sudo().unlink()
        self.term.with_user(office).action_compute_grades()
        grade_a = self.grade(self.mentor_a)
        self.assertEqual(grade_a.result, "incomplete")
        self.assertNotEqual(grade_a.computed_result, "fail")
        self.assertIn("R-EVAL-3", grade_a.missing_data)
        self.assertIn("25计算机1班", grade_a.missing_data)
        self.assertFalse(grade_a.title_points_eligible)
        with self.assertRaisesRegex(UserError, "incomplete"):
            self.term.with_user(office).action_report_grades()
        self.assertEqual(set(self.term.evaluation_ids.mapped("state")), {"computed"})
        with self.assertRaisesRegex(UserError, "incomplete"):
            self.grade(self.mentor_b).with_user(office).action_report()
        with self.assertRaises(ValidationError):
            grade_a.with_user(office).write({"override_result": "pass"})
        grade_a.with_user(office).write(
            {
                "override_result": "pass",
                "override_reason": "学生评价因疫情停课未组织，经核实工作到位",
            }
        )
        self.term.with_user(office).action_report_grades()
        self.term.with_user(office).action_finalize_grades()
        self.assertEqual(grade_a.result, "pass")

    def test_r_eval_incomplete_grade_blocks_closing(self):
        """R-EVAL default: a term does not close while a grade is incomplete."""
        self.prepare_term()
        office = self.users["office"]
        self.eval_a.sudo().unlink()
        self.term.with_user(office).action_compute_grades()
        with self.assertRaisesRegex(UserError, "incomplete"):
            self.term.with_user(office).action_close()
        self.assertEqual(self.term.state, "evaluation")

    def test_r_eval_4_missing_ranking_is_incomplete(self):
        """R-EVAL-4: a missing ranking of the term is named; the grade is incomplete."""
        self.prepare_term()
        self.env["school.class.ranking"].sudo().search(
            [("term_id", "=", self.term.id), ("class_id", "=", self.class_a.id)]
        ).unlink()
        self.term.with_user(self.users["office"]).action_compute_grades()
        grade_a = self.grade(self.mentor_a)
        self.assertEqual(grade_a.result, "incomplete")
        self.assertIn("R-EVAL-4", grade_a.missing_data)

    def test_r_eval_4_previous_term_not_recorded_is_said(self):
        """R-EVAL-4: when the previous term is not recorded, the grade says so."""
        self.prepare_term()
        self.class_a.grade_year = 2024  # not a new-student class: compared with last term
        # the term before 2025-2026 (1) is 2024-2025 (2): recorded as (1) instead
        self.previous.sudo().write({"term_number": "1"})
        self.term.with_user(self.users["office"]).action_compute_grades()
        grade_a = self.grade(self.mentor_a)
        self.assertEqual(grade_a.result, "incomplete")
        self.assertIn("2024-2025", grade_a.missing_data)

    def test_r_eval_4_keeping_the_top_place(self):
        """R-EVAL-4: a class first in both terms improved by default; the policy
        option can say it did not."""
        self.prepare_term()
        self.class_a.grade_year = 2024  # not a new-student class: it must improve
        self.env["school.class.ranking"].sudo().search(
            [("term_id", "=", self.previous.id), ("class_id", "=", self.class_a.id)]
        ).write({"rank_grade": 1, "rank_department": 1})
        office = self.users["office"]
        self.term.with_user(office).action_compute_grades()
        self.assertTrue(self.grade(self.mentor_a).quantification_ok)
        self.term.sudo().policy_id = self.term.policy_id.copy(
            {"name": "保持第一不算进步", "keep_top_counts_improved": False}
        )
        self.term.with_user(office).action_compute_grades()
        self.assertFalse(self.grade(self.mentor_a).quantification_ok)
        self.assertIn("R-EVAL-4", self.grade(self.mentor_a).reasons)

    def test_r_misc_1_no_override_to_pass_with_misconduct(self):
        """R-MISC-1: an override to pass while misconduct is recorded is refused."""
        self.prepare_term()
        office = self.users["office"]
        self.term.with_user(office).action_compute_grades()
        grade_b = self.grade(self.mentor_b)
        grade_b.with_user(office).misconduct = "伪造工作手册记录"
        with self.assertRaisesRegex(ValidationError, "R-MISC-1"):
            grade_b.with_user(office).write(
                {"override_result": "pass", "override_reason": "复核后合格"}
            )
        grade_b.with_user(office).write({"override_result": "fail", "override_reason": "维持"})
        self.assertEqual(grade_b.result, "fail")

    def test_r_eval_3_manual_class_size_is_the_enrolment(self):
        """R-EVAL-3: entered by hand, the class size defaults to the class's
        enrolment and cannot be smaller."""
        self.term.sudo().state = "evaluation"
        department = self.env["mentorship.student.evaluation"].with_user(self.department_user)
        form = Form(department)
        form.term_id = self.term
        form.class_id = self.class_a
        form.source = "manual"
        self.assertEqual(form.manual_class_size, 6)
        with self.assertRaisesRegex(ValidationError, "6"), self.cr.savepoint():
            department.create(
                {
                    "term_id": self.term.id,
                    "class_id": self.class_a.id,
                    "source": "manual",
                    "manual_class_size": 5,
                    "manual_participant_count": 5,
                    "manual_mean_score": 80,
                    "report_file": STATEMENT,
                }
            )
        evaluation = department.create(
            {
                "term_id": self.term.id,
                "class_id": self.class_a.id,
                "source": "manual",
                "manual_participant_count": 5,
                "manual_mean_score": 80,
                "report_file": STATEMENT,
            }
        )
        self.assertEqual((evaluation.class_size, evaluation.valid), (6, True))


# ---------------------------------------------------------------- handbook
@tagged("post_install", "-at_install")
class TestHandbookRules(HandbookCase):
    def progress(self, assignment):
        return {(p.quota.rule, p.month): p for p in assignment._quota_progress()[assignment.id]}

    def test_r_task_2a_pairing_agreed_with_all_three(self):
        """R-TASK-2a: the students are agreed with the head teacher, the subject
        teachers and the Youth League branch: each agreement is required."""
        values = {
            "student_ids": [(6, 0, self.students_a[:3].ids)],
            "agreed_head_teacher": True,
            "agreed_teachers": True,
        }
        with self.assertRaisesRegex(ValidationError, "R-TASK-2a"):
            self.log(self.mentor_a, self.assignment_a, D(2025, 9, 3), "student_pairing", **values)
        entry = self.log(
            self.mentor_a,
            self.assignment_a,
            D(2025, 9, 3),
            "student_pairing",
            agreed_league=True,
            **values,
        )
        with self.assertRaisesRegex(ValidationError, "R-TASK-2a"):
            entry.with_user(self.mentor_a).write({"agreed_teachers": False})

    def test_r_task_1_attended_meetings_never_count(self):
        """R-TASK-1: class meetings attended at the head teacher's request are
        recorded but never count toward the three themed meetings; a type that
        does not count toward quotas is honoured."""
        for day in (3, 10, 17):
            self.log(
                self.mentor_a, self.assignment_a, D(2025, 9, day), "attended_meeting", topic="x"
            )
        self.assertEqual(self.progress(self.assignment_a)["R-TASK-1", None].done, 0)
        self.log(self.mentor_a, self.assignment_a, D(2025, 9, 24), "class_meeting")
        self.assertEqual(self.progress(self.assignment_a)["R-TASK-1", None].done, 1)
        self.types["class_meeting"].counts_toward_quota = False
        self.assertEqual(self.progress(self.assignment_a)["R-TASK-1", None].done, 0)

    def test_r_task_2b_target_counts_students_who_left_once_talked_to(self):
        """R-TASK-2b: a student talked to who then left school still counts,
        in the talks and in the class size of the term."""
        self.log(
            self.mentor_a,
            self.assignment_a,
            D(2025, 9, 20),
            "talk",
            student_ids=[(6, 0, self.students_a[:3].ids)],
        )
        self.students_a[0].active = False
        talks = self.progress(self.assignment_a)["R-TASK-2b", None]
        self.assertEqual((talks.done, talks.required, talks.met), (3, 3, True))
        self.students_a[5].active = False  # left without a talk: not in the class any more
        talks = self.progress(self.assignment_a)["R-TASK-2b", None]
        self.assertEqual((talks.done, talks.required), (3, 3))

    def test_r_duty_3_work_broken_down_by_guidance_area(self):
        """R-DUTY-3: the handbook analysis breaks work down by guidance area."""
        view = self.env.ref("mentorship_odoo.mentorship_log_view_pivot")
        self.assertIn('name="guidance_area_ids" type="row"', view.arch)
        self.log(self.mentor_a, self.assignment_a, D(2025, 9, 12), "activity")
        groups = self.env["mentorship.log"]._read_group(
            [("assignment_id", "=", self.assignment_a.id)], ["guidance_area_ids"], ["__count"]
        )
        self.assertEqual(groups, [(self.area, 1)])

    def test_r_app_3_leaving_on_the_last_day_is_a_full_term(self):
        """R-USE-2: leaving on the term's last day serves the full term."""
        employee = self.assignment_a.employee_id
        app = (
            self.env["mentorship.application"]
            .sudo()
            .create({"employee_id": employee.id, "term_id": self.term.id, "state": "confirmed"})
        )
        with freeze_time("2025-11-30"):
            app.with_user(self.mentor_a).action_withdraw(
                reason="学期结束调岗", statement=STATEMENT, date=D(2025, 11, 30)
            )
        self.assertEqual(self.assignment_a.date_end, D(2025, 11, 30))
        self.term.sudo().state = "evaluation"
        self.term._compute_grades()
        grade = self.term.evaluation_ids.filtered(lambda e: e.employee_id == employee)
        self.assertTrue(grade.full_term)
