"""Trust: bad input sent by an external (XML-RPC/JSON-RPC) caller.

Every value, field name, command and method argument below is something a
client can send through ``execute_kw``. Each must be refused with a clean
Odoo error (ValidationError, UserError or AccessError) that carries a
message, and must leave nothing behind: the records it aimed at read the
same afterwards and no record was created.

The calls are made as the role that would make them for real, never as the
superuser, who skips the guards by design. Each call is flushed and its
commit-time hooks (tracking) run, as an RPC request would; a database error
(psycopg2) or a Python error (ValueError, KeyError, TypeError...) is not a
clean refusal. A constraint of the database that carries the programme's
own message counts as clean: the RPC layer answers it with that message.
"""

import datetime
import math
import re
from collections import namedtuple

import psycopg2

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import STATEMENT
from .test_evaluation import EvaluationCase

D = datetime.date
MB = "x" * (1 << 20)
NAN = math.nan
INF = math.inf
# Any of the three clean errors (AccessError and ValidationError are UserErrors)
REFUSED = UserError
MIN_CASES = 60
# Columns that change whenever anything is written, and so prove nothing
NOISE = {"write_date", "write_uid", "create_date", "create_uid", "__last_update"}

Case = namedtuple("Case", "label call watch expected")


def _writes(records, user, vals):
    return lambda: records.with_user(user).write(vals)


def _creates(model, user, vals):
    return lambda: model.with_user(user).create(vals)


def _write_cases(records, user, expected, rows, watch=None):
    """One case per (label, values): ``user`` writes the values on ``records``."""
    return [
        Case(label, _writes(records, user, vals), watch or records, expected)
        for label, vals in rows
    ]


def _create_cases(model, user, base, expected, rows):
    """One case per (label, values): ``user`` creates ``base`` with the
    values added (or, when they are no mapping, exactly what is given)."""
    return [
        Case(
            label,
            _creates(model, user, {**base, **vals} if isinstance(vals, dict) else vals),
            model._name,
            expected,
        )
        for label, vals in rows
    ]


def _call_cases(call, watch, expected, rows):
    """One case per (label, argument): ``call(argument)`` makes the call."""
    return [Case(label, call(argument), watch, expected) for label, argument in rows]


