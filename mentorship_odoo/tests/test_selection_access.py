import datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import SelectionCase


@tagged("post_install", "-at_install")
class TestSelectionAccess(SelectionCase):
    def test_staff_never_read_others_applications(self):
        """Roles: staff never read another staff member's application."""
        app = self.apply(self.senior)
        other = self.cadre.user_id
        with self.assertRaises(AccessError):
            app.with_user(other).read(["applicant_name"])
        self.assertFalse(
            self.env["mentorship.application"].with_user(other).search([("id", "=", app.id)])
        )
        self.assertEqual(app.with_user(self.senior.user_id).applicant_name, "王芳")
        # reviewers do not see drafts
        with self.assertRaises(AccessError):
            app.with_user(self.users["discipline"]).read(["applicant_name"])
        app.with_user(self.senior.user_id).action_submit()
        app.with_user(self.users["discipline"]).read(["applicant_name"])
        app.with_user(self.users["president"]).read(["applicant_name"])

    def test_staff_never_read_eligibility_facts(self):
        """Roles: staff never read another staff member's eligibility facts."""
        employee = self.env["hr.employee"].with_user(self.cadre.user_id).browse(self.senior.id)
        with self.assertRaises(AccessError):
            employee.read(["mentor_title_level"])
        hr_officer = new_test_user(self.env, login="test_hr_officer", groups="hr.group_hr_user")
        self.assertEqual(self.senior.with_user(hr_officer).mentor_title_level, "associate_senior")
        # officers see the facts on the application, as taken from HR
        app = self.apply(self.senior)
        self.assertEqual(app.with_user(self.users["office"]).fact_title_level, "associate_senior")

    def test_staff_apply_only_for_themselves(self):
        with self.assertRaises(AccessError):
            self.env["mentorship.application"].with_user(self.senior.user_id).create(
                {"state": "confirmed"}
            )
        with self.assertRaises(AccessError):
            self.env["mentorship.application"].with_user(self.cadre.user_id).create(
                {"employee_id": self.senior.id}
            )

    def test_staff_cannot_approve_tiers(self):
        """Roles: a tier is approved only by a member of its group."""
        app = self.apply(self.senior)
        app.with_user(self.senior.user_id).action_submit()
        staff = self.users["staff"]
        with self.assertRaises(AccessError):
            app.with_user(staff).validate_tier()
        review = app.review_ids[0]
        with self.assertRaises(AccessError):
            review.with_user(staff).write({"status": "approved"})
        with self.assertRaises(AccessError):
            app.with_user(self.users["discipline"]).review_ids.filtered(
                lambda r: r.reviewer_group_id.id
                == self.env.ref("mentorship_odoo.group_mentorship_reviewer_hr").id
            ).write({"status": "approved"})
        self.assertEqual(app.validation_status, "pending")

    def test_reviewer_cannot_review_own_application(self):
        """Roles: nobody approves a review tier of their own application."""
        reviewer = new_test_user(
            self.env,
            login="test_office_applicant",
            groups="base.group_user,mentorship_odoo.group_mentorship_office",
            name="赵敏",
        )
        employee = self.env["hr.employee"].create(
            {
                "name": "赵敏",
                "user_id": reviewer.id,
                "mentor_title_level": "senior",
                "mentor_head_teacher_years": 8,
            }
        )
        app = self.apply(employee)
        app.with_user(reviewer).action_submit()
        self.assertNotIn(reviewer, app.review_ids.reviewer_ids)
        self.assertFalse(app.with_user(reviewer).can_review)
        with self.assertRaises(AccessError):
            app.with_user(reviewer).validate_tier()
        with self.assertRaises(AccessError):
            app.with_user(reviewer).review_ids.write({"status": "approved"})
        # another officer reviews the SAO tier
        self.review(app, self.users["office"])
        self.assertIn(
            "approved",
            app.review_ids.filtered(lambda r: self.users["office"] in r.done_by).mapped("status"),
        )

    def test_staff_cannot_change_submitted_application(self):
        app = self.apply(self.senior)
        app.with_user(self.senior.user_id).action_submit()
        with self.assertRaises(UserError):
            app.with_user(self.senior.user_id).write({"achievements": "改写"})
        with self.assertRaises(AccessError):
            app.with_user(self.senior.user_id).write({"state": "confirmed"})
        with self.assertRaises(UserError):
            app.with_user(self.senior.user_id).unlink()

    def test_multi_company(self):
        """Roles: a company's records are invisible to users of another company."""
        other_company = self.env["res.company"].create({"name": "另一学院"})
        outsider = new_test_user(
            self.env,
            login="test_other_company_office",
            groups="base.group_user,mentorship_odoo.group_mentorship_office",
            company_id=other_company.id,
            company_ids=[(6, 0, other_company.ids)],
        )
        app = self.apply(self.senior)
        Application = self.env["mentorship.application"].with_user(outsider)
        self.assertFalse(Application.search([("id", "=", app.id)]))
        self.assertFalse(
            self.env["mentorship.term"].with_user(outsider).search([("id", "=", self.term.id)])
        )

    def test_president_reads_but_does_not_edit(self):
        app = self.apply(self.senior)
        app.with_user(self.senior.user_id).action_submit()
        president = self.users["president"]
        self.assertTrue(app.with_user(president).applicant_name)
        with self.assertRaises(AccessError):
            self.term.with_user(president).write({"date_end": datetime.date(2028, 1, 31)})
        with self.assertRaises(AccessError):
            app.with_user(president).action_mark_reviewed()

    def test_screens_load_for_each_role(self):
        """Every screen of the selection opens for the roles that use it."""
        screens = {
            "mentorship.application": ("staff", "discipline", "hr", "office", "president"),
            "mentorship.term": ("office", "president", "manager"),
            "mentorship.confirmation": ("office", "president"),
            "mentorship.policy": ("manager",),
            "school.class": ("manager",),
        }
        for model, roles in screens.items():
            for role in roles:
                views = (
                    self.env[model]
                    .with_user(self.users[role])
                    .get_views([(False, "form"), (False, "list"), (False, "search")])
                )
                self.assertIn("form", views["views"], f"{model} for {role}")
        # the three review tiers are injected into the application form
        arch = self.env["mentorship.application"].get_views([(False, "form")])["views"]["form"][
            "arch"
        ]
        arch = arch.decode() if isinstance(arch, bytes) else arch
        self.assertIn("validate_tier", arch)
        self.assertIn("reject_tier", arch)
