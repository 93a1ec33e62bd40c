"""The demo college, built relative to the day the database is made.

Called once from ``demo/mentorship_demo_terms.xml`` (through
``mentorship.term._demo_build_college``): what does not depend on the date
(the company, the logins, departments and staff) is XML data; the classes
(their grade years follow the calendar), the terms around today and the work
done in them are made here, through the product's own actions wherever the
regulation has one: terms move on by the officer's buttons, the President's
Office confirmation numbers its document, a mentor leaves through the
withdrawal, grades are computed, reported, finalised and the term closed by
the officer. No grade, result or reason is written here.
"""

import base64
import datetime
import random

from odoo import Command, fields

D = datetime.date
DAY = datetime.timedelta(days=1)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = (
    "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀英 霞 平 刚 桂英 浩然 子涵 欣怡 "
    "梓萱 宇轩 思远 雨桐 俊杰 佳怡 晨曦 博文 嘉怡 文轩 诗涵 一鸣 可馨"
).split()
DEPARTMENTS = [
    ("demo_department_jidian", "JD", "机电"),
    ("demo_department_xinxi", "XX", "计算机"),
    ("demo_department_qiche", "QC", "汽修"),
    ("demo_department_jingguan", "JG", "电商"),
    ("demo_department_jianzhu", "JZ", "建筑"),
    ("demo_department_yishu", "YS", "设计"),
]
TAGS = ["思想引导", "学业辅导", "心理疏导", "生活指导", "职业向导", "体育锻炼", "劳动实践"]
AGREED = {"agreed_head_teacher": True, "agreed_teachers": True, "agreed_league": True}
REPORT = base64.b64encode("班级学生评价汇总表（系部签字盖章）".encode())
# The applications of the term open for applications, as their authors wrote them
APPLICATION_TEXTS = {
    "staff": {
        "study_work_history": "1997-2001 山东师范大学 计算机科学与技术 本科\n"
        "2001-2004 山东大学 计算机应用技术 硕士\n2004至今 聊城技师学院 信息工程系 教师",
        "achievements": "主持省级课题1项；指导学生获全国职业院校技能大赛二等奖。",
        "declare_devotion": True,
        "declare_ethics": True,
    },
    "li": {
        "study_work_history": "2004-2007 山东大学 硕士\n2007至今 聊城技师学院",
        "five_education_specialty": "intellectual",
    },
    "liu": {"five_education_specialty": "physical"},
    "zhang": {
        "study_work_history": "1998-2002 山东理工大学 机械设计制造及其自动化 本科\n"
        "2002至今 聊城技师学院 机电工程系",
        "achievements": "省级优秀教师；主编校本教材《液压与气动技术》。",
        "five_education_specialty": "labour",
    },
    "wang": {
        "study_work_history": "1996-2000 山东建筑大学 本科\n2000-2003 山东大学 硕士\n"
        "2003至今 聊城技师学院 机电工程系",
        "achievements": "山东省技术能手；指导学生获省赛一等奖3项。",
        "five_education_specialty": "labour",
    },
    "chen": {
        "study_work_history": "1988-1992 哈尔滨工业大学 本科\n1992-1998 山东大学 硕士、博士\n"
        "1998至今 聊城技师学院 信息工程系",
        "achievements": "山东省教学名师；省级精品课程负责人。",
        "five_education_specialty": "moral",
    },
    "zhao": {"five_education_specialty": "aesthetic"},
    "sun": {"five_education_specialty": "intellectual"},
}
DECLARED = {"declare_devotion": True, "declare_ethics": True, "declare_fitness": True}


def term_around(day):
    """(academic year, term number, first day, last day) of the term holding
    ``day``: term 1 from 1 September to the end of February, term 2 from
    1 March to 31 August, so that every day of the year lies in a term."""
    if day.month >= 9 or day.month <= 2:
        year = day.year if day.month >= 9 else day.year - 1
        return f"{year}-{year + 1}", "1", D(year, 9, 1), D(year + 1, 3, 1) - DAY
    year = day.year - 1
    return f"{year}-{year + 1}", "2", D(year + 1, 3, 1), D(year + 1, 8, 31)


