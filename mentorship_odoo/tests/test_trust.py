"""Guards hold whatever a caller sends: context keys, field values, ids."""

import datetime
import html
import pathlib
import re

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import STATEMENT, SelectionCase
from .test_evaluation import EvaluationCase
from .test_handbook import HandbookCase

D = datetime.date
# AccessError and ValidationError are both UserErrors: a clean refusal
REFUSED = UserError
ADDON = pathlib.Path(__file__).resolve().parent.parent

# Every context key the addon or its review engine ever read to skip a
# check, and the defaults a client could preset.
CONTEXT_KEYS = {
    "mentorship_workflow": True,
    "mentorship_reopen": True,
    "mentorship_ranking_refresh": True,
    "skip_validation_check": True,
    "skip_check_state_condition": True,
    "tier_validation_defer_compute_can_review": True,
    "tracking_disable": True,
    "install_mode": True,
    "import_file": True,
    "active_test": False,
    "default_state": "final",
}


@tagged("post_install", "-at_install")
class TestNoContextLiftsAGuard(EvaluationCase):
    """roles.md: no client-supplied context key ever lifts a guard."""

    def _guarded_calls(self):
        """Each a write or action that must be refused, as the role that
        would try it, given the context the caller sends."""
        office, mentor = self.users["office"], self.mentor_a
        evaluations = self.env["mentorship.evaluation"].search([("term_id", "=", self.term.id)])
        final, computed = evaluations[:1], evaluations[1:]
        final.sudo().state = "final"
        ranking = self.env["school.class.ranking"].search([("term_id", "=", self.term.id)])[:1]
        closed_ranking = self.env["school.class.ranking"].search(
            [("term_id", "=", self.previous.id)]
        )[:1]
        entry = self.assignment_a.log_ids[:1]
        department = self.department_user

        def as_user(records, user, ctx):
            return records.with_user(user).with_context(**ctx)

        return [
            ("office overrides a final grade", lambda ctx: as_user(final, office, ctx).write(
                {"override_result": "pass", "override_reason": "x"})),
            ("office reopens a grade twice", lambda ctx: as_user(computed, office, ctx)
                .action_reopen()),
            ("office writes a computed result", lambda ctx: as_user(computed, office, ctx).write(
                {"computed_result": "pass"})),
            ("office moves a term back", lambda ctx: as_user(self.term, office, ctx).write(
                {"state": "running"})),
            ("department rewrites a closed term's ranking", lambda ctx: as_user(
                closed_ranking, department, ctx).write({"rank_grade": 1})),
            ("department writes a derived size", lambda ctx: as_user(
                ranking, department, ctx).write({"grade_size": 9})),
            ("mentor writes a submitted handbook", lambda ctx: as_user(entry, mentor, ctx).write(
                {"note": "改写"})),
            ("office edits a mentor's entry", lambda ctx: as_user(entry, office, ctx).write(
                {"note": "改写"})),
            ("mentor reopens own handbook", lambda ctx: as_user(
                self.assignment_a, mentor, ctx).write({"handbook_state": "open"})),
            ("office creates an evaluation", lambda ctx: as_user(
                self.env["mentorship.evaluation"], office, ctx).create(
                {"term_id": self.term.id, "employee_id": self.assignment_a.employee_id.id})),
        ]  # fmt: skip

    def test_guards_refuse_with_every_context_key(self):
        self.prepare_term()
        self.env["school.class.ranking"].sudo().create(
            {
                "term_id": self.previous.id,
                "class_id": self.class_a.id,
                "rank_department": 1,
                "rank_grade": 1,
            }
        ) if not self.env["school.class.ranking"].search(
            [("term_id", "=", self.previous.id)]
        ) else None
        self.term.with_user(self.users["office"]).action_compute_grades()
        self.assignment_a.sudo().handbook_state = "submitted"
        calls = self._guarded_calls()
        checked = 0
        for label, call in calls:
            for key, value in [(None, None), *CONTEXT_KEYS.items()]:
                with self.subTest(call=label, key=key):
                    with self.env.cr.savepoint(), self.assertRaises(REFUSED):
                        call({key: value} if key else {})
                    checked += 1
        self.assertEqual(checked, len(calls) * (len(CONTEXT_KEYS) + 1))

    def test_default_state_in_context_is_ignored(self):
        """A ``default_state`` sent with a create never presets a workflow state."""
        office = self.users["office"]
        term = (
            self.env["mentorship.term"]
            .with_user(office)
            .with_context(default_state="closed")
            .create(
                {
                    "academic_year": "2031-2032",
                    "term_number": "1",
                    "date_start": D(2031, 9, 1),
                    "date_end": D(2032, 1, 20),
                }
            )
        )
        self.assertEqual(term.state, "draft")

    def test_no_context_key_decides_a_guard(self):
        """The addon's code reads no context key of its own to skip a check."""
        pattern = re.compile(r"\.context\.get\(|\._context\b|\.context\[")
        offenders = []
        for path in ADDON.rglob("*.py"):
            if "tests" in path.parts:
                continue
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if pattern.search(line):
                    offenders.append(f"{path.relative_to(ADDON)}:{number}: {line.strip()}")
        self.assertEqual(offenders, [])


