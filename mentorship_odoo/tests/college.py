"""A generated college at a chosen scale, for query-count tests and for
``make bench`` (scripts/bench.py).

Everything goes through the ORM, in batches, as the superuser: a company of
its own (so several colleges live side by side), departments, classes with
their students and a dormitory, confirmed mentors, one running term with the
assignments (some starting late, some ended early) and the handbook entries
spread over the months of the term so far.
"""

import datetime
import random

from odoo import fields

# departments, classes, students per class, mentors, handbook entries
SCALES = {
    "XS": (1, 4, 10, 2, 60),
    "S": (2, 30, 30, 15, 600),
    "M": (4, 100, 45, 50, 2000),
    "L": (6, 300, 45, 150, 6000),
    "XL": (60, 3000, 45, 1500, 60000),
}
# what each type of entry needs (see mentorship.log REQUIRED_BY_TYPE)
TASKS = (
    "class_meeting",
    "student_pairing",
    "talk",
    "talk",
    "talk",
    "dormitory",
    "observation",
    "activity",
    "attended_meeting",
    "other",
    "summary",
)


def _batches(values, size):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def generate_college(env, scale="S", prefix="B", today=None, batch=2000, seed=42):
    """Create a college at ``scale`` (a key of SCALES or a tuple) and return
    a dict with its company, term, mentor user, classes and assignments."""
    departments, classes_count, students_per_class, mentors_count, entries_count = (
        SCALES[scale] if isinstance(scale, str) else scale
    )
    rng = random.Random(seed)
    env = env(
        su=True,
        context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True),
    )
    today = today or fields.Date.context_today(env["res.users"])
    company = env["res.company"].create({"name": f"{prefix} College"})
    env.user.company_ids |= company
    # a term running today: started about three months ago, ends in two
    start = (today - datetime.timedelta(days=85)).replace(day=1)
    end = today + datetime.timedelta(days=55)
    # the version in force, copied so that the college's own limits may differ
    policy = env["mentorship.policy"]._policy_for_term(
        env["mentorship.term"].new(
            {
                "academic_year": f"{start.year}-{start.year + 1}",
                "term_number": "1",
                "date_start": start,
            }
        )
    )
    policy = policy.copy(
        {
            "name": f"{prefix} {policy.name}",
            "max_classes_per_mentor": -(-classes_count // mentors_count),
        }
    )
    term = env["mentorship.term"].create(
        {
            "academic_year": f"{start.year}-{start.year + 1}",
            "term_number": "1",
            "date_start": start,
            "date_end": end,
            "company_id": company.id,
            "policy_id": policy.id,
        }
    )
    depts = env["hr.department"].create(
        [{"name": f"{prefix}系{d}", "company_id": company.id} for d in range(departments)]
    )
    mentor_user = env["res.users"].create(
        {
            "name": f"{prefix}导师0",
            "login": f"{prefix.lower()}_bench_mentor",
            "company_id": company.id,
            "company_ids": [(6, 0, company.ids)],
            "group_ids": [
                (4, env.ref("base.group_user").id),
                (4, env.ref("mentorship_odoo.group_mentorship_user").id),
            ],
        }
    )
    mentors = env["hr.employee"].create(
        [
            {
                "name": f"{prefix}导师{i}",
                "user_id": mentor_user.id if i == 0 else False,
                "department_id": depts[i % departments].id,
                "company_id": company.id,
                "mentor_title_level": "senior",
                "mentor_head_teacher_years": 5,
            }
            for i in range(mentors_count)
        ]
    )
    classes = env["school.class"].create(
        [
            {
                "name": f"{prefix}{c}班",
                "code": f"{prefix}{c:05}",
                "department_id": depts[c % departments].id,
                "grade_year": start.year - c % 3,
                "company_id": company.id,
            }
            for c in range(classes_count)
        ]
    )
    dormitories = env["school.dormitory"].create(
        [
            {"name": f"{c}-101", "class_id": cls.id, "company_id": company.id}
            for c, cls in enumerate(classes)
        ]
    )
    student_values = [
        {
            "name": f"{prefix}学生{c}-{s}",
            "student_number": f"{prefix}{c:05}{s:03}",
            "class_id": cls.id,
            "company_id": company.id,
            # a few students left school since: archived, still counted once named
            "active": s != 0 or c % 7,
        }
        for c, cls in enumerate(classes)
        for s in range(students_per_class)
    ]
    students = env["school.student"].browse()
    for chunk in _batches(student_values, batch):
        students |= env["school.student"].create(chunk)
    by_class = {}
    for student in students.with_context(active_test=False):
        by_class.setdefault(student.class_id.id, []).append(student.id)
    applications = env["mentorship.application"].create(
        [{"employee_id": m.id, "term_id": term.id, "state": "confirmed"} for m in mentors]
    )
    term.write({"state": "running"})
    assignment_values = []
    for c, cls in enumerate(classes):
        m = c % mentors_count
        date_start, date_end = start, end
        if c % 10 == 3:  # a late start: the first weeks do not count
            date_start = start + datetime.timedelta(days=40)
        elif c % 20 == 7:  # left early (R-APP-3)
            date_end = min(end, today - datetime.timedelta(days=12))
        assignment_values.append(
            {
                "term_id": term.id,
                "employee_id": mentors[m].id,
                "class_id": cls.id,
                "application_id": applications[m].id,
                "date_start": date_start,
                "date_end": date_end,
            }
        )
    assignments = env["mentorship.assignment"].create(assignment_values)
    env["school.class.ranking"].create(
        [
            {
                "term_id": term.id,
                "class_id": cls.id,
                "score": 100 - c % 50,
                "rank_department": c // departments + 1,
                "rank_grade": c % 40 + 1,
            }
            for c, cls in enumerate(classes)
        ]
    )
    task_types = {
        t.code: t.id for t in env["mentorship.task.type"].with_context(active_test=False).search([])
    }
    areas = env["mentorship.guidance.area"].search([])
    dorm_of = {d.class_id.id: d.id for d in dormitories}
    assignment_list = list(assignments)
    log_values = []
    for i in range(entries_count):
        assignment = assignment_list[i % len(assignment_list)]
        task = TASKS[rng.randrange(len(TASKS))]
        last = min(today, assignment.date_end)
        span = max(0, (last - assignment.date_start).days)
        values = {
            "assignment_id": assignment.id,
            "task_type_id": task_types[task],
            "date": assignment.date_start + datetime.timedelta(days=rng.randint(0, span)),
            "topic": f"主题{i}",
            "lesson": "数学",
            "students_state": "良好",
            "note": "总结",
            "guidance_area_ids": [(6, 0, areas[i % len(areas)].ids)],
        }
        if task in ("talk", "student_pairing"):
            pool = by_class[assignment.class_id.id]
            named = rng.sample(pool[1:], min(len(pool) - 1, rng.randint(1, 3)))
            if i % 5 == 0:
                named.append(pool[0])  # maybe a student who left school since
            values["student_ids"] = [(6, 0, named)]
            values.update(agreed_head_teacher=True, agreed_teachers=True, agreed_league=True)
        if task == "dormitory":
            values["dormitory_id"] = dorm_of[assignment.class_id.id]
        log_values.append(values)
    for chunk in _batches(log_values, batch):
        env["mentorship.log"].create(chunk)
    env.flush_all()
    return {
        "company": company,
        "term": term,
        "policy": policy,
        "mentor_user": mentor_user,
        "mentors": mentors,
        "classes": classes,
        "assignments": assignments,
        "task_types": task_types,
        "guidance_areas": areas,
    }
