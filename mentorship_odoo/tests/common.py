import base64
import datetime

from odoo.tests import TransactionCase, new_test_user

ROLE_GROUPS = {
    "staff": "mentorship_odoo.group_mentorship_user",
    "department": "mentorship_odoo.group_mentorship_department",
    "discipline": "mentorship_odoo.group_mentorship_reviewer_discipline",
    "hr": "mentorship_odoo.group_mentorship_reviewer_hr",
    "office": "mentorship_odoo.group_mentorship_office",
    "president": "mentorship_odoo.group_mentorship_president",
    "manager": "mentorship_odoo.group_mentorship_manager",
}
STATEMENT = base64.b64encode(b"%PDF-1.4 written statement")


class MentorshipCase(TransactionCase):
    """Shared setup: one user per role of the programme."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            role: new_test_user(
                cls.env,
                login=f"test_mentorship_{role}",
                groups=f"base.group_user,{group}",
                name=f"Test {role}",
            )
            for role, group in ROLE_GROUPS.items()
        }

    def flush_tracking(self):
        """Write the pending tracking values, as a commit would."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    @classmethod
    def activate_chinese(cls):
        """Activate zh_CN and load this addon's translations for it."""
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"].search([("name", "=", "mentorship_odoo")])._update_translations(
            ["zh_CN"], overwrite=True
        )


class SelectionCase(MentorshipCase):
    """A college with a department, staff with varied facts and an open term."""

    TERM_START = datetime.date(2027, 9, 1)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.department = cls.env["hr.department"].create({"name": "机电工程系"})
        cls.employees = {}
        # R-ELIG-1(a): cadre aged 46 at term start who heads a class: eligible
        cls.cadre = cls._employee(
            "cadre",
            "张建国",
            mentor_cadre_level="middle_deputy",
            mentor_education="bachelor",
            birthday=datetime.date(1981, 3, 1),
            mentor_title_name="机电工程系副主任",
        )
        # R-ELIG-2: cadre aged 46 who heads no class: not eligible
        cls.young_cadre = cls._employee(
            "young_cadre",
            "李志强",
            mentor_cadre_level="middle",
            mentor_education="master",
            birthday=datetime.date(1981, 3, 1),
        )
        # R-ELIG-1(b) + R-ELIG-4: associate-senior teacher with 5 years as head teacher
        cls.senior = cls._employee(
            "senior",
            "王芳",
            mentor_title_level="associate_senior",
            mentor_education="master",
            mentor_head_teacher_years=5,
            birthday=datetime.date(1978, 6, 15),
            mentor_ethnicity="汉族",
            mentor_political_status="中共党员",
            mentor_specialty="数控技术",
            mentor_title_name="副教授",
            mobile_phone="13800000001",
        )
        cls.school_class = cls.env["school.class"].create(
            {
                "name": "24机电1班",
                "code": "JD2401",
                "department_id": cls.department.id,
                "grade_year": 2024,
                "head_teacher_id": cls.cadre.id,
            }
        )
        cls.term = (
            cls.env["mentorship.term"]
            .with_user(cls.users["office"])
            .create(
                {
                    "academic_year": "2027-2028",
                    "term_number": "1",
                    "date_start": cls.TERM_START,
                    "date_end": datetime.date(2028, 1, 20),
                }
            )
        )
        cls.term.action_open_applications()

    @classmethod
    def _employee(cls, key, name, **facts):
        user = new_test_user(
            cls.env,
            login=f"test_applicant_{key}",
            groups="base.group_user",
            name=name,
        )
        employee = cls.env["hr.employee"].create(
            {"name": name, "user_id": user.id, "department_id": cls.department.id, **facts}
        )
        cls.employees[key] = employee
        return employee

    def apply(self, employee, **values):
        """The employee applies for the open term with the declarations ticked."""
        vals = {
            "declare_devotion": True,
            "declare_ethics": True,
            "declare_fitness": True,
            "five_education_specialty": "labour",
            "study_work_history": "2001-2005 山东大学 本科\n2005- 聊城技师学院",
            "achievements": "省级技能大赛优秀指导教师",
        }
        vals.update(values)
        return self.env["mentorship.application"].with_user(employee.user_id).create(vals)

    def review(self, application, user, approve=True, comment="同意"):
        """A reviewer decides their tier through the comment wizard."""
        app = application.with_user(user)
        action = app.validate_tier() if approve else app.reject_tier()
        wizard = (
            self.env["comment.wizard"]
            .with_user(user)
            .with_context(**action["context"])
            .create({"comment": comment})
        )
        wizard.add_comment()


