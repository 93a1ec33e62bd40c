import datetime

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import STATEMENT, SelectionCase


@tagged("post_install", "-at_install")
class TestSelectionFlow(SelectionCase):
    def test_whole_selection(self):
        """R-ELIG-1..4, R-APP-1, R-REV-1, R-REV-2, R-APP-3: one selection end to end."""
        office, discipline, hr = (self.users[r] for r in ("office", "discipline", "hr"))
        self.assertEqual(self.term.policy_id, self.env.ref("mentorship_odoo.policy_2024"))
        self.assertEqual(self.term.state, "application")

        cadre_app = self.apply(self.cadre)
        young_app = self.apply(self.young_cadre)
        senior_app = self.apply(self.senior)

        # the form is pre-filled from the employee record
        self.assertEqual(senior_app.applicant_name, "王芳")
        self.assertEqual(senior_app.birth_month, "1978-06")
        self.assertEqual(senior_app.ethnicity, "汉族")
        self.assertEqual(senior_app.title_position, "副教授")
        self.assertEqual(senior_app.phone, "13800000001")
        self.assertEqual(senior_app.department_id, self.department)

        # eligibility is shown before submitting, with rule IDs and facts
        self.assertTrue(cadre_app.eligible)
        self.assertIn("R-ELIG-1", cadre_app.eligibility_reasons)
        self.assertTrue(cadre_app.fact_is_head_teacher)
        self.assertEqual(cadre_app.fact_age, 46)
        self.assertTrue(senior_app.eligible)
        self.assertIn("R-ELIG-1(b)", senior_app.eligibility_basis)
        self.assertFalse(young_app.eligible)
        self.assertIn("R-ELIG-2", young_app.eligibility_reasons)
        self.assertIn("46", young_app.eligibility_reasons)

        # the ineligible application cannot be submitted, and says why
        with self.assertRaisesRegex(UserError, "R-ELIG-2"):
            young_app.with_user(self.young_cadre.user_id).action_submit()
        self.assertEqual(young_app.state, "draft")

        for app in (cadre_app, senior_app):
            app.with_user(app.user_id).action_submit()
            self.assertEqual(app.state, "submitted")
            self.assertEqual(len(app.review_ids), 3, "R-REV-1: SAO, Discipline and HR tiers")
            self.assertEqual(app.validation_status, "pending")

        # the SAO cannot mark reviewed before all three tiers approved
        with self.assertRaisesRegex(UserError, "R-REV-1"):
            cadre_app.with_user(office).action_mark_reviewed()

        # each reviewer finds the applications in the approval inbox
        for user in (office, discipline, hr):
            inbox = (
                self.env["mentorship.application"]
                .with_user(user)
                .search([("can_review", "=", True)])
            )
            self.assertEqual(inbox, cadre_app | senior_app)

        for app in (cadre_app, senior_app):
            for user in (discipline, hr):
                self.review(app, user)
                self.assertEqual(app.validation_status, "pending")
            self.review(app, office)
            self.assertEqual(app.validation_status, "validated")
            self.assertEqual(
                set(app.review_ids.mapped("done_by").ids), {office.id, discipline.id, hr.id}
            )
            app.with_user(office).action_mark_reviewed()
            self.assertEqual(app.state, "reviewed")

        # the President's Office Meeting confirms (R-REV-2), before the term starts (R-REV-3)
        confirmation = (
            self.env["mentorship.confirmation"]
            .with_user(office)
            .create(
                {
                    "term_id": self.term.id,
                    "meeting_date": datetime.date(2027, 8, 20),
                    "document_number": "聊技师院发〔2027〕30号",
                }
            )
        )
        confirmation.action_load_applications()
        self.assertEqual(confirmation.line_ids.application_id, cadre_app | senior_app)
        employees_before = self.env["hr.employee"].search_count([])
        confirmation.action_done()
        self.assertEqual(confirmation.state, "done")
        self.assertEqual((cadre_app | senior_app).mapped("state"), ["confirmed", "confirmed"])
        self.assertEqual(cadre_app.confirmation_id, confirmation)
        self.assertEqual(self.env["hr.employee"].search_count([]), employees_before)
        with self.assertRaises(UserError):
            confirmation.action_done()

        # R-APP-3: leaving mid-term needs a reason and a written statement; the date is kept
        mentor = senior_app.with_user(self.senior.user_id)
        action = mentor.action_withdraw()
        self.assertEqual(action["res_model"], "mentorship.application.reason")
        with self.assertRaisesRegex(UserError, "R-APP-3"):
            mentor.action_withdraw(reason="调任其他岗位")
        wizard = (
            self.env["mentorship.application.reason"]
            .with_user(self.senior.user_id)
            .with_context(**action["context"])
            .create({"reason": "调任其他岗位", "date": datetime.date(2027, 11, 3)})
        )
        with self.assertRaisesRegex(UserError, "R-APP-3"):
            wizard.action_apply()
        wizard.write({"statement": STATEMENT, "statement_name": "说明.pdf"})
        with freeze_time("2027-11-03"):
            wizard.action_apply()
        self.assertEqual(senior_app.state, "withdrawn")
        self.assertEqual(senior_app.withdraw_date, datetime.date(2027, 11, 3))
        self.assertEqual(senior_app.withdraw_reason, "调任其他岗位")
        self.assertTrue(senior_app.withdraw_statement)

        # the documents render in Chinese
        self.activate_chinese()
        report = self.env["ir.actions.report"].with_context(lang="zh_CN")
        html = report._render_qweb_html(
            "mentorship_odoo.report_mentorship_application", cadre_app.ids
        )[0].decode()
        self.assertIn("班级导师申报表", html)
        self.assertIn("学生工作处审核意见", html)
        self.assertIn("张建国", html)
        self.assertIn("2027-2028", html)
        html = report._render_qweb_html(
            "mentorship_odoo.report_mentorship_appointment", confirmation.ids
        )[0].decode()
        self.assertIn("聘任", html)
        self.assertIn("聊技师院发〔2027〕30号", html)
        self.assertIn("张建国", html)
        self.assertIn("机电工程系", html)
        self.assertNotIn("李志强", html)

    def test_rejection_needs_reason_and_notifies(self):
        """R-REV-1: a reviewer's rejection, with its reason, rejects and tells the applicant."""
        app = self.apply(self.senior)
        app.with_user(self.senior.user_id).action_submit()
        self.review(app, self.users["discipline"], approve=False, comment="师德材料不全")
        self.assertEqual(app.state, "rejected")
        self.assertEqual(app.reject_reason, "师德材料不全")
        notified = app.message_ids.filtered(
            lambda m: self.senior.user_id.partner_id in m.partner_ids
        )
        self.assertTrue(notified)
        self.assertIn("师德材料不全", notified[0].body)
        with self.assertRaises(UserError):
            app.with_user(self.users["office"]).action_mark_reviewed()
        # the other tiers no longer wait on a rejected application
        self.assertFalse(app.with_user(self.users["hr"]).can_review)
        self.assertFalse(
            self.env["mentorship.application"]
            .with_user(self.users["office"])
            .search([("can_review", "=", True)])
        )

    def test_office_rejects_with_reason(self):
        app = self.apply(self.senior)
        app.with_user(self.senior.user_id).action_submit()
        office_app = app.with_user(self.users["office"])
        action = office_app.action_reject()
        self.assertEqual(action["context"]["default_mode"], "reject")
        office_app.action_reject(reason="名额已满")
        self.assertEqual(app.state, "rejected")
        with self.assertRaises(AccessError):
            app.with_user(self.users["discipline"]).action_reject(reason="x")

    def test_late_confirmation(self):
        """R-REV-3: after the term started, only an allowed late confirmation is recorded."""
        app = self.apply(self.senior)
        app.with_user(self.senior.user_id).action_submit()
        for role in ("discipline", "hr", "office"):
            self.review(app, self.users[role])
        app.with_user(self.users["office"]).action_mark_reviewed()
        # the term started before today (R-MISC-2 locks dates once staff
        # applied: only the server moves them here)
        self.term.sudo().write(
            {
                "academic_year": "2026-2027",
                "date_start": datetime.date(2026, 9, 1),
                "date_end": datetime.date(2027, 1, 20),
            }
        )
        confirmation = (
            self.env["mentorship.confirmation"]
            .with_user(self.users["office"])
            .create({"term_id": self.term.id, "document_number": "聊技师院发〔2020〕1号"})
        )
        confirmation.action_load_applications()
        self.assertTrue(confirmation.is_late)
        with self.assertRaisesRegex(UserError, "R-REV-3"):
            confirmation.action_done()
        with self.assertRaises(AccessError):
            self.term.with_user(self.users["office"]).allow_late_confirmation = True
        self.term.with_user(self.users["manager"]).allow_late_confirmation = True
        confirmation.action_done()
        self.assertEqual(app.state, "confirmed")
        self.assertIn("R-REV-3", confirmation.message_ids[0].body)
        self.flush_tracking()
        tracked = self.term.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "allow_late_confirmation"
        )
        self.assertTrue(tracked)

    def test_snapshot_at_submission(self):
        """R-APP-1: later HR edits do not rewrite a submitted application."""
        app = self.apply(self.senior)
        app.with_user(self.senior.user_id).action_submit()
        self.senior.write({"mentor_title_level": "junior", "mentor_head_teacher_years": 0})
        app.invalidate_recordset()
        self.assertEqual(app.fact_title_level, "associate_senior")
        self.assertEqual(app.fact_head_teacher_years, 5)
        self.assertTrue(app.eligible)

    def test_draft_facts_follow_hr_until_submission(self):
        app = self.apply(self.young_cadre)
        self.assertFalse(app.eligible)
        self.school_class.head_teacher_id = self.young_cadre
        with self.assertRaisesRegex(UserError, "R-ELIG-5"):
            app.with_user(self.young_cadre.user_id).write({"declare_ethics": False})
            app.with_user(self.young_cadre.user_id).action_submit()
        app.with_user(self.young_cadre.user_id).write({"declare_ethics": True})
        app.with_user(self.young_cadre.user_id).action_submit()
        self.assertTrue(app.fact_is_head_teacher)
        self.assertEqual(app.state, "submitted")

    def test_one_application_per_term(self):
        """R-APP-2: one application per employee per term."""
        self.apply(self.senior)
        with (
            self.assertRaises(IntegrityError) as caught,
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self.apply(self.senior)
            self.env.flush_all()
        self.assertIn("employee_term_unique", str(caught.exception))

    def test_applications_only_while_open(self):
        """R-APP-1: staff apply while the term is open for applications."""
        self.term.with_user(self.users["office"]).action_start_review()
        with self.assertRaisesRegex(UserError, "R-APP-1"):
            self.apply(self.senior)

    def test_failed_last_term_bars(self):
        """R-ELIG-6: a fail in the previous term makes the applicant ineligible."""
        previous = self.env["mentorship.term"].create(
            {
                "academic_year": "2026-2027",
                "term_number": "2",
                "date_start": datetime.date(2027, 2, 20),
                "date_end": datetime.date(2027, 7, 10),
            }
        )
        self.env["mentorship.evaluation"].create(
            {
                "term_id": previous.id,
                "employee_id": self.senior.id,
                "computed_result": "fail",
                "state": "final",
            }
        )
        app = self.apply(self.senior)
        self.assertFalse(app.eligible)
        self.assertIn("R-ELIG-6", app.eligibility_reasons)
        self.assertIn(previous.name, app.eligibility_reasons)
        with self.assertRaisesRegex(UserError, "R-ELIG-6"):
            app.with_user(self.senior.user_id).action_submit()

    def test_term_moves_are_guarded(self):
        with self.assertRaises(AccessError):
            self.term.with_user(self.users["staff"]).action_start_review()
        with self.assertRaises(UserError):
            self.term.with_user(self.users["office"]).action_close()
        self.term.with_user(self.users["office"]).action_start_review()
        self.assertEqual(self.term.state, "review")
        self.flush_tracking()
        states = self.term.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "state"
        )
        self.assertTrue(states)

    def test_policy_picked_by_date_and_locked_in_use(self):
        """R-MISC-2: a term follows the version in force on its first day."""
        newer = self.env["mentorship.policy"].create(
            {"name": "2027 measures", "date_from": datetime.date(2027, 8, 1)}
        )
        later = self.env["mentorship.term"].create(
            {
                "academic_year": "2028-2029",
                "term_number": "1",
                "date_start": datetime.date(2028, 9, 1),
                "date_end": datetime.date(2029, 1, 20),
            }
        )
        self.assertEqual(later.policy_id, newer)
        earlier = self.env["mentorship.term"].create(
            {
                "academic_year": "2025-2026",
                "term_number": "1",
                "date_start": datetime.date(2025, 9, 1),
                "date_end": datetime.date(2026, 1, 20),
            }
        )
        self.assertEqual(earlier.policy_id, self.env.ref("mentorship_odoo.policy_2024"))
        self.term.with_user(self.users["office"]).action_start_review()
        with self.assertRaisesRegex(UserError, "R-MISC-2"):
            self.term.policy_id.cadre_age_limit = 45


