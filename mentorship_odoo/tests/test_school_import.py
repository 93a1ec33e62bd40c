import csv
import datetime
import io

from odoo.tests import tagged
from odoo.tools import file_open, mute_logger

from .common import MentorshipCase


def read_csv(path):
    with file_open(path, "r") as handle:
        rows = list(csv.reader(io.StringIO(handle.read())))
    return rows[0], rows[1:]


@tagged("post_install", "-at_install")
class TestSchoolImport(MentorshipCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["hr.department"].create([{"name": "机电工程系"}, {"name": "信息工程系"}])
        cls.env["hr.employee"].create([{"name": "张建国"}, {"name": "刘丽"}])
        cls.term = cls.env["mentorship.term"].create(
            {
                "academic_year": "2025-2026",
                "term_number": "1",
                "name": "2025-2026学年第一学期",
                "date_start": datetime.date(2025, 9, 1),
                "date_end": datetime.date(2026, 1, 20),
            }
        )

    def load_template(self, model, name):
        header, rows = read_csv(f"mentorship_odoo/static/import/{name}.csv")
        return self.env[model].load(header, rows)

    def import_templates(self):
        for model, name in (
            ("school.class", "school_class"),
            ("school.dormitory", "school_dormitory"),
            ("school.student", "school_student"),
            ("school.class.ranking", "school_class_ranking"),
        ):
            result = self.load_template(model, name)
            self.assertFalse(result["messages"], f"{name}: {result['messages']}")
            self.assertTrue(result["ids"])

    def test_sample_templates_import_cleanly(self):
        self.import_templates()
        school_class = self.env["school.class"].search([("code", "=", "JD2501")])
        self.assertEqual(school_class.head_teacher_id.name, "张建国")
        self.assertEqual(school_class.student_count, 2)
        self.assertEqual(len(school_class.dormitory_ids), 2)
        ranking = school_class.ranking_ids
        self.assertEqual((ranking.department_size, ranking.grade_size), (1, 2))
        self.assertTrue(ranking.is_new_class, "R-EVAL-4: a 2025 class is new in 2025-2026")
        self.assertTrue(ranking.grade_top_share)
        templates = self.env["school.student"].get_import_templates()
        self.assertTrue(templates[0]["template"].endswith("school_student.csv"))

    def test_unknown_class_code_imports_nothing(self):
        self.import_templates()
        before = self.env["school.student"].search_count([])
        result = self.env["school.student"].load(
            ["student_number", "name", "class_id"],
            [["S1", "甲", "JD2501"], ["S2", "乙", "NOPE99"]],
        )
        self.assertFalse(result["ids"])
        self.assertEqual(result["messages"][0]["rows"]["from"], 1)
        self.assertIn("NOPE99", result["messages"][0]["message"])
        self.assertEqual(self.env["school.student"].search_count([]), before)

    @mute_logger("odoo.sql_db")
    def test_duplicate_student_number_imports_nothing(self):
        self.import_templates()
        result = self.env["school.student"].load(
            ["student_number", "name", "class_id"],
            [["S1", "甲", "JD2501"], ["2025010101", "丙", "JD2501"]],
        )
        self.assertFalse(result["ids"])
        self.assertTrue(any(m["type"] == "error" for m in result["messages"]))
        self.assertFalse(self.env["school.student"].search([("student_number", "=", "S1")]))

    def test_rank_outside_size_imports_nothing(self):
        """R-MATCH-3: ranks lie within 1..size of the term's rows."""
        self.load_template("school.class", "school_class")
        result = self.env["school.class.ranking"].load(
            ["term_id", "class_id", "score", "rank_department", "rank_grade"],
            [
                ["2025-2026学年第一学期", "JD2501", "90", "1", "1"],
                ["2025-2026学年第一学期", "XX2501", "80", "3", "2"],
            ],
        )
        self.assertFalse(result["ids"])
        self.assertEqual(result["messages"][0]["rows"]["from"], 1)
        self.assertIn("25计算机1班", result["messages"][0]["message"])
        self.assertFalse(self.env["school.class.ranking"].search([]))
