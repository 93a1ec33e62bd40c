import datetime
import xmlrpc.client

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "mentorship_tour")
class TestHandbookTour(HttpCase):
    """R-TASK-4 at a phone's size: a mentor logs a class observation."""

    browser_size = "375x740"
    touch_enabled = True

    def test_log_observation_on_a_phone(self):
        today = fields.Date.context_today(self.env["res.users"])
        start = today.replace(day=1) - datetime.timedelta(days=40)
        year = start.year if start.month >= 7 else start.year - 1
        term = self.env["mentorship.term"].create(
            {
                "academic_year": f"{year}-{year + 1}",
                "term_number": "1",
                "date_start": start,
                "date_end": min(
                    today + datetime.timedelta(days=90), datetime.date(year + 1, 9, 30)
                ),
                "state": "running",
            }
        )
        user = new_test_user(
            self.env, login="mentor_tour", password="mentor_tour", groups="base.group_user"
        )
        mentor = self.env["hr.employee"].create({"name": "Tour Mentor", "user_id": user.id})
        school_class = self.env["school.class"].create(
            {"name": "Tour Class", "code": "TOUR1", "grade_year": start.year}
        )
        assignment = self.env["mentorship.assignment"].create(
            {
                "term_id": term.id,
                "employee_id": mentor.id,
                "class_id": school_class.id,
                "date_start": term.date_start,
                "date_end": term.date_end,
            }
        )
        action = self.env.ref("mentorship_odoo.mentorship_assignment_action_my")
        self.start_tour(
            f"/odoo/action-{action.id}",
            "mentorship_log_observation_tour",
            login="mentor_tour",
        )
        observations = assignment.log_ids.filtered(lambda log: log.task_code == "observation")
        self.assertEqual(len(observations), 1)
        self.assertEqual(observations.date, today)
        self.assertEqual(observations.lesson, "Databases, Mr Li")


@tagged("post_install", "-at_install", "mentorship_tour")
class TestExternalApiReplay(HttpCase):
    """roles.md over the real external API: what a curious staff member,
    department user or officer sends over XML-RPC changes nothing and gets a
    clean Chinese error (Odoo's warning or access fault, never a traceback)."""

    def setUp(self):
        super().setUp()
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "=", "mentorship_odoo")]
        )._update_translations(["zh_CN"], overwrite=True)
        self.logins = {}
        for role, groups in (
            ("staff", "base.group_user"),
            ("department", "base.group_user,mentorship_odoo.group_mentorship_department"),
            ("office", "base.group_user,mentorship_odoo.group_mentorship_office"),
            (
                "discipline",
                "base.group_user,mentorship_odoo.group_mentorship_reviewer_discipline",
            ),
        ):
            user = new_test_user(
                self.env, login=f"rpc_{role}", password=f"rpc_{role}_pw", groups=groups
            )
            user.lang = "zh_CN"
            self.logins[role] = user
        self.employee = self.env["hr.employee"].create(
            {
                "name": "王晓明",
                "user_id": self.logins["staff"].id,
                "mentor_title_level": "senior",
                "mentor_head_teacher_years": 5,
            }
        )
        today = fields.Date.context_today(self.env["res.users"])
        year = today.year if today.month >= 7 else today.year - 1
        self.term = self.env["mentorship.term"].create(
            {
                "academic_year": f"{year + 1}-{year + 2}",
                "term_number": "1",
                "date_start": datetime.date(year + 1, 9, 1),
                "date_end": datetime.date(year + 2, 1, 20),
            }
        )
        self.term.sudo().state = "application"
        self.application = (
            self.env["mentorship.application"]
            .with_user(self.logins["staff"])
            .create({"term_id": self.term.id, "five_education_specialty": "labour"})
        )

    def call(self, role, model, method, args, kwargs=None):
        user = self.logins[role]
        kwargs = dict(kwargs or {})
        # like the web client, an API client sends the user's language
        kwargs["context"] = {"lang": "zh_CN", **kwargs.get("context", {})}
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, user.id, f"rpc_{role}_pw", model, method, args, kwargs
        )

    def test_hostile_calls_are_refused_cleanly(self):
        app = self.application.id
        lifted = {"context": {"mentorship_workflow": True, "skip_validation_check": True}}
        calls = [
            ("staff", "mentorship.application", "write", [[app], {"state": "confirmed"}], lifted),
            ("staff", "mentorship.application", "write", [[app], {"fact_age": 30}], None),
            ("staff", "mentorship.application", "write", [[app], {"employee_id": 1}], None),
            ("staff", "mentorship.application", "write", [[app], {"applicant_name": "x" * 10**6}],
             None),
            ("staff", "mentorship.application", "write", [[app], {"no_such_field": 1}], None),
            ("staff", "mentorship.application", "action_withdraw", [[app]],
             {"reason": "调任", "statement": "not base64!!"}),
            ("staff", "mentorship.application", "action_reject", [[app]], {"reason": ["x"]}),
            ("staff", "tier.review", "create",
             [{"model": "mentorship.application", "res_id": app, "status": "approved"}], None),
            ("staff", "mentorship.term", "write", [[self.term.id], {"state": "closed"}], lifted),
            ("office", "mentorship.term", "write", [[self.term.id], {"state": "closed"}], lifted),
            ("office", "mentorship.term", "write", [[self.term.id], {"term_number": "3"}], None),
            ("office", "mentorship.evaluation", "create",
             [{"term_id": self.term.id, "employee_id": self.employee.id, "state": "final"}],
             None),
            ("discipline", "mentorship.application", "validate_tier", [[app]], None),
            ("discipline", "tier.review", "create",
             [{"model": "mentorship.application", "res_id": app, "status": "approved"}], None),
            ("discipline", "mentorship.application", "write", [[app], {"sao_opinion": "同意"}],
             lifted),
            ("department", "school.class", "create",
             [{"name": "x", "code": "X1", "grade_year": -5}], None),
        ]  # fmt: skip
        for role, model, method, args, kwargs in calls:
            with self.subTest(role=role, model=model, method=method, args=str(args)[:60]):
                with self.assertRaises(xmlrpc.client.Fault) as caught:
                    self.call(role, model, method, args, kwargs)
                fault = caught.exception
                # 2: Odoo's warning (UserError, ValidationError), 4: access error
                self.assertIn(fault.faultCode, (2, 4), fault.faultString[:300])
                self.assertNotIn("Traceback", fault.faultString)
                self.assertRegex(fault.faultString, "[\u4e00-\u9fff]")
        self.application.invalidate_recordset()
        self.assertEqual(self.application.state, "draft")
        self.assertEqual(self.application.employee_id, self.employee)
        self.assertEqual(self.term.state, "application")
        self.assertFalse(self.env["mentorship.evaluation"].search([]))
        self.assertFalse(self.env["tier.review"].search([("model", "=", "mentorship.application")]))