@tagged("post_install", "-at_install")
class TestBadInput(EvaluationCase):
    """Issue "Trust": at least sixty bad inputs, each refused cleanly."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        office = cls.users["office"]
        Term = cls.env["mentorship.term"]
        Application = cls.env["mentorship.application"]
        department = cls.class_a.department_id
        cls.office = office
        cls.manager = cls.users["manager"]
        cls.other_company = cls.env["res.company"].create({"name": "另一所学院"})

        # a term open for applications, and a draft one nobody applied for
        cls.app_term = Term.with_user(office).create(
            {
                "academic_year": "2026-2027",
                "term_number": "1",
                "date_start": D(2026, 9, 1),
                "date_end": D(2027, 1, 20),
            }
        )
        cls.app_term.action_open_applications()
        cls.draft_term = Term.with_user(office).create(
            {
                "academic_year": "2028-2029",
                "term_number": "1",
                "date_start": D(2028, 9, 1),
                "date_end": D(2029, 1, 20),
            }
        )

        # R-ELIG-1(b) + R-ELIG-4: two eligible applicants
        facts = {
            "department_id": department.id,
            "mentor_title_level": "associate_senior",
            "mentor_education": "master",
            "mentor_head_teacher_years": 5,
            "birthday": D(1980, 5, 1),
        }
        cls.applicant = new_test_user(
            cls.env, login="test_bad_applicant", groups="base.group_user", name="孙丽"
        )
        cls.candidate = new_test_user(
            cls.env, login="test_bad_candidate", groups="base.group_user", name="周强"
        )
        cls.env["hr.employee"].create(
            [
                {"name": "孙丽", "user_id": cls.applicant.id, **facts},
                {"name": "周强", "user_id": cls.candidate.id, **facts},
            ]
        )
        declarations = {
            "term_id": cls.app_term.id,
            "declare_devotion": True,
            "declare_ethics": True,
            "declare_fitness": True,
            "five_education_specialty": "labour",
            "study_work_history": "2002-2006 山东师范大学 本科",
            "achievements": "市级优秀班主任",
        }
        cls.draft_app = Application.with_user(cls.applicant).create(dict(declarations))
        cls.submitted_app = Application.with_user(cls.candidate).create(dict(declarations))
        cls.submitted_app.with_user(cls.candidate).action_submit()
        # mentor A's application for the running term, confirmed long ago
        cls.confirmed_app = Application.sudo().create(
            {
                "employee_id": cls.assignment_a.employee_id.id,
                "term_id": cls.term.id,
                "state": "confirmed",
            }
        )

        # a third class without a mentor, and a spare employee
        cls.class_c = cls.env["school.class"].create(
            {
                "name": "25计算机3班",
                "code": "C1",
                "grade_year": 2025,
                "department_id": department.id,
                "head_teacher_id": cls.class_b.head_teacher_id.id,
            }
        )
        cls.spare_employee = cls.env["hr.employee"].create({"name": "导师丙"})

        # handbook: an entry of mentor A; mentor B's handbook submitted
        cls.entry = (
            cls.env["mentorship.log"]
            .with_user(cls.mentor_a)
            .create(
                {
                    "assignment_id": cls.assignment_a.id,
                    "date": D(2025, 9, 12),
                    "task_type_id": cls.types["activity"].id,
                    "setting": "class",
                    "topic": "篮球赛",
                    "guidance_area_ids": [(6, 0, cls.area.ids)],
                }
            )
        )
        cls.assignment_b.sudo().write(
            {"handbook_state": "submitted", "handbook_submit_date": D(2025, 11, 30)}
        )

        # grades and their inputs, as the server computes them
        cls.evaluation = (
            cls.env["mentorship.evaluation"]
            .sudo()
            .create(
                {
                    "term_id": cls.term.id,
                    "employee_id": cls.assignment_b.employee_id.id,
                    "assignment_ids": [(6, 0, cls.assignment_b.ids)],
                    "computed_result": "pass",
                    "full_term": True,
                    "state": "computed",
                }
            )
        )
        cls.student_evaluation = (
            cls.env["mentorship.student.evaluation"]
            .sudo()
            .create(
                {
                    "term_id": cls.term.id,
                    "class_id": cls.class_b.id,
                    "source": "manual",
                    "manual_class_size": 7,
                    "manual_participant_count": 5,
                    "manual_mean_score": 80,
                    "report_file": STATEMENT,
                    "report_file_name": "评价报告.pdf",
                }
            )
        )
        cls.ranking_a, cls.ranking_b = (
            cls.env["school.class.ranking"]
            .sudo()
            .create(
                [
                    {
                        "term_id": cls.term.id,
                        "class_id": cls.class_a.id,
                        "score": 90,
                        "rank_department": 1,
                        "rank_grade": 1,
                    },
                    {
                        "term_id": cls.term.id,
                        "class_id": cls.class_b.id,
                        "score": 80,
                        "rank_department": 2,
                        "rank_grade": 2,
                    },
                ]
            )
        )

        # a policy version of the future (judges no term) and one of its quotas
        cls.policy = (
            cls.env["mentorship.policy"]
            .sudo()
            .create({"name": "测试版本", "date_from": D(2090, 1, 1)})
        )
        cls.quota = (
            cls.env["mentorship.policy.quota"]
            .sudo()
            .create(
                {
                    "policy_id": cls.policy.id,
                    "rule": "R-TASK-4",
                    "task_type_id": cls.types["observation"].id,
                    "min_count": 2,
                }
            )
        )
        cls.confirmation = (
            cls.env["mentorship.confirmation"]
            .sudo()
            .create({"term_id": cls.app_term.id, "document_number": "聊技师院发〔2026〕1号"})
        )
        cls.training = (
            cls.env["mentorship.training"]
            .sudo()
            .create({"name": "导师培训", "term_id": cls.term.id})
        )
        cls.tag = cls.env["mentorship.tag"].create({"name": "心理疏导"})
        cls.hr_officer = new_test_user(
            cls.env,
            login="test_bad_hr_officer",
            groups="base.group_user,hr.group_hr_user",
            name="人事专员",
        )

    # ------------------------------------------------------------ harness
    def _snapshot(self, watch):
        """What the watched records hold, and how many records each watched
        model has: a refused call must leave both as they were."""
        items = watch if isinstance(watch, list | tuple) else [watch]
        state = []
        for item in items:
            if isinstance(item, str):
                model = self.env[item].sudo().with_context(active_test=False)
                state.append((item, model.search_count([])))
                continue
            records = item.sudo().with_context(active_test=False, bin_size=True)
            names = [
                name
                for name, field in records._fields.items()
                if field.store and field.type != "one2many" and name not in NOISE
            ]
            state.append((records._name, records.read(names)))
        return state

    def _attempt(self, case):
        """Run the call as a client would, then put the database back."""
        outer = self.env.cr.savepoint()
        try:
            before = self._snapshot(case.watch)
            self.env.invalidate_all()
            caught = None
            try:
                with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                    case.call()
                    self.env.flush_all()
            except psycopg2.IntegrityError as error:
                # what the RPC layer answers (odoo.service.model): the
                # constraint's own message, as a ValidationError
                caught = self._as_rpc_error(error)
            except Exception as error:  # judged below: only clean errors pass
                caught = error
            self.env.invalidate_all()
            after = self._snapshot(case.watch)
        finally:
            outer.close(rollback=True)
            self.env.invalidate_all()
        return caught, before, after

    def _as_rpc_error(self, error):
        model = next(
            (
                self.env[name]
                for name, cls in self.env.registry.items()
                if cls._table == error.diag.table_name
            ),
            self.env["base"],
        )
        message = model._sql_error_to_message(error)
        if message == error.pgerror or "violates" in message:
            return error  # no message of ours: a raw database error
        return ValidationError(message)

    def _problem(self, case):
        """What went wrong with a case, or None when it was refused cleanly."""
        caught, before, after = self._attempt(case)
        problems = []
        if caught is None:
            problems.append("accepted without an error")
        elif not isinstance(caught, case.expected):
            problems.append(f"raised {type(caught).__module__}.{type(caught).__name__}: {caught}")
        else:
            message = caught.args[0] if caught.args else ""
            if not isinstance(message, str) or not message.strip():
                problems.append(f"{type(caught).__name__} without a message")
            elif re.search(r"^<|object at 0x|Traceback|^\w+Error\(", message):
                problems.append(f"{type(caught).__name__} shows a Python repr: {message[:200]}")
        if after != before:
            problems.append(f"left a write behind: {_diff(before, after)}")
        return "; ".join(problems) or None

    def _check_cases(self, cases):
        labels = [case.label for case in cases]
        self.assertEqual(len(set(labels)), len(labels), "case labels must be distinct")
        # unittest reports each failing subTest; a runner that cannot (pytest
        # without subtest support) stops at the first, so collect them all.
        reported = getattr(self._outcome, "result_supports_subtests", True)
        failures = []
        for case in cases:
            with self.subTest(case.label):
                problem = self._problem(case)
                if problem:
                    failures.append(f"{case.label}: {problem}")
                    if reported:
                        self.fail(problem)
        if failures and not reported:
            summary = "\n- ".join(failures)
            self.fail(
                f"{len(failures)} of {len(cases)} bad inputs not refused cleanly:\n- {summary}"
            )

    # -------------------------------------------------------------- tables
    def _term_and_class_cases(self):
        office = self.office
        Term, Class = self.env["mentorship.term"], self.env["school.class"]
        Student, Dormitory = self.env["school.student"], self.env["school.dormitory"]
        term, klass, student = self.draft_term, self.class_a, self.students_a[0]
        new_term = {
            "academic_year": "2029-2030",
            "term_number": "1",
            "date_start": D(2029, 9, 1),
            "date_end": D(2030, 1, 20),
        }
        new_class = {"name": "26机电1班", "code": "JD2601", "grade_year": 2026}
        new_student = {"name": "新生", "student_number": "N1"}
        return [
            *_create_cases(Term, office, new_term, ValidationError, [
                ("term: academic_year '2026-2028' (not consecutive)",
                 {"academic_year": "2026-2028"}),
                ("term: academic_year 'abc'", {"academic_year": "abc"}),
                ("term: academic_year '9998-9999'", {"academic_year": "9998-9999"}),
                ("term: academic_year of 1 MB", {"academic_year": MB}),
                ("term: academic_year as a list", {"academic_year": ["2029-2030"]}),
                ("term: term_number '3'", {"term_number": "3"}),
                ("term: term_number 1 as an integer", {"term_number": 1}),
            ]),
            *_write_cases(term, office, ValidationError, [
                ("term: date_start '2028-02-30'", {"date_start": "2028-02-30"}),
                ("term: date_start 'not a date'", {"date_start": "not a date"}),
                ("term: date_start in year 1", {"date_start": "0001-09-01"}),
                ("term: date_end 20290120 as an integer", {"date_end": 20290120}),
                ("term: date_end outside its academic year", {"date_end": "2030-01-20"}),
                ("term: longer than eight months", {"date_end": "2029-07-20"}),
                ("term: ends before it starts",
                 {"date_start": "2029-01-20", "date_end": "2028-09-01"}),
                ("term: unknown field 'budget'", {"budget": 1000}),
                ("term: name of 1 MB", {"name": MB}),
                ("term: policy_id -1", {"policy_id": -1}),
                ("term: write_uid written", {"write_uid": 1}),
            ]),
            *_write_cases(term, office, AccessError, [
                ("term: state written directly", {"state": "closed"}),
                ("term: allow_late_confirmation by an officer", {"allow_late_confirmation": True}),
                ("term: company_id of another company", {"company_id": self.other_company.id}),
            ]),
            *_write_cases(self.app_term, office, UserError, [
                ("R-MISC-2 term: dates changed after staff applied", {"date_end": "2027-01-10"}),
            ]),
            *_write_cases(klass, office, ValidationError, [
                ("class: name of 1 MB", {"name": MB}),
                ("class: name with a NUL character", {"name": "25计算机\x001班"}),
                ("class: code of 65 characters", {"code": "C" * 65}),
                ("class: grade_year -5", {"grade_year": -5}),
                ("class: grade_year 2**40", {"grade_year": 2**40}),
                ("class: grade_year '2024' as text", {"grade_year": "2024"}),
                ("class: grade_year 2024.5", {"grade_year": 2024.5}),
                ("class: head_teacher_id -5", {"head_teacher_id": -5}),
                ("class: head_teacher_id 2**40", {"head_teacher_id": 2**40}),
                ("class: department_id 'abc'", {"department_id": "abc"}),
                ("class: need_tag_ids [(9, 0, 0)]", {"need_tag_ids": [(9, 0, 0)]}),
                ("class: need_tag_ids 'abc'", {"need_tag_ids": "abc"}),
                ("class: need_tag_ids [[]] (empty command)", {"need_tag_ids": [[]]}),
                ("class: need_tag_ids [(6, 0, '1,2')]", {"need_tag_ids": [(6, 0, "1,2")]}),
                ("class: active 'no'", {"active": "no"}),
                ("class: unknown field 'capacity'", {"capacity": 40}),
                ("class: values as a list of pairs", [("name", "x")]),
            ]),
            *_write_cases(klass, office, REFUSED, [
                ("class: need_tag_ids [(4, -1)] (negative id)", {"need_tag_ids": [(4, -1)]}),
                ("class: need_tag_ids [(4, 2**40)] (id out of range)",
                 {"need_tag_ids": [(4, 2**40)]}),
            ]),
            *_write_cases(klass, office, AccessError, [
                ("class: student_count (computed) written", {"student_count": 99}),
            ]),
            *_create_cases(Class, office, new_class, ValidationError, [
                ("class: code of 1 MB", {"code": MB}),
                ("class: grade_year True", {"grade_year": True}),
                ("class: create with a number instead of values", 42),
                ("class: create with a code already used", {"code": klass.code}),
            ]),
            *_create_cases(Student, office, new_student, ValidationError, [
                ("student: student_number of 1 MB", {"student_number": MB}),
                ("student: student_number of 65 characters", {"student_number": "9" * 65}),
                ("student: name as a list", {"name": ["新生"]}),
                ("student: student_number already used",
                 {"student_number": student.student_number}),
            ]),
            *_write_cases(student, office, ValidationError, [
                ("student: class_id 'x'", {"class_id": "x"}),
                ("student: dormitory of another class", {"dormitory_id": self.dorm_b.id}),
                ("student: active 2", {"active": 2}),
            ]),
            *_create_cases(Dormitory, office, {}, ValidationError, [
                ("dormitory: name of 1 MB", {"name": MB}),
            ]),
            *_write_cases(self.dorm_a, office, ValidationError, [
                ("dormitory: class_id -3", {"class_id": -3}),
            ]),
        ]  # fmt: skip

    def _policy_cases(self):
        manager, office = self.manager, self.office
        Policy, Quota = self.env["mentorship.policy"], self.env["mentorship.policy.quota"]
        policy, quota, activity = self.policy, self.quota, self.types["activity"]
        new_policy = {"name": "新版本", "date_from": D(2091, 1, 1)}
        new_quota = {
            "policy_id": policy.id,
            "rule": "R-TASK-5",
            "task_type_id": activity.id,
            "min_count": 1,
        }
        return [
            *_create_cases(Policy, manager, new_policy, ValidationError, [
                ("R-ELIG-2 policy: cadre_age_limit -1 on a new version", {"cadre_age_limit": -1}),
                ("R-MISC-2 policy: date_from '0001-01-01'", {"date_from": "0001-01-01"}),
            ]),
            *_write_cases(policy, manager, ValidationError, [
                ("R-ELIG-2 policy: cadre_age_limit 2**40", {"cadre_age_limit": 2**40}),
                ("R-ELIG-2 policy: cadre_age_limit -1 written", {"cadre_age_limit": -1}),
                ("policy: max_classes_per_mentor 0", {"max_classes_per_mentor": 0}),
                ("policy: max_classes_per_mentor 11", {"max_classes_per_mentor": 11}),
                ("R-MISC-2 policy: date_from 1999-12-31", {"date_from": "1999-12-31"}),
                ("policy: reminder_days 32", {"reminder_days": 32}),
                ("policy: reminder_days -1", {"reminder_days": -1}),
                ("R-TASK-2b policy: talk_ratio NaN", {"talk_ratio": NAN}),
                ("R-EVAL-3 policy: participation_ratio 0", {"participation_ratio": 0}),
                ("R-EVAL-4 policy: new_class_top_ratio 1.5", {"new_class_top_ratio": 1.5}),
                ("policy: student_score_pass inf", {"student_score_pass": INF}),
                ("policy: student_score_pass 101", {"student_score_pass": 101}),
                ("R-ELIG-4 policy: min_head_teacher_years -1", {"min_head_teacher_years": -1}),
                ("R-MATCH-3 policy: new_head_teacher_months 121",
                 {"new_head_teacher_months": 121}),
                ("policy: partial_month_min_days 0", {"partial_month_min_days": 0}),
                ("R-EVAL-4 policy: quantification_basis 'both'",
                 {"quantification_basis": "both"}),
                ("policy: note of 300 000 characters", {"note": f"<p>{'x' * 300_000}</p>"}),
                ("policy: name as a list", {"name": ["新版本"]}),
            ]),
            *_write_cases(self.term.policy_id, manager, UserError, [
                ("R-MISC-2 policy: threshold of a version judging a running term",
                 {"cadre_age_limit": 45}),
            ]),
            *_create_cases(Quota, manager, new_quota, ValidationError, [
                ("quota: min_count -1", {"min_count": -1}),
                ("quota: rule of 33 characters", {"rule": "R" * 33}),
            ]),
            *_write_cases(quota, manager, ValidationError, [
                ("quota: min_count 1001", {"min_count": 1001}),
                ("quota: period 'week'", {"period": "week"}),
            ]),
            *_create_cases(self.env["mentorship.task.type"], manager, {"name": "家访"},
                           ValidationError, [
                ("task type: code of 33 characters", {"code": "k" * 33}),
            ]),
            *_write_cases(activity, manager, ValidationError, [
                ("task type: sequence 'first'", {"sequence": "first"}),
            ]),
            *_create_cases(self.env["mentorship.guidance.area"], manager, {"name": "家校沟通"},
                           ValidationError, [
                ("guidance area: code of 1 MB", {"code": MB}),
            ]),
            *_create_cases(self.env["mentorship.tag"], office, {}, ValidationError, [
                ("tag: name of 1 MB", {"name": MB}),
            ]),
            *_write_cases(self.tag, office, ValidationError, [
                ("tag: color 'red'", {"color": "red"}),
            ]),
        ]  # fmt: skip

    def _application_cases(self):
        applicant, candidate, office = self.applicant, self.candidate, self.office
        Application = self.env["mentorship.application"]
        app, submitted = self.draft_app, self.submitted_app
        under_review = [submitted, submitted.review_ids]
        new_app = {
            "term_id": self.app_term.id,
            "declare_devotion": True,
            "five_education_specialty": "moral",
        }

        def withdraw(kwargs):
            values = {"reason": "调任其他岗位", "statement": STATEMENT, **kwargs}
            return lambda: app.with_user(applicant).action_withdraw(**values)

        def reject(reason):
            return lambda: submitted.with_user(office).action_reject(reason=reason)

        def restart(reason):
            return lambda: submitted.with_user(office).restart_validation(reason=reason)

        def comment(text):
            def call():
                reviewer = self.users["discipline"]
                action = submitted.with_user(reviewer).validate_tier()
                wizard = (
                    self.env["comment.wizard"]
                    .with_user(reviewer)
                    .with_context(**action["context"])
                    .create({"comment": text})
                )
                wizard.add_comment()

            return call

        def reject_wizard(reason):
            def call():
                wizard = (
                    self.env["mentorship.application.reason"]
                    .with_user(office)
                    .create({"application_ids": submitted.ids, "mode": "reject", "reason": reason})
                )
                wizard.action_apply()

            return call

        def withdraw_confirmed(date):
            return lambda: self.confirmed_app.with_user(self.mentor_a).action_withdraw(
                reason="调任", statement=STATEMENT, date=date
            )

        after_term = self.term.date_end + datetime.timedelta(days=30)
        return [
            # fields the workflow owns, and the application's identity
            *_write_cases(app, applicant, AccessError, [
                ("application: state written", {"state": "confirmed"}),
                ("application: eligible written", {"eligible": True}),
                ("application: user_id written", {"user_id": self.users["staff"].id}),
                ("application: employee_id written", {"employee_id": self.spare_employee.id}),
                ("application: term_id written", {"term_id": self.term.id}),
                ("application: company_id written", {"company_id": self.other_company.id}),
                ("R-ELIG-2 application: fact_age written", {"fact_age": 30}),
                ("application: submit_date written", {"submit_date": "2026-09-02"}),
                ("application: reject_reason written", {"reject_reason": "x"}),
            ]),
            *_write_cases(submitted, candidate, AccessError, [
                ("R-REV-1 application: review_ids cleared by the applicant",
                 {"review_ids": [(5, 0, 0)]}),
            ], watch=under_review),
            # values
            *_write_cases(app, applicant, ValidationError, [
                ("R-ELIG-5 application: declare_devotion 'yes'", {"declare_devotion": "yes"}),
                ("R-ELIG-5 application: five_education_specialty 'math'",
                 {"five_education_specialty": "math"}),
                ("application: study_work_history of 1 MB", {"study_work_history": MB}),
                ("application: achievements as a dict", {"achievements": {"prize": 1}}),
                ("application: gender 'unknown'", {"gender": "unknown"}),
                ("R-MATCH-2 application: strength_tag_ids [(4, 'x')]",
                 {"strength_tag_ids": [(4, "x")]}),
                ("application: unknown field 'salary'", {"salary": 9000}),
                ("application: id written", {"id": app.id + 1}),
            ]),
            *_create_cases(Application, applicant, new_app, AccessError, [
                ("application: create for a colleague", {"employee_id": self.spare_employee.id}),
            ]),
            *_create_cases(Application, self.mentor_b, new_app, UserError, [
                ("R-APP-1 application: create for a term not open for applications",
                 {"term_id": self.term.id}),
            ]),
            *_create_cases(Application, self.mentor_b, new_app, AccessError, [
                ("application: create already confirmed", {"state": "confirmed"}),
            ]),
            *_create_cases(Application, self.mentor_b, new_app, ValidationError, [
                ("application: create with employee_id -1", {"employee_id": -1}),
                ("application: create with a text instead of values", ["not a mapping"]),
            ]),
            # R-APP-3: withdrawing, with a reason and a written statement
            *_call_cases(withdraw, app, ValidationError, [
                ("R-APP-3 withdrawal reason as a list", {"reason": ["调任"]}),
                ("R-APP-3 withdrawal reason as a dict", {"reason": {"why": "调任"}}),
                ("R-APP-3 withdrawal reason of 1 MB", {"reason": MB}),
                ("R-APP-3 withdrawal reason blank", {"reason": "   "}),
                ("R-APP-3 withdrawal statement 'not base64!!'", {"statement": "not base64!!"}),
                ("R-APP-3 withdrawal statement 12345", {"statement": 12345}),
                ("R-APP-3 withdrawal statement as a dict", {"statement": {"file": "x"}}),
                ("R-APP-3 withdrawal statement_name as a list", {"statement_name": ["a.pdf"]}),
                ("R-APP-3 withdrawal statement_name of 1 MB", {"statement_name": MB}),
                ("R-APP-3 withdrawal dated 9999-12-31", {"date": "9999-12-31"}),
                ("R-APP-3 withdrawal dated 2026-02-30", {"date": "2026-02-30"}),
                ("R-APP-3 withdrawal dated 'not a date'", {"date": "not a date"}),
                ("R-APP-3 withdrawal dated 20261101 as an integer", {"date": 20261101}),
                ("R-APP-3 withdrawal dated 0001-01-01", {"date": "0001-01-01"}),
                ("R-APP-3 withdrawal dated 1850-01-01", {"date": "1850-01-01"}),
            ]),
            *_call_cases(withdraw, app, UserError, [
                ("R-APP-3 withdrawal without a written statement", {"statement": None}),
            ]),
            *_call_cases(withdraw_confirmed, self.confirmed_app, ValidationError, [
                ("R-APP-3 withdrawal of a confirmed mentor dated after the term", after_term),
            ]),
            # rejecting, restarting and deciding a review
            *_call_cases(reject, under_review, ValidationError, [
                ("application: reject reason as a list", ["x"]),
                ("application: reject reason as a dict", {"a": 1}),
                ("application: reject reason 42", 42),
                ("application: reject reason of 1 MB", MB),
                ("application: reject reason blank", "   "),
                ("application: reject reason as bytes", b"bytes"),
            ]),
            *_call_cases(reject_wizard, under_review, ValidationError, [
                ("application: reject wizard with a reason of 1 MB", MB),
            ]),
            *_call_cases(restart, under_review, ValidationError, [
                ("R-REV-1 restart reason as a list", ["x"]),
                ("R-REV-1 restart reason of 1 MB", MB),
                ("R-REV-1 restart reason 3.14", 3.14),
            ]),
            *_call_cases(comment, under_review, ValidationError, [
                ("R-REV-1 reviewer comment of 1 MB", MB),
                ("R-REV-1 reviewer comment blank", "   "),
            ]),
        ]  # fmt: skip

    def _handbook_cases(self):
        office, mentor = self.office, self.mentor_a
        Assignment, Log = self.env["mentorship.assignment"], self.env["mentorship.log"]
        assignment, submitted, entry = self.assignment_a, self.assignment_b, self.entry
        new_assignment = {
            "term_id": self.term.id,
            "employee_id": self.spare_employee.id,
            "class_id": self.class_c.id,
            "date_start": D(2025, 9, 1),
            "date_end": D(2025, 11, 30),
        }
        new_entry = {
            "assignment_id": assignment.id,
            "date": D(2025, 9, 15),
            "task_type_id": self.types["activity"].id,
            "topic": "篮球赛",
            "guidance_area_ids": [(6, 0, self.area.ids)],
        }

        def reopen(reason):
            return lambda: submitted.with_user(office).action_reopen_handbook(reason=reason)

        def reopen_wizard(reason):
            def call():
                wizard = (
                    self.env["mentorship.handbook.reopen"]
                    .with_user(office)
                    .create({"assignment_ids": submitted.ids, "reason": reason})
                )
                wizard.action_apply()

            return call

        return [
            # R-EVAL-2: the Student Affairs Office reopens a submitted handbook
            *_call_cases(reopen, submitted, ValidationError, [
                ("R-EVAL-2 reopen reason as a list", ["x"]),
                ("R-EVAL-2 reopen reason of 1 MB", MB),
                ("R-EVAL-2 reopen reason blank", "   "),
                ("R-EVAL-2 reopen reason as a dict", {"k": "v"}),
            ]),
            *_call_cases(reopen_wizard, submitted, ValidationError, [
                ("R-EVAL-2 reopen wizard with a reason of 1 MB", MB),
            ]),
            # mentorship.assignment
            *_write_cases(assignment, office, AccessError, [
                ("assignment: state written", {"state": "ended"}),
                ("assignment: employee_id written", {"employee_id": self.spare_employee.id}),
            ]),
            *_write_cases(submitted, office, AccessError, [
                ("R-EVAL-2 assignment: handbook_state written", {"handbook_state": "open"}),
            ]),
            *_write_cases(assignment, office, ValidationError, [
                ("assignment: date_start '2025-02-30'", {"date_start": "2025-02-30"}),
                ("assignment: ends before it starts",
                 {"date_start": "2025-11-01", "date_end": "2025-10-01"}),
                ("assignment: starts before the term", {"date_start": "2025-08-01"}),
                ("assignment: summary of 300 000 characters",
                 {"summary": f"<p>{'x' * 300_000}</p>"}),
                ("assignment: application_id -1", {"application_id": -1}),
            ]),
            *_write_cases(assignment, office, REFUSED, [
                ("R-MATCH-3 assignment: priority_data 'abc' written", {"priority_data": "abc"}),
            ]),
            *_create_cases(Assignment, office, new_assignment, ValidationError, [
                ("R-MATCH-2 assignment: head teacher mentors own class",
                 {"employee_id": self.class_c.head_teacher_id.id}),
            ]),
            *_create_cases(Assignment, office, new_assignment, REFUSED, [
                ("R-MATCH-3 assignment: created with priority_data [{'x': 1}]",
                 {"priority_data": [{"x": 1}]}),
            ]),
            # mentorship.log: the mentor's own handbook entries
            *_write_cases(entry, mentor, ValidationError, [
                ("handbook entry: topic of 1 MB", {"topic": MB}),
                ("handbook entry: date '2025-09-31'", {"date": "2025-09-31"}),
                ("handbook entry: dated 2099-01-01 (future)", {"date": "2099-01-01"}),
                ("R-DUTY-2 handbook entry: setting 'space'", {"setting": "space"}),
                ("R-DUTY-3 handbook entry: guidance areas cleared",
                 {"guidance_area_ids": [(5, 0, 0)]}),
                ("R-DUTY-3 handbook entry: guidance_area_ids [(9, 0, 0)]",
                 {"guidance_area_ids": [(9, 0, 0)]}),
                ("handbook entry: guidance_area_ids [(True, 1)]",
                 {"guidance_area_ids": [(True, 1)]}),
                ("handbook entry: agreed_head_teacher 'yes'", {"agreed_head_teacher": "yes"}),
                ("handbook entry: note of 1 MB", {"note": MB}),
                ("handbook entry: attachment_ids [(0, 0, 'file')]",
                 {"attachment_ids": [(0, 0, "file")]}),
            ]),
            *_write_cases(entry, mentor, AccessError, [
                ("handbook entry: assignment_id written", {"assignment_id": submitted.id}),
                ("handbook entry: task_code (related) written", {"task_code": "x"}),
                ("handbook entry: month (computed) written", {"month": "2025-13"}),
            ]),
            *_write_cases(entry, mentor, REFUSED, [
                ("handbook entry: a student of another class",
                 {"student_ids": [(4, self.students_b[0].id)]}),
                ("handbook entry: student_ids [(4, -1)]", {"student_ids": [(4, -1)]}),
                ("handbook entry: task_type_id of a missing record",
                 {"task_type_id": 2**31 - 2}),
            ]),
            *_create_cases(Log, mentor, new_entry, ValidationError, [
                ("handbook entry: dated before the assignment", {"date": D(2025, 8, 1)}),
            ]),
        ]  # fmt: skip

    def _grade_cases(self):
        office, department = self.office, self.department_user
        evaluation, student_eval = self.evaluation, self.student_evaluation
        ranking, rankings = self.ranking_a, self.ranking_a | self.ranking_b
        return [
            # mentorship.evaluation: grades change by computing or overriding
            *_write_cases(evaluation, office, AccessError, [
                ("R-EVAL-1 evaluation: computed_result written", {"computed_result": "fail"}),
                ("R-EVAL-1 evaluation: result written", {"result": "fail"}),
                ("R-EVAL-5 evaluation: state written", {"state": "final"}),
                ("R-USE-2 evaluation: full_term written", {"full_term": False}),
                ("R-USE-2 evaluation: title_points_eligible written",
                 {"title_points_eligible": False}),
                ("evaluation: reason_data written", {"reason_data": []}),
                ("evaluation: assignment_ids cleared", {"assignment_ids": [(5, 0, 0)]}),
                ("evaluation: employee_id written", {"employee_id": self.spare_employee.id}),
            ]),
            *_write_cases(evaluation, office, ValidationError, [
                ("evaluation: override_result 'maybe'",
                 {"override_result": "maybe", "override_reason": "x"}),
                ("evaluation: override with a blank reason",
                 {"override_result": "fail", "override_reason": "  "}),
                ("evaluation: override_reason of 1 MB", {"override_reason": MB}),
                ("R-MISC-1 evaluation: misconduct as a list", {"misconduct": ["伪造记录"]}),
                ("R-MISC-1 evaluation: override to pass with misconduct recorded",
                 {"misconduct": "伪造记录", "override_result": "pass",
                  "override_reason": "表现良好"}),
            ]),
            *_create_cases(self.env["mentorship.evaluation"], office,
                           {"term_id": self.term.id}, AccessError, [
                ("R-EVAL-1 evaluation: created by an officer",
                 {"employee_id": self.spare_employee.id}),
            ]),
            # mentorship.student.evaluation: the department enters the figures
            *_write_cases(student_eval, department, AccessError, [
                ("R-EVAL-3 student evaluation: mean_score (computed) written",
                 {"mean_score": 50}),
                ("R-EVAL-3 student evaluation: participant_count (computed) written",
                 {"participant_count": 3}),
                ("R-EVAL-3 student evaluation: valid (computed) written", {"valid": True}),
                ("R-EVAL-3 student evaluation: class_size (computed) written",
                 {"class_size": 100}),
                ("student evaluation: codes_issued (computed) written", {"codes_issued": True}),
                ("student evaluation: survey_id written", {"survey_id": 1}),
                ("student evaluation: term_id written", {"term_id": self.previous.id}),
            ]),
            *_write_cases(student_eval, department, ValidationError, [
                ("student evaluation: manual_mean_score NaN", {"manual_mean_score": NAN}),
                ("student evaluation: manual_mean_score inf", {"manual_mean_score": INF}),
                ("student evaluation: manual_mean_score 150", {"manual_mean_score": 150}),
                ("student evaluation: manual_mean_score -1", {"manual_mean_score": -1}),
                ("student evaluation: manual_mean_score '80' as text",
                 {"manual_mean_score": "80"}),
                ("R-EVAL-3 student evaluation: more participants than students",
                 {"manual_participant_count": 99}),
                ("R-EVAL-3 student evaluation: participants -3",
                 {"manual_participant_count": -3}),
                ("R-EVAL-3 student evaluation: class size below enrolment",
                 {"manual_class_size": 6}),
                ("R-EVAL-3 student evaluation: manual_class_size 2**40",
                 {"manual_class_size": 2**40}),
                ("R-EVAL-3 student evaluation: report_file 'not base64!!'",
                 {"report_file": "not base64!!"}),
                ("R-EVAL-3 student evaluation: signed report removed", {"report_file": False}),
                ("student evaluation: source 'paper'", {"source": "paper"}),
            ]),
            *_create_cases(self.env["mentorship.student.evaluation"], department,
                           {"term_id": self.term.id}, ValidationError, [
                ("R-EVAL-3 student evaluation: a second one for the class and term",
                 {"class_id": self.class_b.id}),
            ]),
            # school.class.ranking: the department enters scores and ranks
            *_write_cases(ranking, department, AccessError, [
                ("R-EVAL-4 ranking: grade_size written", {"grade_size": 9}),
                ("R-MATCH-3 ranking: department_size written", {"department_size": 9}),
                ("R-MATCH-3 ranking: bottom_third written", {"bottom_third": True}),
                ("R-EVAL-4 ranking: is_new_class written", {"is_new_class": False}),
                ("ranking: grade_year (related) written", {"grade_year": 2020}),
                ("ranking: term_id written", {"term_id": self.previous.id}),
            ]),
            *_write_cases(ranking, department, ValidationError, [
                ("ranking: rank_department 0", {"rank_department": 0}),
                ("ranking: rank_grade -1", {"rank_grade": -1}),
                ("R-MATCH-3 ranking: rank_department above the classes ranked",
                 {"rank_department": 5}),
                ("ranking: rank_grade 2**31", {"rank_grade": 2**31}),
                ("ranking: score NaN", {"score": NAN}),
                ("ranking: score inf", {"score": INF}),
                ("ranking: score 1e6", {"score": 1e6}),
                ("ranking: score '90' as text", {"score": "90"}),
            ], watch=rankings),
            *_create_cases(self.env["school.class.ranking"], department,
                           {"term_id": self.term.id, "rank_department": 1, "rank_grade": 1},
                           ValidationError, [
                ("ranking: a second one for the class and term", {"class_id": self.class_a.id}),
            ]),
        ]  # fmt: skip

    def _confirmation_cases(self):
        office, hr = self.office, self.hr_officer
        Confirmation = self.env["mentorship.confirmation"]
        confirmation, training = self.confirmation, self.training
        new = {"term_id": self.app_term.id, "document_number": "聊技师院发〔2026〕2号"}
        employee = self.assignment_a.employee_id
        lines = [confirmation, "mentorship.confirmation.line"]
        return [
            # R-REV-2: the President's Office Meeting's confirmation
            *_create_cases(Confirmation, office, new, ValidationError, [
                ("R-REV-2 confirmation: document_number of 1 MB", {"document_number": MB}),
                ("R-REV-2 confirmation: document_number of 65 characters",
                 {"document_number": "号" * 65}),
                ("R-REV-2 confirmation: document_number already used",
                 {"document_number": confirmation.document_number}),
                ("R-REV-2 confirmation: meeting_date 'yesterday'", {"meeting_date": "yesterday"}),
                ("R-REV-2 confirmation: term_id -1", {"term_id": -1}),
            ]),
            *_create_cases(Confirmation, office, new, AccessError, [
                ("R-REV-2 confirmation: created done", {"state": "done"}),
            ]),
            *_write_cases(confirmation, office, AccessError, [
                ("R-REV-2 confirmation: term_id written", {"term_id": self.term.id}),
            ]),
            *_write_cases(confirmation, office, ValidationError, [
                ("R-REV-2 confirmation: line_ids [(9, 0, 0)]", {"line_ids": [(9, 0, 0)]}),
            ]),
            *_write_cases(confirmation, office, UserError, [
                ("R-REV-2 confirmation: a decision on another term's application",
                 {"line_ids": [(0, 0, {"application_id": self.confirmed_app.id})]}),
            ], watch=lines),
            # R-MATCH-4: training sessions of the term
            *_write_cases(training, office, ValidationError, [
                ("R-MATCH-4 training: topic of 1 MB", {"name": MB}),
                ("R-MATCH-4 training: date '2026-13-01 10:00:00'",
                 {"date": "2026-13-01 10:00:00"}),
                ("R-MATCH-4 training: attendee_ids 'abc'", {"attendee_ids": "abc"}),
            ]),
            *_create_cases(self.env["mentorship.training"], office, {"name": "培训"},
                           ValidationError, [
                ("R-MATCH-4 training: term_id -1", {"term_id": -1}),
            ]),
            # the programme's facts the addon adds to the employee, written by HR
            *_write_cases(employee, hr, ValidationError, [
                ("R-ELIG-4 employee: mentor_head_teacher_years NaN",
                 {"mentor_head_teacher_years": NAN}),
                ("R-ELIG-4 employee: mentor_head_teacher_years -5",
                 {"mentor_head_teacher_years": -5}),
                ("R-ELIG-1 employee: mentor_cadre_level 'king'", {"mentor_cadre_level": "king"}),
            ]),
        ]  # fmt: skip

    def _all_cases(self):
        return [
            *self._term_and_class_cases(),
            *self._policy_cases(),
            *self._application_cases(),
            *self._handbook_cases(),
            *self._grade_cases(),
            *self._confirmation_cases(),
        ]

    # --------------------------------------------------------------- tests
    def test_bad_input_is_refused_cleanly(self):
        cases = self._all_cases()
        self.assertGreaterEqual(len(cases), MIN_CASES)
        self._check_cases(cases)

    def test_good_input_through_the_same_doors(self):
        """The same users, records and methods accept good input: the
        refusals above come from the guards, not from missing rights."""
        office, manager, department = self.office, self.manager, self.department_user
        student_eval, ranking = self.student_evaluation, self.ranking_a
        good = [
            ("term", _writes(self.draft_term, office, {"date_end": "2029-01-15"})),
            ("class", _writes(self.class_a, office, {"name": "25计算机一班", "grade_year": 2024})),
            ("class tags", _writes(self.class_a, office, {"need_tag_ids": [(4, self.tag.id)]})),
            ("student", _writes(self.students_a[0], office, {"dormitory_id": self.dorm_a.id})),
            ("policy", _writes(self.policy, manager, {"cadre_age_limit": 45, "talk_ratio": 0.4})),
            ("quota", _writes(self.quota, manager, {"min_count": 3})),
            ("application", _writes(self.draft_app, self.applicant, {"achievements": "省级"})),
            ("withdrawal", lambda: self.draft_app.with_user(self.applicant).action_withdraw(
                reason="调任其他岗位", statement=STATEMENT, statement_name="说明.pdf")),
            ("reject", lambda: self.submitted_app.with_user(office).action_reject(
                reason="材料不全")),
            ("restart", lambda: self.submitted_app.with_user(office).restart_validation(
                reason="补充材料后重审")),
            ("reopen", lambda: self.assignment_b.with_user(office).action_reopen_handbook(
                reason="补充十一月记录")),
            ("assignment", _writes(self.assignment_a, office, {"date_end": "2025-11-29"})),
            ("handbook entry", _writes(self.entry, self.mentor_a, {"topic": "足球赛"})),
            ("evaluation", _writes(self.evaluation, office,
                                   {"override_result": "fail", "override_reason": "缺勤"})),
            ("student evaluation", _writes(student_eval, department, {"manual_mean_score": 70})),
            ("ranking", _writes(ranking, department, {"score": 88})),
            ("confirmation", _creates(self.env["mentorship.confirmation"], office,
                                      {"term_id": self.app_term.id,
                                       "document_number": "聊技师院发〔2026〕3号"})),
            ("training", _writes(self.training, office, {"name": "导师培训（二）"})),
            ("employee", _writes(self.assignment_a.employee_id, self.hr_officer,
                                 {"mentor_head_teacher_years": 6})),
        ]  # fmt: skip
        for label, call in good:
            with self.subTest(label), self.env.cr.savepoint() as savepoint:
                call()
                self.env.flush_all()
                savepoint.close(rollback=True)


def _diff(before, after):
    """The first values that changed, shortly."""
    changes = []
    for (model, old), (_model, new) in zip(before, after, strict=True):
        if isinstance(old, int):
            changes.append(f"{model}: {old} -> {new} records")
            continue
        for old_row, new_row in zip(old, new, strict=False):
            for name, value in old_row.items():
                if new_row.get(name) != value:
                    changes.append(
                        f"{model}.{name}: {str(value)[:60]!r} -> {str(new_row.get(name))[:60]!r}"
                    )
    return ", ".join(changes[:5]) or "records changed"