@tagged("post_install", "-at_install")
class TestApplicationForm(SelectionCase):
    def test_form_prefills_and_shows_eligibility(self):
        """R-APP-1, R-ELIG-2: the form fills itself from HR and shows eligibility live."""
        user = self.young_cadre.user_id
        form = Form(self.env["mentorship.application"].with_user(user))
        self.assertEqual(form.employee_id, self.young_cadre)
        self.assertEqual(form.term_id, self.term)
        self.assertEqual(form.applicant_name, "李志强")
        self.assertFalse(form.eligible)
        self.assertIn("R-ELIG-2", form.eligibility_reasons)
        form.study_work_history = "2005- 聊城技师学院"
        app = form.save()
        self.assertEqual(app.state, "draft")
        self.assertEqual(app.user_id, user)

    def test_apply_menu_opens_own_application(self):
        user = self.senior.user_id
        action = self.env["mentorship.application"].with_user(user).action_apply()
        self.assertFalse(action["res_id"])
        self.assertEqual(action["context"]["default_term_id"], self.term.id)
        app = self.apply(self.senior)
        action = self.env["mentorship.application"].with_user(user).action_apply()
        self.assertEqual(action["res_id"], app.id)


@tagged("post_install", "-at_install")
class TestReviewDecidedMeanwhile(SelectionCase):
    def test_second_reviewer_of_a_decided_tier_is_told_who_decided(self):
        """R-REV-1: two members of one reviewing group open the same tier; the
        first approves, the second is told the tier was already decided and by
        whom (what the loser of a race sees), and the tier is not decided twice."""
        second = new_test_user(
            self.env,
            login="test_mentorship_discipline_2",
            groups="base.group_user,mentorship_odoo.group_mentorship_reviewer_discipline",
            name="纪委审核人乙",
        )
        application = self.apply(self.senior)
        application.with_user(self.senior.user_id).action_submit()
        discipline = self.env.ref("mentorship_odoo.tier_definition_application_discipline")
        tier = application.sudo().review_ids.filtered(lambda r: r.definition_id == discipline)
        # both open the approval dialog before either decides
        wizards = []
        for user in (self.users["discipline"], second):
            action = application.with_user(user).validate_tier()
            wizards.append(
                self.env["comment.wizard"]
                .with_user(user)
                .with_context(**action["context"])
                .create({"comment": "同意"})
            )
        wizards[0].add_comment()
        self.assertEqual(tier.status, "approved")
        with self.assertRaisesRegex(UserError, "already decided by Test discipline"):
            wizards[1].add_comment()
        self.assertEqual(tier.done_by, self.users["discipline"])
        self.assertEqual(tier.comment, "同意")