@tagged("post_install", "-at_install", "mentorship_tour")
class TestEvaluationShortLink(HttpCase):
    """R-EVAL-3: the short link printed on a slip opens that code's questionnaire."""

    def test_short_link_opens_the_code(self):
        today = fields.Date.context_today(self.env["res.users"])
        year = today.year if today.month >= 7 else today.year - 1
        term = self.env["mentorship.term"].create(
            {
                "academic_year": f"{year}-{year + 1}",
                "term_number": "1",
                "date_start": datetime.date(year, 9, 1),
                "date_end": datetime.date(year + 1, 1, 20),
            }
        )
        term.sudo().state = "evaluation"
        department = self.env["hr.department"].create({"name": "信息工程系"})
        user = new_test_user(
            self.env,
            login="link_department",
            groups="base.group_user,mentorship_odoo.group_mentorship_department",
        )
        self.env["hr.employee"].create(
            {"name": "系部秘书", "user_id": user.id, "department_id": department.id}
        )
        school_class = self.env["school.class"].create(
            {"name": "链接班", "code": "LINK1", "grade_year": year, "department_id": department.id}
        )
        self.env["school.student"].create(
            [
                {"name": f"学生{i}", "student_number": f"L{i}", "class_id": school_class.id}
                for i in range(3)
            ]
        )
        evaluation = (
            self.env["mentorship.student.evaluation"]
            .with_user(user)
            .create({"term_id": term.id, "class_id": school_class.id})
        )
        evaluation.action_issue_codes()
        slip = evaluation._codes()[0]
        self.assertTrue(slip["url"].endswith(f"/e/{slip['code']}"))
        response = self.url_open(f"/e/{slip['code']}", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("answer_token=", response.headers["Location"])
        self.assertEqual(self.url_open("/e/00000000", allow_redirects=False).status_code, 404)
        self.assertEqual(self.url_open("/e/not-a-code", allow_redirects=False).status_code, 404)