@tagged("post_install", "-at_install")
class TestTierTrust(SelectionCase):
    """roles.md: review tiers change only through approve/reject by a member
    of the tier's group; nobody reviews their own application."""

    def submitted(self, employee=None):
        app = self.apply(employee or self.senior)
        app.with_user(app.employee_id.user_id).action_submit()
        return app

    def test_tiers_cannot_be_forged(self):
        app = self.submitted()
        staff = self.senior.user_id
        Review = self.env["tier.review"].with_user(staff)
        review = app.sudo().review_ids[:1]
        forged = [
            lambda: Review.create(
                {"model": app._name, "res_id": app.id, "status": "approved",
                 "definition_id": review.definition_id.id}),
            lambda: review.with_user(staff).write({"status": "approved"}),
            lambda: review.with_user(self.users["office"]).write({"res_id": app.id + 1}),
            lambda: review.with_user(self.users["office"]).unlink(),
            lambda: app.with_user(staff).restart_validation(reason="重来"),
            lambda: app.with_user(staff).request_validation(),
            lambda: app.with_user(staff).write({"review_ids": [(5, 0, 0)]}),
        ]  # fmt: skip
        for index, call in enumerate(forged):
            with self.subTest(index=index), self.assertRaises(REFUSED):
                call()
        self.assertEqual(set(app.sudo().review_ids.mapped("status")), {"pending"})

    def test_applicant_reads_own_reviews_only(self):
        app = self.submitted()
        own = (
            self.env["tier.review"]
            .with_user(self.senior.user_id)
            .search([("model", "=", app._name)])
        )
        self.assertEqual(own, app.sudo().review_ids)
        other = (
            self.env["tier.review"]
            .with_user(self.cadre.user_id)
            .search([("model", "=", app._name)])
        )
        self.assertFalse(other)
        reviewer = (
            self.env["tier.review"]
            .with_user(self.users["discipline"])
            .search([("model", "=", app._name)])
        )
        self.assertEqual(reviewer, app.sudo().review_ids)

    def test_self_review_rests_on_the_employee(self):
        """An officer cannot approve the SAO tier of their own application,
        whatever the user field says."""
        officer = self.users["office"]
        employee = self.env["hr.employee"].create(
            {
                "name": "赵敏",
                "user_id": officer.id,
                "mentor_title_level": "senior",
                "mentor_head_teacher_years": 8,
            }
        )
        app = self.submitted(employee)
        with self.assertRaises(AccessError):
            app.with_user(officer).write({"user_id": False})
        with self.assertRaises(AccessError):
            self.review(app, officer)
        self.assertNotIn(officer, app.sudo().review_ids.reviewer_ids)

    def test_managers_review_through_implied_groups(self):
        """A programme administrator decides the SAO tier (implied group)."""
        app = self.submitted()
        self.review(app, self.users["manager"], comment="同意推荐")
        office_tier = app.sudo().review_ids.filtered(
            lambda r: r.definition_id
            == self.env.ref("mentorship_odoo.tier_definition_application_office")
        )
        self.assertEqual(office_tier.status, "approved")
        self.assertEqual(app.sao_opinion, "同意推荐")

    def test_forged_review_ids_in_the_wizard_are_ignored(self):
        """The comment wizard's review ids come from the client: a reviewer
        decides only their own tier."""
        app = self.submitted()
        discipline = self.users["discipline"]
        action = app.with_user(discipline).validate_tier()
        context = dict(action["context"], default_review_ids=app.sudo().review_ids.ids)
        wizard = (
            self.env["comment.wizard"]
            .with_user(discipline)
            .with_context(**context)
            .create({"comment": "同意"})
        )
        wizard.add_comment()
        approved = app.sudo().review_ids.filtered(lambda r: r.status == "approved")
        self.assertEqual(len(approved), 1)
        self.assertEqual(
            approved.definition_id,
            self.env.ref("mentorship_odoo.tier_definition_application_discipline"),
        )

    def test_restart_needs_an_officer_and_a_reason(self):
        app = self.submitted()
        self.review(app, self.users["discipline"])
        action = app.with_user(self.users["office"]).restart_validation()
        self.assertEqual(action["res_model"], "mentorship.application.reason")
        app.with_user(self.users["office"]).restart_validation(reason="材料补充后重新审核")
        self.assertEqual(set(app.sudo().review_ids.mapped("status")), {"pending"})
        self.assertIn("材料补充后重新审核", app.message_ids[0].body)

    def test_onchange_does_not_leak_a_colleagues_facts(self):
        """Facts are computed only for the applicant, reviewers and officers."""
        form = Form(self.env["mentorship.application"].with_user(self.cadre.user_id))
        form.employee_id = self.senior
        self.assertFalse(form.birth_month)
        self.assertEqual(form.fact_title_level, "none")
        self.assertEqual(form.fact_age, 0)

    def test_withdrawal_input(self):
        """R-APP-3: the statement is a file and the leaving date makes sense."""
        app = self.apply(self.senior).with_user(self.senior.user_id)
        for kwargs in (
            {"reason": "调任", "statement": "not base64!!"},
            {"reason": "调任", "statement": STATEMENT, "date": "9999-12-31"},
            {"reason": ["调任"], "statement": STATEMENT},
        ):
            with self.subTest(kwargs=kwargs), self.assertRaises(ValidationError):
                app.action_withdraw(**kwargs)
        self.assertEqual(app.state, "draft")


