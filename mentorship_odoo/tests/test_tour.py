import datetime

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
        term = self.env["mentorship.term"].create(
            {
                "academic_year": f"{start.year}-{start.year + 1}",
                "term_number": "1",
                "date_start": start,
                "date_end": today + datetime.timedelta(days=90),
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