def month_starts(start, end):
    months = []
    day = start.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day + 32 * DAY).replace(day=1)
    return months


class DemoCollege:
    def __init__(self, env):
        self.env = env(
            context=dict(env.context, mail_create_nolog=True, mail_notrack=True, lang="zh_CN")
        )
        self.rng = random.Random(2024)
        self.today = fields.Date.context_today(self.env.user)
        ref = self.env.ref
        self.users = {
            role: ref(f"mentorship_odoo.user_demo_{role}")
            for role in ("office", "discipline", "hr", "manager")
        }
        self.people = {
            key: ref(f"mentorship_odoo.demo_employee_{key}")
            for key in ("staff", "li", "liu", "zhang", "wang", "chen", "zhao", "sun")
        }
        self.types = {t.code: t for t in self.env["mentorship.task.type"].search([])}
        self.areas = self.env["mentorship.guidance.area"].search([])
        self.late_log_ids = set()

    # ----------------------------------------------------------- the college
    def name(self):
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)

    def build(self):
        running = term_around(self.today)
        closed = term_around(running[2] - DAY)
        before = term_around(closed[2] - DAY)
        following = term_around(running[3] + DAY)
        self.tags = self.env["mentorship.tag"].browse(
            [
                (
                    self.env["mentorship.tag"].search([("name", "=", n)], limit=1)
                    or self.env["mentorship.tag"].create({"name": n})
                ).id
                for n in TAGS
            ]
        )
        self.classes = self.make_classes(int(running[0][:4]))
        Term = self.env["mentorship.term"]
        terms = [
            Term.create(
                {"academic_year": y, "term_number": n, "date_start": start, "date_end": end}
            )
            for y, n, start, end in (before, closed, running, following)
        ]
        self.term_before, self.term_closed, self.term_running, self.term_next = terms
        self.walk_term_before()
        self.walk_closed_term()
        self.walk_running_term()
        self.walk_selection()
        self.record_creation_times()
        self.env["mentorship.compliance"]._refresh()
        employees = self.env["hr.employee"].search([("barcode", "=", False)], order="id")
        for index, employee in enumerate(employees, start=1):
            employee.barcode = f"2008{index:04d}"

    def make_classes(self, year):
        """Three grades of classes (admitted this September and the two
        before), head teachers, students and dormitories."""
        Class = self.env["school.class"]
        rng = self.rng
        values = []
        for xmlid, code, major in DEPARTMENTS:
            department = self.env.ref(f"mentorship_odoo.{xmlid}")
            for grade in (year - 2, year - 1, year):
                for number in range(1, 3 + (grade + len(major)) % 2):
                    values.append((department, grade, code, major, number))
        heads = self.env["hr.employee"].create(
            [
                {
                    "name": self.name(),
                    "department_id": department.id,
                    "job_title": "班主任",
                    "mentor_hire_date": D(year, 9, 1)
                    if rng.random() < 0.2
                    else D(rng.randint(2008, year - 3), rng.randint(1, 12), 1),
                    "mentor_head_teacher_years": rng.randint(0, 12),
                }
                for department, *_rest in values
            ]
        )
        classes = Class.create(
            [
                {
                    "name": f"{grade % 100}{major}{number}班",
                    "code": f"{code}{grade % 100}{number:02}",
                    "department_id": department.id,
                    "grade_year": grade,
                    # R-ELIG-2: 张建国 heads the first class of 机电 in school
                    "head_teacher_id": (
                        self.people["zhang"]
                        if (code, number, grade) == ("JD", 1, year - 2)
                        else head
                    ).id,
                    "need_tag_ids": [Command.set(rng.sample(self.tags.ids, 2))],
                }
                for (department, grade, code, major, number), head in zip(
                    values, heads, strict=True
                )
            ]
        )
        students, serial = [], 0
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
                serial += 1
                students.append(
                    {
                        "name": self.name(),
                        "student_number": f"{school_class.grade_year}{serial:05}",
                        "class_id": school_class.id,
                        "dormitory_id": dormitories[index // 6].id,
                    }
                )
        self.env["school.student"].create(students)
        return classes

    # ------------------------------------------------------------- helpers
    def move(self, term, *methods):
        for method in methods:
            getattr(term.with_user(self.users["office"]), method)()

    def confirm(self, term, keys, meeting_date):
        """Reviewed applications decided by the President's Office Meeting
        before the term; recorded afterwards, which the administrator allows
        (R-REV-3). The document gets the next number of its year."""
        Application = self.env["mentorship.application"]
        apps = Application.create(
            [
                {
                    "employee_id": self.people[key].id,
                    "term_id": term.id,
                    "state": "reviewed",
                    "five_education_specialty": "moral",
                    **DECLARED,
                }
                for key in keys
            ]
        )
        if self.today >= term.date_start:
            term.with_user(self.users["manager"]).allow_late_confirmation = True
        confirmation = (
            self.env["mentorship.confirmation"]
            .with_user(self.users["office"])
            .create(
                {
                    "term_id": term.id,
                    "meeting_date": meeting_date,
                    "document_date": meeting_date,
                    "line_ids": [Command.create({"application_id": app.id}) for app in apps],
                }
            )
        )
        confirmation.action_done()
        return dict(zip(keys, apps, strict=True))

    def assign(self, term, apps, picked):
        return {
            key: self.env["mentorship.assignment"].create(
                {
                    "term_id": term.id,
                    "employee_id": app.employee_id.id,
                    "class_id": picked[key].id,
                    "application_id": app.id,
                    "date_start": term.date_start,
                    "date_end": term.date_end,
                }
            )
            for key, app in apps.items()
        }

    def entries(self, assignment, last_day, skip=(), late=False):
        """A month's handbook work for every month of the assignment up to
        ``last_day``: pairing, a dormitory visit, two lesson observations, an
        activity, class meetings in the first three months and talks with six
        students a month. ``skip`` leaves out (month index, task) pairs."""
        school_class = assignment.class_id
        students = school_class.student_ids.sorted("student_number")
        talked = students[: (len(students) + 1) // 2]
        values = []
        for index, first in enumerate(month_starts(assignment.date_start, last_day)):
            plan = [
                (
                    3,
                    "student_pairing",
                    {"student_ids": students[index * 3 : index * 3 + 3].ids, **AGREED},
                ),
                (
                    5,
                    "dormitory",
                    {"dormitory_id": school_class.dormitory_ids[:1].id, "setting": "dormitory"},
                ),
                (
                    8,
                    "observation",
                    {
                        "lesson": "专业基础课",
                        "students_state": "整体认真，后排两人走神",
                        "setting": "lesson",
                    },
                ),
                (
                    22,
                    "observation",
                    {"lesson": "公共基础课", "students_state": "课堂秩序良好", "setting": "lesson"},
                ),
                (
                    12,
                    "activity",
                    {"topic": self.rng.choice(["篮球友谊赛", "技能展示周", "志愿服务"])},
                ),
            ]
            if index < 3:
                plan.append(
                    (18, "class_meeting", {"topic": ["诚信教育", "安全教育", "职业规划"][index]})
                )
            chunk = talked[index * 6 : index * 6 + 6]
            if chunk:
                plan.append(
                    (
                        20,
                        "talk",
                        {
                            "student_ids": chunk.ids,
                            "setting": "online",
                            "note": "了解学习与生活情况",
                        },
                    )
                )
            for day, code, extra in plan:
                date = first.replace(day=day)
                if (index, code, day) in skip or date > min(last_day, self.today):
                    continue
                values.append(self.entry(assignment, date, code, **extra))
        logs = self.env["mentorship.log"].create(values)
        if late:
            self.late_log_ids |= set(logs.ids)
        return logs

    def entry(self, assignment, date, code, **values):
        return {
            "assignment_id": assignment.id,
            "date": date,
            "task_type_id": self.types[code].id,
            "setting": values.pop("setting", "class"),
            "guidance_area_ids": [Command.set(self.rng.sample(self.areas.ids, 2))],
            **{k: [Command.set(v)] if k == "student_ids" else v for k, v in values.items()},
        }

    def summary(self, assignment, date):
        self.env["mentorship.log"].create(
            self.entry(assignment, date, "summary", note="本学期完成导师工作，附工作总结。")
        )
        assignment.with_user(self.users["office"]).action_submit_handbook()
        # submitted on the day the mentor wrote the summary, not on install day
        assignment.sudo().handbook_submit_date = date

    def rank(self, term, scores):
        """The college's quantification ranking of the term: by score within
        each grade and each department."""
        rows, grade_rank, department_rank = [], {}, {}
        ranked = sorted(scores.items(), key=lambda item: -item[1])
        for school_class, score in ranked:
            grade_rank.setdefault(school_class.grade_year, []).append(school_class)
            department_rank.setdefault(school_class.department_id, []).append(school_class)
            rows.append({"term_id": term.id, "class_id": school_class.id, "score": score})
        for row, (school_class, _score) in zip(rows, ranked, strict=True):
            row["rank_grade"] = grade_rank[school_class.grade_year].index(school_class) + 1
            row["rank_department"] = (
                department_rank[school_class.department_id].index(school_class) + 1
            )
        self.env["school.class.ranking"].create(rows)

    # --------------------------------------------------------------- terms
    def walk_term_before(self):
        """The term before last ran before the programme used this system:
        only its ranking is recorded, the base the next term is compared with."""
        term = self.term_before
        year = int(term.academic_year[:4])
        self.scores_before = {
            c: round(self.rng.uniform(72, 95), 1) for c in self.classes if c.grade_year <= year
        }
        self.rank(term, self.scores_before)
        self.move(
            term,
            "action_open_applications",
            "action_start_review",
            "action_start_matching",
            "action_start_running",
            "action_start_evaluation",
            "action_close",
        )

    def walk_closed_term(self):
        """Six mentors: 王晓明 and 陈刚 do all the work; 李志强 misses a lesson
        observation in the third month; 王芳 records her entries weeks late;
        孙明 leaves in the fourth month (R-APP-3); 刘丽's class has no student
        evaluation, so her grade is incomplete until the officer decides it."""
        term = self.term_closed
        self.move(term, "action_open_applications", "action_start_review", "action_start_matching")
        keys = ["staff", "chen", "li", "wang", "sun", "liu"]
        apps = self.confirm(term, keys, term.date_start - 12 * DAY)
        year = int(term.academic_year[:4])
        # mentored classes: second-year or older, one per department in turn
        pool = self.classes.filtered(
            lambda c: c.grade_year < year and c.head_teacher_id not in self.people.values()
        )
        picked = {key: pool[index * 2] for index, key in enumerate(keys)}
        assignments = self.assign(term, apps, picked)
        self.move(term, "action_start_running")
        months = month_starts(term.date_start, term.date_end)
        leave = months[3] + 9 * DAY
        for key, assignment in assignments.items():
            last = leave if key == "sun" else term.date_end
            skip = {(2, "observation", 22)} if key == "li" else ()
            self.entries(assignment, last, skip=skip, late=key == "wang")
            self.summary(assignment, leave - DAY if key == "sun" else term.date_end - 4 * DAY)
        apps["sun"].with_user(self.users["office"]).action_withdraw(
            reason="因承担省级课题任务，精力不足，申请退出班级导师工作。",
            statement=base64.b64encode("本人因承担省级课题，申请退出班级导师工作。孙明".encode()),
            statement_name="退出说明.txt",
            date=leave,
        )
        self.move(term, "action_start_evaluation")
        # R-EVAL-3: the departments' student evaluations (none for 刘丽's class)
        self.env["mentorship.student.evaluation"].create(
            [
                {
                    "term_id": term.id,
                    "class_id": school_class.id,
                    "source": "manual",
                    "manual_participant_count": round(
                        school_class.student_count * self.rng.uniform(0.8, 0.95)
                    ),
                    "manual_mean_score": round(self.rng.uniform(80, 93), 1),
                    "report_file": REPORT,
                    "report_file_name": "学生评价汇总表.pdf",
                }
                for key, school_class in picked.items()
                if key != "liu"
            ]
        )
        # R-EVAL-4: the ranking moved on; 李志强's class fell back
        mentored = {school_class: key for key, school_class in picked.items()}
        scores = {}
        for school_class in self.classes.filtered(lambda c: c.grade_year <= year):
            base = self.scores_before.get(school_class, round(self.rng.uniform(72, 95), 1))
            change = self.rng.uniform(-2, 2)
            if school_class in mentored:
                change = -6 if mentored[school_class] == "li" else 7
            scores[school_class] = round(min(base + change, 99.5), 1)
        self.rank(term, scores)
        office = self.users["office"]
        term.with_user(office).action_compute_grades()
        # R-EVAL: missing data is neither a pass nor a fail; the officer
        # decides, in writing, before the term can close
        incomplete = term.evaluation_ids.filtered(lambda e: e.result == "incomplete")
        incomplete.with_user(office).write(
            {
                "override_result": "pass",
                "override_reason": "该班本学期在企业顶岗实习，系部未组织学生评价；经核实，"
                "导师工作手册完整、班级量化排名进步，经学生工作处研究认定为合格。",
            }
        )
        term.with_user(office).action_report_grades()
        term.with_user(office).action_finalize_grades()
        self.move(term, "action_close")
        self.closed_assignments = assignments

    def walk_running_term(self):
        """Five mentors work in the running term, entries up to today;
        赵强 is behind on lesson observations, 王芳 still records late. 李志强
        failed the closed term and is not appointed (R-ELIG-6)."""
        term = self.term_running
        self.move(term, "action_open_applications", "action_start_review", "action_start_matching")
        keys = ["staff", "chen", "wang", "zhao", "liu"]
        apps = self.confirm(term, keys, term.date_start - 10 * DAY)
        used = {a.class_id.id for a in self.closed_assignments.values()}
        pool = self.classes.filtered(
            lambda c: c.id not in used and c.head_teacher_id not in self.people.values()
        )
        picked = {key: pool[index * 3 + 1] for index, key in enumerate(keys)}
        assignments = self.assign(term, apps, picked)
        self.move(term, "action_start_running")
        for key, assignment in assignments.items():
            skip = {(1, "observation", 22)} if key == "zhao" else ()
            self.entries(assignment, self.today, skip=skip, late=key == "wang")
        # today's work, so that the handbook reaches today
        self.env["mentorship.log"].create(
            self.entry(
                assignments["staff"],
                self.today,
                "dormitory",
                dormitory_id=assignments["staff"].class_id.dormitory_ids[:1].id,
                setting="dormitory",
                note="晚间查寝，宿舍整洁",
            )
        )

    def walk_selection(self):
        """The next term is open for applications: applications in every
        state, walked by the demo reviewers, a confirmation and a withdrawal."""
        term = self.term_next
        self.move(term, "action_open_applications")
        Application = self.env["mentorship.application"]
        apps = {
            key: Application.create(
                {
                    "employee_id": self.people[key].id,
                    "term_id": term.id,
                    **(
                        {}
                        if key == "staff"
                        else {
                            "declare_devotion": True,
                            "declare_ethics": True,
                            "declare_fitness": True,
                        }
                    ),
                    **texts,
                }
            )
            for key, texts in APPLICATION_TEXTS.items()
        }
        rng = self.rng
        extra = Application
        for index in range(10):
            department = self.env.ref(f"mentorship_odoo.{DEPARTMENTS[index % 6][0]}")
            title = "副教授" if index % 2 else "高级讲师"
            employee = self.env["hr.employee"].create(
                {
                    "name": self.name(),
                    "department_id": department.id,
                    "job_title": title,
                    "birthday": D(1972 + index, 1 + index, 10),
                    "mentor_title_level": "associate_senior",
                    "mentor_title_name": title,
                    "mentor_education": "master" if index % 3 else "bachelor",
                    "mentor_head_teacher_years": 3 + index,
                }
            )
            extra |= Application.create(
                {
                    "employee_id": employee.id,
                    "term_id": term.id,
                    "five_education_specialty": rng.choice(
                        ["moral", "intellectual", "physical", "aesthetic", "labour"]
                    ),
                    "strength_tag_ids": [Command.set(rng.sample(self.tags.ids, 2))],
                    **DECLARED,
                }
            )
        for key in ("wang", "chen", "sun"):
            apps[key].strength_tag_ids = [Command.set(rng.sample(self.tags.ids, 2))]

        def decide(app, role, approve=True, comment="同意"):
            user = self.users[role]
            app = app.with_user(user)
            reviews = app.review_ids.filtered(
                lambda r: r.status in ("waiting", "pending") and user in r.reviewer_ids
            )
            reviews.sudo().write({"comment": comment})
            if approve:
                app._validate_tier(reviews)
            else:
                app._rejected_tier(reviews)

        for key in ("zhang", "wang", "chen", "zhao", "sun"):
            apps[key].action_submit()
        for app in extra:
            app.action_submit()
        decide(apps["zhang"], "discipline")
        decide(
            apps["zhao"], "discipline", approve=False, comment="师德考核材料不全，请补充后再申报。"
        )
        approved = apps["wang"] | apps["chen"] | apps["sun"] | extra
        for app in approved:
            for role in ("discipline", "hr", "office"):
                decide(app, role)
            app.with_user(self.users["office"]).action_mark_reviewed()
        confirmation = (
            self.env["mentorship.confirmation"]
            .with_user(self.users["office"])
            .create(
                {
                    "term_id": term.id,
                    "meeting_date": self.today,
                    "line_ids": [
                        Command.create({"application_id": app.id})
                        for app in (apps["chen"] | apps["sun"] | extra)
                    ],
                }
            )
        )
        confirmation.action_done()
        apps["sun"].with_user(self.users["office"]).action_withdraw(
            reason="因承担省级课题任务，精力不足，申请退出。",
            statement=base64.b64encode("本人因承担省级课题，申请退出班级导师工作。孙明".encode()),
            statement_name="退出说明.txt",
        )

    def record_creation_times(self):
        """The demo is made in one go; a college records its handbook as the
        work happens. Entries get the evening of their work day (or the next)
        as recording time -- written with SQL, as create_date and recorded_at
        are set by the ORM -- except 王芳's, recorded two to five weeks after the work: the
        late-entry pattern (R-EVAL-2 "及时记录")."""
        now = fields.Datetime.now()
        logs = self.env["mentorship.log"].search(
            [("assignment_id.term_id", "in", (self.term_closed | self.term_running).ids)]
        )
        rows = []
        for log in logs:
            if log.id in self.late_log_ids:
                lag = datetime.timedelta(days=self.rng.randint(15, 35), hours=21)
            else:
                lag = datetime.timedelta(
                    days=self.rng.randint(0, 1), hours=self.rng.randint(17, 22)
                )
            rows.append(
                (min(datetime.datetime.combine(log.date, datetime.time()) + lag, now), log.id)
            )
        self.env.flush_all()
        for created, log_id in rows:
            self.env.cr.execute(
                "UPDATE mentorship_log SET create_date = %s, recorded_at = %s WHERE id = %s",
                (created, created, log_id),
            )
        logs.invalidate_recordset(["create_date", "recorded_at"])
        # the late and bunched flags and the handbook's shares follow
        logs.modified(["recorded_at"])
        self.env.flush_all()


def build_college(env):
    DemoCollege(env).build()