@tagged("post_install", "-at_install")
class TestCodesAndScope(HandbookCase):
    """roles.md: codes are seen only by the issuing department; department
    users act on their own departments only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.department_user = cls.users["department"]
        cls.env["hr.employee"].create(
            {
                "name": "系部秘书",
                "user_id": cls.department_user.id,
                "department_id": cls.class_a.department_id.id,
            }
        )
        cls.term.sudo().state = "evaluation"
        cls.evaluation = (
            cls.env["mentorship.student.evaluation"]
            .with_user(cls.department_user)
            .create({"term_id": cls.term.id, "class_id": cls.class_a.id})
        )
        cls.evaluation.action_issue_codes()

    def test_codes_only_for_the_issuing_department(self):
        report = self.env["ir.actions.report"]
        name = "mentorship_odoo.report_student_evaluation_codes"
        html = report.with_user(self.department_user)._render_qweb_html(name, self.evaluation.ids)
        self.assertIn(self.evaluation.sudo()._codes()[0]["code"], str(html[0]))
        for user in (self.mentor_a, self.head_user, self.users["president"], self.users["office"]):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                report.with_user(user)._render_qweb_html(name, self.evaluation.ids)

    def test_department_head_teacher_cannot_write_other_classes(self):
        """A department user who heads a class elsewhere only reads it."""
        other_department = self.env["hr.department"].create({"name": "机电工程系"})
        self.class_b.sudo().write(
            {
                "head_teacher_id": self.department_user.employee_ids[:1].id,
                "department_id": other_department.id,
            }
        )
        evaluation_b = (
            self.env["mentorship.student.evaluation"]
            .sudo()
            .create({"term_id": self.term.id, "class_id": self.class_b.id})
        )
        with self.assertRaises(AccessError):
            evaluation_b.with_user(self.department_user).write({"note": "x"})
        with self.assertRaises(AccessError):
            evaluation_b.with_user(self.department_user).action_refresh()

    def test_companies_never_mix(self):
        """Multi-company: no record is moved to, or linked with, another
        company's records."""
        other = self.env["res.company"].create({"name": "另一所学院"})
        stranger = self.env["hr.employee"].create({"name": "外校教师", "company_id": other.id})
        office = self.users["office"]
        with self.assertRaises(REFUSED):
            self.class_a.with_user(office).write({"company_id": other.id})
        with self.assertRaises(REFUSED):
            self.class_a.with_user(office).write({"head_teacher_id": stranger.id})
        with self.assertRaises(REFUSED):
            self.term.with_user(office).write({"company_id": other.id})


