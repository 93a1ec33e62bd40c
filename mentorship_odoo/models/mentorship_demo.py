import base64
import datetime
import random

from odoo import api, fields, models

from ..lib.regulation import Reason

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "霞",
    "平",
    "刚",
    "桂英",
    "浩然",
    "子涵",
    "欣怡",
    "梓萱",
    "宇轩",
    "思远",
    "雨桐",
    "俊杰",
    "佳怡",
    "晨曦",
    "博文",
    "嘉怡",
    "文轩",
    "诗涵",
    "一鸣",
    "可馨",
]
DEPARTMENTS = [
    ("demo_department_jidian", "机电工程系", "JD", "机电"),
    ("demo_department_xinxi", "信息工程系", "XX", "计算机"),
    ("demo_department_qiche", "汽车工程系", "QC", "汽修"),
    ("demo_department_jingguan", "经济管理系", "JG", "电商"),
    ("demo_department_jianzhu", "建筑工程系", "JZ", "建筑"),
    ("demo_department_yishu", "艺术设计系", "YS", "设计"),
]
TAGS = ["思想引导", "学业辅导", "心理疏导", "生活指导", "职业向导", "体育锻炼", "劳动实践"]


class MentorshipDemo(models.AbstractModel):
    _name = "mentorship.demo"
    _description = "Class Mentors Demo Data"

    @api.model
    def _load_demo(self):
        """A believable college and a selection walked into every state."""
        rng = random.Random(2024)
        tags = self._demo_tags()
        departments = self._demo_departments()
        self._demo_college(rng, departments, tags)
        self._demo_walk_selection(rng, departments, tags)
        self._demo_handbooks(rng)
        self._demo_past_results()
        self._demo_incomplete_grade(rng)
        self._demo_staff_numbers()

    def _demo_staff_numbers(self):
        """Every demo employee gets a staff number (工号), as HR records have."""
        employees = self.env["hr.employee"].search([("barcode", "=", False)], order="id")
        for index, employee in enumerate(employees, start=1):
            employee.barcode = f"2008{index:04d}"

    def _demo_name(self, rng):
        return rng.choice(SURNAMES) + rng.choice(GIVEN)

    def _demo_xmlid(self, record, name):
        self.env["ir.model.data"].create(
            {
                "module": "mentorship_odoo",
                "name": name,
                "model": record._name,
                "res_id": record.id,
                "noupdate": True,
            }
        )

    def _demo_tags(self):
        Tag = self.env["mentorship.tag"]
        return Tag.browse(
            [
                (Tag.search([("name", "=", name)], limit=1) or Tag.create({"name": name})).id
                for name in TAGS
            ]
        )

    def _demo_departments(self):
        result = []
        for xmlid, name, code, major in DEPARTMENTS:
            department = self.env.ref(f"mentorship_odoo.{xmlid}", raise_if_not_found=False)
            if not department:
                department = self.env["hr.department"].create({"name": name})
                self._demo_xmlid(department, xmlid)
            result.append((department, code, major))
        return result

    def _demo_college(self, rng, departments, tags):
        """About 40 classes in three grades, head teachers, students,
        dormitories, and the rankings of the two previous terms."""
        Class = self.env["school.class"]
        current = self.env.ref("mentorship_odoo.demo_term_current")
        classes = Class.search([])
        for department, code, major in departments:
            for grade in (2024, 2025, 2026):
                count = 2 + (grade + len(code) + department.id) % 2
                for number in range(1, count + 1):
                    class_code = f"{code}{grade % 100}{number:02}"
                    if Class.search_count([("code", "=", class_code)]):
                        continue
                    hired = (
                        datetime.date(2026, 9, 1)
                        if rng.random() < 0.2
                        else datetime.date(rng.randint(2008, 2023), rng.randint(1, 12), 1)
                    )
                    head_teacher = self.env["hr.employee"].create(
                        {
                            "name": self._demo_name(rng),
                            "department_id": department.id,
                            "job_title": "班主任",
                            "mentor_hire_date": hired,
                            "mentor_head_teacher_years": rng.randint(0, 12),
                        }
                    )
                    classes |= Class.create(
                        {
                            "name": f"{grade % 100}{major}{number}班",
                            "code": class_code,
                            "department_id": department.id,
                            "grade_year": grade,
                            "head_teacher_id": head_teacher.id,
                            "need_tag_ids": [(6, 0, rng.sample(tags.ids, 2))],
                        }
                    )
        student_values = []
        number = 0
        for school_class in classes:
            size = rng.randint(25, 45)
            dormitories = self.env["school.dormitory"].create(
                [
                    {
                        "name": f"{rng.randint(1, 8)}-{rng.randint(101, 699)}",
                        "building": f"{rng.randint(1, 8)}号学生公寓",
                        "class_id": school_class.id,
                    }
                    for _room in range((size + 5) // 6)
                ]
            )
            for index in range(size):
                number += 1
                student_values.append(
                    {
                        "name": self._demo_name(rng),
                        "student_number": f"{school_class.grade_year}{number:05}",
                        "class_id": school_class.id,
                        "dormitory_id": dormitories[index // 6].id,
                    }
                )
        self.env["school.student"].create(student_values)

        terms = self.env["mentorship.term"]
        for year, term_number, start, end in (
            ("2025-2026", "2", datetime.date(2026, 2, 28), datetime.date(2026, 7, 10)),
            ("2026-2027", "1", datetime.date(2026, 9, 1), datetime.date(2027, 1, 20)),
        ):
            term = terms.create(
                {
                    "academic_year": year,
                    "term_number": term_number,
                    "name": f"{year}学年{'第一学期' if term_number == '1' else '第二学期'}",
                    "date_start": start,
                    "date_end": end,
                    # 2025-2026 (2) is still being graded: one grade lacks its data
                    "state": "evaluation" if term_number == "2" else "running",
                }
            )
            self._demo_xmlid(term, f"demo_term_{year[:4]}_{term_number}")
            terms |= term
        for term in terms:
            ranked = [c for c in classes if c.grade_year <= int(term.academic_year[:4])]
            rows = []
            by_department = {}
            by_grade = {}
            scores = {c.id: round(rng.uniform(70, 98), 1) for c in ranked}
            for school_class in sorted(ranked, key=lambda c: -scores[c.id]):
                by_department.setdefault(school_class.department_id.id, []).append(school_class)
                by_grade.setdefault(school_class.grade_year, []).append(school_class)
            rank_department = {
                c.id: index + 1 for group in by_department.values() for index, c in enumerate(group)
            }
            rank_grade = {
                c.id: index + 1 for group in by_grade.values() for index, c in enumerate(group)
            }
            for school_class in ranked:
                rows.append(
                    {
                        "term_id": term.id,
                        "class_id": school_class.id,
                        "score": scores[school_class.id],
                        "rank_department": rank_department[school_class.id],
                        "rank_grade": rank_grade[school_class.id],
                    }
                )
            self.env["school.class.ranking"].create(rows)
        current.invalidate_recordset()

    def _demo_walk_selection(self, rng, departments, tags):
        """Bring the demo applications into every state, as the demo users would,
        with enough confirmed mentors to make matching worth trying."""
        ref = self.env.ref
        users = {
            role: ref(f"mentorship_odoo.user_demo_{role}")
            for role in ("office", "discipline", "hr")
        }
        Application = self.env["mentorship.application"]
        apps = {
            key: ref(f"mentorship_odoo.demo_application_{key}")
            for key in ("zhang", "wang", "chen", "zhao", "sun")
        }
        term = apps["chen"].term_id
        extra = Application
        for index in range(10):
            department = departments[index % len(departments)][0]
            employee = self.env["hr.employee"].create(
                {
                    "name": self._demo_name(rng),
                    "department_id": department.id,
                    "job_title": "副教授" if index % 2 else "高级讲师",
                    "birthday": datetime.date(1972 + index, 1 + index, 10),
                    "mentor_title_level": "associate_senior",
                    "mentor_title_name": "副教授" if index % 2 else "高级讲师",
                    "mentor_education": "master" if index % 3 else "bachelor",
                    "mentor_head_teacher_years": 3 + index,
                }
            )
            extra |= Application.create(
                {
                    "employee_id": employee.id,
                    "term_id": term.id,
                    "declare_devotion": True,
                    "declare_ethics": True,
                    "declare_fitness": True,
                    "five_education_specialty": rng.choice(
                        ["moral", "intellectual", "physical", "aesthetic", "labour"]
                    ),
                    "strength_tag_ids": [(6, 0, rng.sample(tags.ids, 2))],
                }
            )
        for key in ("wang", "chen", "sun"):
            apps[key].strength_tag_ids = [(6, 0, rng.sample(tags.ids, 2))]

        def decide(app, role, approve=True, comment="同意"):
            user = users[role]
            app = app.with_user(user)
            reviews = app.review_ids.filtered(
                lambda r: r.status in ("waiting", "pending") and user in r.reviewer_ids
            )
            reviews.sudo().write({"comment": comment})
            if approve:
                app._validate_tier(reviews)
            else:
                app._rejected_tier(reviews)

        for app in (*apps.values(), *extra):
            app.action_submit()
        decide(apps["zhang"], "discipline")
        decide(
            apps["zhao"], "discipline", approve=False, comment="师德考核材料不全，请补充后再申报。"
        )
        approved = apps["wang"] | apps["chen"] | apps["sun"] | extra
        for app in approved:
            for role in ("discipline", "hr", "office"):
                decide(app, role)
            app.with_user(users["office"]).action_mark_reviewed()
        today = fields.Date.context_today(self)
        if today >= term.date_start:  # R-REV-3: the first day is already late
            term.sudo().allow_late_confirmation = True
        confirmation = (
            self.env["mentorship.confirmation"]
            .with_user(users["office"])
            .create(
                {
                    "term_id": term.id,
                    "meeting_date": min(today, term.date_start),
                    "document_date": min(today, term.date_start),
                    "document_number": "聊技师院发〔2027〕8号",
                    "line_ids": [
                        fields.Command.create({"application_id": app.id})
                        for app in (apps["chen"] | apps["sun"] | extra)
                    ],
                }
            )
        )
        confirmation.action_done()
        apps["sun"].with_user(users["office"]).action_withdraw(
            reason="因承担省级课题任务，精力不足，申请退出。",
            statement=base64.b64encode("本人因承担省级课题，申请退出班级导师工作。孙明".encode()),
            statement_name="退出说明.txt",
        )

    def _demo_handbooks(self, rng):
        """The running term: six confirmed mentors on classes, with months of
        entries; some mentors are behind their quotas, and 王芳 left in
        November (R-APP-3). 李志强 failed the term before and is not
        appointed (R-ELIG-6)."""
        ref = self.env.ref
        term = ref("mentorship_odoo.demo_term_2026_1")
        mentors = ref("mentorship_odoo.demo_employee_staff") | self.env["hr.employee"].browse(
            [
                ref(f"mentorship_odoo.demo_employee_{key}").id
                for key in ("wang", "chen", "zhang", "zhao", "sun")
            ]
        )
        today = fields.Date.context_today(self)
        leaver = ref("mentorship_odoo.demo_employee_wang")
        leave_date = max(term.date_start, min(today, datetime.date(2026, 11, 10)))
        classes = self.env["school.class"].search(
            [("head_teacher_id", "not in", mentors.ids), ("grade_year", "<=", 2026)],
            order="code",
        )
        picked = classes.filtered(lambda c: c.code.endswith("01"))[: len(mentors)]
        types = {t.code: t for t in self.env["mentorship.task.type"].search([])}
        areas = self.env["mentorship.guidance.area"].search([])
        logs = []
        for index, (mentor, school_class) in enumerate(zip(mentors, picked, strict=False)):
            assignment = self.env["mentorship.assignment"].create(
                {
                    "term_id": term.id,
                    "employee_id": mentor.id,
                    "class_id": school_class.id,
                    "date_start": term.date_start,
                    "date_end": term.date_end,
                    "priority_data": False,
                }
            )
            self._demo_xmlid(assignment, f"demo_assignment_{index}")
            students = school_class.student_ids
            dormitories = school_class.dormitory_ids
            behind = index in (2, 4)
            talked = students[: (len(students) + 1) // 2 - (6 if behind else 0)]
            for month in (9, 10, 11):
                last_day = leave_date if mentor == leaver else term.date_end

                def entry(
                    day, code, _month=month, _assignment=assignment, _last=last_day, **values
                ):
                    date = datetime.date(2026, _month, day)
                    if date <= min(today, _last):
                        logs.append(
                            {
                                "assignment_id": _assignment.id,
                                "date": date,
                                "task_type_id": types[code].id,
                                "setting": values.pop("setting", "class"),
                                "guidance_area_ids": [(6, 0, rng.sample(areas.ids, 2))],
                                **values,
                            }
                        )

                entry(
                    2,
                    "student_pairing",
                    student_ids=[(6, 0, students[:3].ids)],
                    agreed_head_teacher=True,
                    agreed_teachers=True,
                    agreed_league=True,
                    note="每周一次学习计划检查",
                )
                entry(
                    5,
                    "dormitory",
                    dormitory_id=dormitories[:1].id,
                    setting="dormitory",
                    note="检查内务卫生，宿舍整洁",
                )
                entry(
                    8,
                    "observation",
                    lesson="专业基础课",
                    students_state="整体认真，后排两人走神",
                    setting="lesson",
                )
                if not (behind and month == 10) and not (index == 1 and month == 11):
                    entry(
                        16,
                        "observation",
                        lesson="公共基础课",
                        students_state="课堂秩序良好",
                        setting="lesson",
                    )
                entry(12, "activity", topic=rng.choice(["篮球友谊赛", "技能展示周", "志愿服务"]))
                entry(18, "class_meeting", topic=rng.choice(["诚信教育", "安全教育", "职业规划"]))
                chunk = talked[(month - 9) * 6 : (month - 8) * 6]
                if chunk:
                    entry(
                        20,
                        "talk",
                        student_ids=[(6, 0, chunk.ids)],
                        setting="online",
                        note="了解学习与生活情况",
                    )
        self.env["mentorship.log"].create(logs)
        self._demo_confirmed_mentors(term, mentors)
        # R-APP-3: 王芳 leaves mid-term with a written explanation; her
        # appointment ends that day (no later month counts, no full term)
        application = self.env["mentorship.application"].search(
            [("term_id", "=", term.id), ("employee_id", "=", leaver.id)]
        )
        if leave_date <= today + datetime.timedelta(days=31):
            application.with_user(ref("mentorship_odoo.user_demo_office")).action_withdraw(
                reason="调任教务处，工作调整，无法继续担任班级导师。",
                statement=base64.b64encode("本人因工作调整申请退出班级导师工作。王芳".encode()),
                statement_name="退出说明.txt",
                date=leave_date,
            )
        self.env["mentorship.compliance"]._refresh()

    def _demo_confirmed_mentors(self, term, mentors):
        """The running term's mentors were confirmed before it started (their
        applications, recorded as history) and hold their classes."""
        assignments = self.env["mentorship.assignment"].search([("term_id", "=", term.id)])
        for mentor in mentors:
            application = self.env["mentorship.application"].create(
                {
                    "employee_id": mentor.id,
                    "term_id": term.id,
                    "state": "confirmed",
                    "declare_devotion": True,
                    "declare_ethics": True,
                    "declare_fitness": True,
                    "five_education_specialty": "moral",
                }
            )
            assignments.filtered(
                lambda a, m=mentor: a.employee_id == m
            ).application_id = application

    def _demo_incomplete_grade(self, rng):
        """2025-2026 (2) at evaluation: 王晓明 met every quota and submitted
        his handbook, but his class has no student evaluation and the college
        has no record of the term before to compare its ranking with. The
        product computes his grade: incomplete, naming what is missing."""
        ref = self.env.ref
        term = ref("mentorship_odoo.demo_term_2025_2")
        employee = ref("mentorship_odoo.demo_employee_staff")
        school_class = self.env["school.class"].search(
            [("grade_year", "=", 2024), ("head_teacher_id", "!=", employee.id)], order="code"
        )[4]
        assignment = self.env["mentorship.assignment"].create(
            {
                "term_id": term.id,
                "employee_id": employee.id,
                "class_id": school_class.id,
                "date_start": term.date_start,
                "date_end": term.date_end,
                "state": "ended",
                "handbook_state": "submitted",
                "handbook_submit_date": term.date_end,
            }
        )
        types = {t.code: t for t in self.env["mentorship.task.type"].search([])}
        areas = self.env["mentorship.guidance.area"].search([])
        students = school_class.student_ids
        logs = []

        def entry(date, code, **values):
            logs.append(
                {
                    "assignment_id": assignment.id,
                    "date": date,
                    "task_type_id": types[code].id,
                    "setting": values.pop("setting", "class"),
                    "guidance_area_ids": [(6, 0, rng.sample(areas.ids, 2))],
                    **values,
                }
            )

        for index, month in enumerate((3, 4, 5, 6)):
            entry(
                datetime.date(2026, month, 3),
                "student_pairing",
                student_ids=[(6, 0, students[index * 3 : index * 3 + 3].ids)],
                agreed_head_teacher=True,
                agreed_teachers=True,
                agreed_league=True,
            )
            entry(
                datetime.date(2026, month, 5),
                "dormitory",
                dormitory_id=school_class.dormitory_ids[:1].id,
                setting="dormitory",
            )
            for day in (8, 22):
                entry(
                    datetime.date(2026, month, day),
                    "observation",
                    lesson="专业基础课",
                    students_state="课堂秩序良好",
                    setting="lesson",
                )
            entry(datetime.date(2026, month, 12), "activity", topic="技能展示周")
            entry(
                datetime.date(2026, month, 18),
                "talk",
                student_ids=[(6, 0, students[index::4].ids)],
                setting="online",
            )
            if month < 6:
                entry(datetime.date(2026, month, 20), "class_meeting", topic="诚信教育")
        entry(datetime.date(2026, 7, 3), "summary", note="本学期完成全部工作任务。")
        self.env["mentorship.log"].create(logs)
        term._compute_grades(employee)

    def _demo_past_results(self):
        """The closed term 2025-2026 (2): final grades, passes and fails."""
        ref = self.env.ref
        term = ref("mentorship_odoo.demo_term_2025_2")
        rows = [
            ("wang", "pass", True, True, True, True, ""),
            ("chen", "pass", True, True, True, True, ""),
            (
                "li",
                "fail",
                False,
                True,
                False,
                True,
                [
                    Reason(
                        "R-TASK-4",
                        "quota_month",
                        class_name="24计算机1班",
                        done=1,
                        required=2,
                        task="推门听课",
                        month="2026-04",
                    ),
                    Reason(
                        "R-EVAL-4",
                        "rank_not_improved",
                        class_name="24计算机1班",
                        rank=5,
                        size=9,
                        previous=4,
                        previous_size=9,
                    ),
                ],
            ),
            ("sun", "pass", True, True, True, False, ""),
        ]
        classes = self.env["school.class"].search([("grade_year", "=", 2024)], order="code")
        for (key, result, performance, student, quantification, full, reasons), school_class in zip(
            rows, classes, strict=False
        ):
            employee = ref(f"mentorship_odoo.demo_employee_{key}")
            assignment = self.env["mentorship.assignment"].create(
                {
                    "term_id": term.id,
                    "employee_id": employee.id,
                    "class_id": school_class.id,
                    "date_start": term.date_start if full else datetime.date(2026, 3, 20),
                    "date_end": term.date_end,
                    "state": "ended",
                    "handbook_state": "submitted",
                }
            )
            self.env["mentorship.evaluation"].create(
                {
                    "term_id": term.id,
                    "employee_id": employee.id,
                    "assignment_ids": [(6, 0, assignment.ids)],
                    "performance_ok": performance,
                    "student_ok": student,
                    "quantification_ok": quantification,
                    "computed_result": result,
                    "full_term": full,
                    "reason_data": self.env["mentorship.evaluation"]._reason_data(reasons or []),
                    "state": "final",
                }
            )
