from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import MentorshipCase

TASK_CODES = {
    "class_meeting",
    "attended_meeting",
    "student_pairing",
    "talk",
    "dormitory",
    "observation",
    "activity",
    "summary",
    "other",
}


@tagged("post_install", "-at_install")
class TestTaskType(MentorshipCase):
    def test_default_task_types_exist(self):
        """The published task type codes ship as data (interface)."""
        codes = set(self.env["mentorship.task.type"].search([]).mapped("code"))
        self.assertLessEqual(TASK_CODES, codes)

    def test_task_types_read_in_chinese(self):
        """Staff reading in zh_CN see the glossary's names."""
        self.activate_chinese()
        types = self.env["mentorship.task.type"].with_user(self.users["staff"])
        names = {t.code: t.name for t in types.with_context(lang="zh_CN").search([])}
        self.assertEqual(names["class_meeting"], "专题教育班会")
        self.assertEqual(names["observation"], "推门听课")
        self.assertEqual(names["summary"], "工作总结")

    def test_only_administrators_edit_task_types(self):
        observation = self.env.ref("mentorship_odoo.task_type_observation")
        for role in ("staff", "office", "president"):
            with self.assertRaises(AccessError):
                observation.with_user(self.users[role]).write({"name": "x"})
        observation.with_user(self.users["manager"]).write({"sequence": 61})
        self.assertEqual(observation.sequence, 61)

    def test_code_is_unique(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.env["mentorship.task.type"].create({"name": "Dup", "code": "talk"})