@tagged("post_install", "-at_install")
class TestStoredFactsRenderedWords(EvaluationCase):
    """Grades' reasons and term names are stored as facts and rendered in
    the reader's language."""

    def test_reasons_follow_the_reader(self):
        self.activate_chinese()
        self.prepare_term()
        self.term.with_user(self.users["office"]).with_context(lang="en_US").action_compute_grades()
        failing = self.env["mentorship.evaluation"].search(
            [("term_id", "=", self.term.id), ("computed_result", "=", "fail")]
        )
        self.assertTrue(failing.reason_data)
        english = failing.with_context(lang="en_US").reasons
        chinese = failing.with_context(lang="zh_CN").reasons
        self.assertNotEqual(english, chinese)
        self.assertIn("R-", chinese)
        self.assertTrue(re.search(r"[\u4e00-\u9fff]", chinese))

    def test_term_name_follows_the_reader(self):
        self.activate_chinese()
        term = (
            self.env["mentorship.term"]
            .with_user(self.users["office"])
            .with_context(lang="en_US")
            .create(
                {
                    "academic_year": "2030-2031",
                    "term_number": "2",
                    "date_start": D(2031, 2, 20),
                    "date_end": D(2031, 7, 10),
                }
            )
        )
        self.assertIn("Second Term", term.with_context(lang="en_US").name)
        self.assertIn("第二学期", term.with_context(lang="zh_CN").name)


@tagged("post_install", "-at_install")
class TestTitlePointsExport(EvaluationCase):
    def test_export_uses_the_staff_number_never_the_national_id(self):
        self.prepare_term()
        office = self.users["office"]
        self.term.with_user(office).action_compute_grades()
        employee = self.assignment_a.employee_id.sudo()
        employee.write({"barcode": "20190012", "identification_id": "370102199001011234"})
        self.term.with_user(office).action_report_grades()
        self.term.with_user(office).action_finalize_grades()
        evaluations = self.env["mentorship.evaluation"].search([("term_id", "=", self.term.id)])
        content, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.hr_user)
            ._render("mentorship_odoo.action_report_title_points_xlsx", evaluations.ids)
        )
        self.assertIn(b"20190012", _unzipped(content))
        self.assertNotIn(b"370102199001011234", _unzipped(content))


def _unzipped(content):
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


# keep the user factory imported for helpers that subclass these cases
__all__ = ["new_test_user"]


@tagged("post_install", "-at_install")
class TestReviewInbox(SelectionCase):
    """Journeys: a reviewer finds the review in their inbox, in Chinese."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.activate_chinese()

    def test_reviewers_get_a_todo_and_the_banner_speaks_chinese(self):
        app = self.apply(self.senior)
        app.with_user(self.senior.user_id).action_submit()
        activities = app.sudo().activity_ids
        discipline = self.users["discipline"]
        self.assertIn(discipline, activities.user_id)
        # reviewers get a to-do, not an e-mail that fails without a mail server
        self.assertFalse(
            app.sudo().message_ids.notification_ids.filtered(
                lambda n: n.notification_type == "email"
            )
        )
        self.assertNotIn(self.senior.user_id, activities.user_id)
        arch = (
            app.with_user(discipline).with_context(lang="zh_CN").get_view(view_type="form")["arch"]
        )
        arch = html.unescape(arch.decode() if isinstance(arch, bytes) else arch)
        for english in ("Validate", "Restart Validation", "Todo by", "Operation has been"):
            self.assertNotIn(english, arch)
        self.assertIn("同意", arch)  # the approve button
        message = app.with_user(discipline).with_context(lang="zh_CN").to_validate_message
        self.assertIn("请您审核", message)
        self.assertIn("院纪委", message)
        self.review(app, discipline)
        self.assertNotIn(discipline, app.sudo().activity_ids.user_id)
        self.assertIn(self.users["hr"], app.sudo().activity_ids.user_id)