class CollegeCase(MentorshipCase):
    """A seeded college in a term at matching, with last term's rankings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.previous_term = cls.env["mentorship.term"].create(
            {
                "academic_year": "2026-2027",
                "term_number": "2",
                "date_start": datetime.date(2027, 2, 20),
                "date_end": datetime.date(2027, 7, 10),
            }
        )
        cls.term = cls.env["mentorship.term"].create(
            {
                "academic_year": "2027-2028",
                "term_number": "1",
                "date_start": datetime.date(2027, 9, 1),
                "date_end": datetime.date(2028, 1, 20),
            }
        )

    @classmethod
    def seed_college(cls, departments=2, classes_per_department=6, mentors=4, prefix="T"):
        """Departments with classes, head teachers, rankings of the previous
        term and confirmed mentors. Returns (departments, classes, mentors)."""
        Department = cls.env["hr.department"]
        Employee = cls.env["hr.employee"]
        depts = Department.create([{"name": f"{prefix}系{i}"} for i in range(departments)])
        head_teachers = Employee.create(
            [
                {
                    "name": f"{prefix}班主任{d}-{c}",
                    "department_id": dept.id,
                    "mentor_hire_date": datetime.date(2020, 1, 1),
                }
                for d, dept in enumerate(depts)
                for c in range(classes_per_department)
            ]
        )
        classes = cls.env["school.class"].create(
            [
                {
                    "name": f"{prefix}{d}-{c}班",
                    "code": f"{prefix}{d:02}{c:03}",
                    "department_id": dept.id,
                    "grade_year": 2025 + c % 3 - 1,
                    "head_teacher_id": head_teachers[d * classes_per_department + c].id,
                }
                for d, dept in enumerate(depts)
                for c in range(classes_per_department)
            ]
        )
        cls.env["school.class.ranking"].create(
            [
                {
                    "term_id": cls.previous_term.id,
                    "class_id": school_class.id,
                    "score": 100 - c,
                    "rank_department": c + 1,
                    "rank_grade": 1,
                }
                for d in range(departments)
                for c, school_class in enumerate(
                    classes[d * classes_per_department : (d + 1) * classes_per_department]
                )
            ]
        )
        users = cls.env["res.users"].create(
            [
                {"name": f"{prefix}导师{i}", "login": f"{prefix.lower()}_mentor_{i}"}
                for i in range(mentors)
            ]
        )
        mentor_employees = Employee.create(
            [
                {
                    "name": f"{prefix}导师{i}",
                    "user_id": users[i].id,
                    "department_id": depts[i % departments].id,
                    "mentor_title_level": "senior",
                    "mentor_head_teacher_years": 5,
                }
                for i in range(mentors)
            ]
        )
        cls.env["mentorship.application"].sudo().create(
            [
                {"employee_id": employee.id, "term_id": cls.term.id, "state": "confirmed"}
                for employee in mentor_employees
            ]
        )
        return depts, classes, mentor_employees

    @classmethod
    def start_matching(cls):
        cls.term.sudo().write({"state": "matching"})

    def open_wizard(self, user=None):
        user = user or self.users["office"]
        action = self.term.with_user(user).action_open_matching()
        return (
            self.env["mentorship.matching"]
            .with_user(user)
            .with_context(**action["context"])
            .create({})
        )
