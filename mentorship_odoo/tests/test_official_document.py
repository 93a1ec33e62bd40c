"""The appointment document as an official document (GB/T 9704-2012) and
its numbering (R-REV-2): one sequence per year and company, assigned when the
document is issued, never used twice."""

import datetime

from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import MentorshipCase

D = datetime.date


@tagged("post_install", "-at_install")
class TestOfficialDocument(MentorshipCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {
                "name": "聊城技师学院",
                "mentorship_document_code": "聊技师院发",
                "mentorship_copy_to": "院领导，各系、处室",
                "mentorship_printing_office": "学生工作处",
            }
        )
        cls.department = cls.env["hr.department"].create({"name": "信息工程系"})
        cls.terms = cls.env["mentorship.term"].create(
            [
                {
                    "academic_year": f"{year}-{year + 1}",
                    "term_number": "1",
                    "date_start": D(year, 9, 1),
                    "date_end": D(year + 1, 1, 20),
                    "state": "review",
                }
                for year in (2031, 2032)
            ]
        )

    def confirmation(self, term, document_date, name="导师甲", number=None):
        employee = self.env["hr.employee"].create(
            {"name": name, "department_id": self.department.id, "job_title": "副教授"}
        )
        app = (
            self.env["mentorship.application"]
            .sudo()
            .create({"employee_id": employee.id, "term_id": term.id, "state": "reviewed"})
        )
        values = {
            "term_id": term.id,
            "meeting_date": document_date,
            "document_date": document_date,
            "line_ids": [(0, 0, {"application_id": app.id})],
        }
        if number:
            values["document_number"] = number
        office = self.users["office"]
        confirmation = self.env["mentorship.confirmation"].with_user(office).create(values)
        if not number:
            self.assertFalse(confirmation.document_number, "no number before issuing")
        confirmation.action_done()
        return confirmation

    def test_r_rev_2_numbers_per_year_assigned_at_issue(self):
        """R-REV-2: the document number comes from the company's sequence of
        the document's year when it is issued: 1, 2 in 2031, 1 again in 2032;
        a number given by hand is skipped, never reused."""
        first = self.confirmation(self.terms[0], D(2031, 8, 10), "导师甲")
        second = self.confirmation(self.terms[0], D(2031, 8, 12), "导师乙")
        self.confirmation(self.terms[1], D(2031, 8, 14), "导师丙", number="聊技师院发〔2031〕3号")
        fourth = self.confirmation(self.terms[0], D(2031, 8, 16), "导师丁")
        next_year = self.confirmation(self.terms[1], D(2032, 8, 10), "导师戊")
        self.assertEqual(
            [first.document_number, second.document_number, fourth.document_number],
            ["聊技师院发〔2031〕1号", "聊技师院发〔2031〕2号", "聊技师院发〔2031〕4号"],
        )
        self.assertEqual(next_year.document_number, "聊技师院发〔2032〕1号")

    def test_r_rev_2_numbers_unique_per_company(self):
        """R-REV-2: another college numbers its own documents from 1; within a
        company a number exists once (database constraint)."""
        mine = self.confirmation(self.terms[0], D(2031, 8, 10))
        other = self.env["res.company"].create(
            {"name": "外校技师学院", "mentorship_document_code": "外技院发"}
        )
        self.users["office"].company_ids |= other
        self.env.user.company_ids |= other
        term = self.env["mentorship.term"].create(
            {
                "academic_year": "2031-2032",
                "term_number": "1",
                "date_start": D(2031, 9, 1),
                "date_end": D(2032, 1, 20),
                "state": "review",
                "company_id": other.id,
            }
        )
        employee = self.env["hr.employee"].create({"name": "外校导师", "company_id": other.id})
        app = (
            self.env["mentorship.application"]
            .sudo()
            .create({"employee_id": employee.id, "term_id": term.id, "state": "reviewed"})
        )
        theirs = (
            self.env["mentorship.confirmation"]
            .with_user(self.users["office"])
            .with_company(other)
            .create(
                {
                    "term_id": term.id,
                    "meeting_date": D(2031, 8, 10),
                    "document_date": D(2031, 8, 10),
                    "line_ids": [(0, 0, {"application_id": app.id})],
                }
            )
        )
        theirs.action_done()
        self.assertEqual(mine.document_number, "聊技师院发〔2031〕1号")
        self.assertEqual(theirs.document_number, "外技院发〔2031〕1号")
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["mentorship.confirmation"].sudo().create(
                {"term_id": self.terms[1].id, "document_number": mine.document_number}
            )

    def test_r_rev_2_document_in_official_layout(self):
        """R-REV-2: the appointment document as rendered for the PDF has the
        red issuing-authority header with the college's name, the number with
        〔〕 and 号, the title, the decision of the meeting, the list and the
        imprint (版记) with copy-to, printing office and date."""
        confirmation = self.confirmation(self.terms[0], D(2031, 8, 10), "张三丰")
        html = (
            self.env["ir.actions.report"]
            .with_user(self.users["office"])
            ._render_qweb_html(
                "mentorship_odoo.action_report_mentorship_appointment", confirmation.ids
            )[0]
            .decode()
        )
        self.assertIn("聊城技师学院</span>文件", html)
        self.assertIn('class="o_gw_authority"', html)
        self.assertIn("聊技师院发〔2031〕1号", html)
        self.assertIn("o_gw_red_line", html)
        self.assertIn("关于聘任", html)
        self.assertIn("经<span>2031年8月10日</span>院长办公会研究决定", html)
        self.assertIn("张三丰", html)
        self.assertIn("抄送：<span>院领导，各系、处室</span>。", html)
        self.assertIn("学生工作处", html)
        self.assertIn("<span>2031年8月10日</span>印发", html)
        self.assertIn("Noto Serif CJK SC", html)
