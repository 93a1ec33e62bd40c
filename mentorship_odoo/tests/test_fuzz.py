"""Stateful fuzz test of the workflow.

A Hypothesis state machine plays the programme's users through the ORM --
staff apply, submit and withdraw, the three review tiers decide, the Student
Affairs Office marks reviewed, records the President's Office Meeting's
confirmation and matches mentors to classes, mentors keep their handbook and
submit it, the office reopens it -- mixed with attempts nobody may make
(writing a state, approving one's own tier, writing on a submitted handbook or
a closed term, changing a final grade). A clean refusal (``UserError``,
``AccessError``, ``ValidationError``) is a valid step and leaves nothing
behind; any other exception fails. After every step the invariants of the
roles and of the regulation are checked.

``MENTORSHIP_FUZZ_STEPS`` (default 150) sets the number of steps, and
``MENTORSHIP_FUZZ_SEED`` (default 20261203) the seed: a run is reproducible.
``make fuzz`` runs the long variant.
"""

import collections
import datetime
import math
import os
import sys

from hypothesis import HealthCheck, seed, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ROLE_GROUPS, STATEMENT, SelectionCase

D = datetime.date
SEED = int(os.environ.get("MENTORSHIP_FUZZ_SEED", 20261203))
STEPS = int(os.environ.get("MENTORSHIP_FUZZ_STEPS", 150))
STEPS_PER_EXAMPLE = 75
REFUSALS = (AccessError, UserError, ValidationError)
ENTRY_VALUES = {
    "class_meeting": {"topic": "诚信教育"},
    "activity": {"topic": "篮球赛"},
    "observation": {"lesson": "数据库 李老师", "students_state": "认真听讲", "setting": "lesson"},
    "summary": {"note": "本学期工作总结"},
}
TIER_ROLES = ("discipline", "hr", "office")
FINAL_FIELDS = ("state", "computed_result", "override_result", "override_reason", "result")


def entry_snapshot(env, assignment):
    """What a handbook's entries are: ids, last write and the written values."""
    logs = env["mentorship.log"].sudo().search([("assignment_id", "=", assignment.id)])
    return {(log.id, log.write_date, log.topic, log.note, log.date) for log in logs}


class ForbiddenStepAllowed(AssertionError):
    """A step that must be refused went through."""


class WorkflowMachine(RuleBasedStateMachine):
    """The programme's users acting at random; ``case`` is the running test."""

    case = None
    steps = 0
    refusals = 0
    # rule name -> [steps done, steps refused]
    outcomes = collections.defaultdict(lambda: [0, 0])

    def __init__(self):
        super().__init__()
        self.t = type(self).case
        self.env = self.t.env
        # one savepoint per example: nothing leaks into the next one
        self.example = self.env.cr.savepoint()
        # entries of each submitted handbook as they were at submission
        self.frozen = {}

    def teardown(self):
        self.example.close(rollback=True)
        self.env.invalidate_all()

    # ----------------------------------------------------------- helpers
    def _step(self, action, forbidden=False, what=""):
        """Run one user action in a savepoint; a refusal leaves nothing."""
        WorkflowMachine.steps += 1
        outcome = WorkflowMachine.outcomes[sys._getframe(1).f_code.co_name]
        try:
            with self.env.cr.savepoint():
                action()
                self.env.flush_all()
        except REFUSALS:
            WorkflowMachine.refusals += 1
            outcome[1] += 1
            return False
        finally:
            # the next step is a new request: nothing cached survives it
            self.env.invalidate_all()
        outcome[0] += 1
        if forbidden:
            raise ForbiddenStepAllowed(f"forbidden step went through: {what}")
        return True

    @staticmethod
    def _pick(records, index):
        return records[index % len(records)] if records else records

    def _target(self, which, states):
        """Mostly an application in one of ``states`` (where the step makes
        sense), now and then any application."""
        apps = self._applications()
        relevant = apps.filtered(lambda a: a.state in states)
        return self._pick(relevant if relevant and which % 5 else apps, which)

    def _applications(self):
        return (
            self.env["mentorship.application"]
            .sudo()
            .search([("term_id", "=", self.t.term.id)], order="id")
        )

    def _entries(self, assignment):
        return self.env["mentorship.log"].sudo().search([("assignment_id", "=", assignment.id)])

    def _snapshot(self, assignment):
        return entry_snapshot(self.env, assignment)

    # ------------------------------------------------ selection (R-APP, R-REV)
    @initialize(submitted=st.integers(0, 4), reviewed=st.integers(0, 4), meeting=st.booleans())
    def start(self, submitted, reviewed, meeting):
        """Each example starts somewhere in the selection: some staff have
        submitted, some of them passed the three tiers, maybe the meeting
        decided. Every user action of the way is a step of its own."""
        office = self.t.users["office"]
        for employee in self.t.applicants[1 : 1 + submitted]:
            self._step(lambda e=employee: self.t.apply(e).with_user(e.user_id).action_submit())
        apps = self._applications().filtered(lambda a: a.state == "submitted")
        for app in apps[:reviewed]:
            for role in TIER_ROLES:
                self._step(lambda a=app, r=role: self.t.review(a, self.t.users[r]))
            self._step(lambda a=app: a.with_user(office).action_mark_reviewed())
        if meeting:
            self.confirm([True, False, True, True])

    @rule(who=st.integers(0, 20), complete=st.booleans())
    def apply(self, who, complete):
        """R-APP-1, R-APP-2: a staff member applies once per term."""
        applied = self._applications().filtered(lambda a: a.state != "withdrawn").employee_id
        free = self.t.applicants - applied
        if not free:
            self.read_own_application(who)
            return
        employee = self._pick(free, who)
        values = {} if complete else {"declare_fitness": False}
        self._step(lambda: self.t.apply(employee, **values))

    @rule(which=st.integers(0, 20))
    def submit(self, which):
        app = self._target(which, ("draft",))
        if not app:
            return None
        self._step(lambda: app.with_user(app.user_id).action_submit())

    @rule(which=st.integers(0, 20), on_term_start=st.booleans())
    def withdraw(self, which, on_term_start):
        """R-APP-3: leaving needs a reason and a written statement."""
        app = self._target(which, ("draft", "submitted", "reviewed"))
        if not app:
            return None
        date = self.t.term.date_start if on_term_start else None
        self._step(
            lambda: app.with_user(app.user_id).action_withdraw(
                reason="调任其他岗位", statement=STATEMENT, statement_name="说明.pdf", date=date
            )
        )

    @rule(which=st.integers(0, 20), role=st.sampled_from(TIER_ROLES), approve=st.booleans())
    def review(self, which, role, approve):
        """R-REV-1: a reviewer decides their tier through the comment wizard."""
        app = self._target(which, ("submitted",))
        if not app:
            return None
        comment = "同意" if approve else "材料不全"
        self._step(lambda: self.t.review(app, self.t.users[role], approve, comment))

    @rule(which=st.integers(0, 20), approve=st.integers(0, 9))
    def advance(self, which, approve):
        """The next user in line acts on an application: its applicant
        submits, a reviewer with a pending tier decides (mostly approves),
        the office marks it reviewed or records the meeting's decision."""
        app = self._target(which, ("draft", "submitted", "reviewed"))
        if not app:
            self.apply(which, complete=True)
            return
        office = self.t.users["office"]
        if app.state == "draft":
            self._step(lambda: app.with_user(app.user_id).action_submit())
        elif app.state == "submitted" and app.validation_status == "validated":
            self._step(lambda: app.with_user(office).action_mark_reviewed())
        elif app.state == "submitted":
            reviewers = [
                self.t.users[role]
                for role in TIER_ROLES
                if app.with_user(self.t.users[role]).can_review
            ]
            reviewer = self._pick(reviewers, which) if reviewers else office
            ok = bool(approve)
            self._step(lambda: self.t.review(app, reviewer, ok, "同意" if ok else "材料不全"))
        elif app.state == "reviewed":
            self.confirm([bool(approve)] * 6)
        else:
            self.read_own_application(which)

    @rule(approve=st.booleans())
    def review_own_application(self, approve):
        """R-REV-1: nobody approves or rejects a tier of their own application."""
        own = self._applications().filtered(lambda a: a.employee_id == self.t.reviewer_employee)
        if not own:
            self._step(lambda: self.t.apply(self.t.reviewer_employee))
            return
        reviewer = self.t.users["discipline"]
        self._step(lambda: self.t.review(own, reviewer, approve), forbidden=True, what="own tier")

    @rule(which=st.integers(0, 20), who=st.integers(0, 20))
    def review_without_group(self, which, who):
        """R-REV-1: a tier is decided only by a member of its group."""
        app = self._pick(self._applications(), which)
        if not app:
            return None
        outsider = self._pick(self.t.applicants - app.employee_id, who).user_id
        self._step(
            lambda: self.t.review(app, outsider), forbidden=True, what="tier by a non-member"
        )

    @rule(which=st.integers(0, 20))
    def mark_reviewed(self, which):
        app = self._target(which, ("submitted",))
        if not app:
            return None
        office = self.t.users["office"]
        self._step(lambda: app.with_user(office).action_mark_reviewed())

    @rule(which=st.integers(0, 20))
    def office_reject(self, which):
        app = self._pick(self._applications(), which)
        if not app:
            return None
        office = self.t.users["office"]
        self._step(lambda: app.with_user(office).action_reject(reason="名额已满"))

    @rule(decisions=st.lists(st.booleans(), min_size=1, max_size=6))
    def confirm(self, decisions):
        """R-REV-2, R-REV-3: the office records the President's Office Meeting."""
        office = self.t.users["office"]

        def action():
            confirmation = (
                self.env["mentorship.confirmation"]
                .with_user(office)
                .create({"term_id": self.t.term.id, "meeting_date": D(2027, 8, 20)})
            )
            confirmation.action_load_applications()
            for line, approve in zip(confirmation.line_ids, decisions, strict=False):
                if not approve:
                    line.write({"decision": "reject", "note": "会议未通过"})
            confirmation.action_done()

        self._step(action)

    @rule(which=st.integers(0, 20), state=st.sampled_from(["submitted", "reviewed", "confirmed"]))
    def write_application_state(self, which, state):
        """Workflow states are never written by a client."""
        app = self._pick(self._applications(), which)
        if not app:
            return None
        user = self._pick(app.user_id | self.t.users["office"], which)
        self._step(
            lambda: app.with_user(user).write({"state": state}),
            forbidden=True,
            what=f"application state written by {user.login}",
        )

    def read_own_application(self, who):
        employee = self._pick(self.t.applicants, who)
        self._step(
            lambda: self.env["mentorship.application"]
            .with_user(employee.user_id)
            .search([])
            .read(["state"])
        )

    # ---------------------------------------------------------- matching
    @rule(who=st.integers(0, 20), which=st.integers(0, 20))
    def match(self, who, which):
        """R-REV-3, R-MATCH-2: only confirmed mentors are matched to classes."""
        employee = self._pick(self.t.applicants, who)
        taken = (
            self.env["mentorship.assignment"]
            .sudo()
            .search([("term_id", "=", self.t.term.id), ("state", "=", "active")])
            .class_id
        )
        school_class = self._pick(self.t.classes_a - taken, which)
        if not school_class:
            return None
        office = self.t.users["office"]
        self._step(
            lambda: self.env["mentorship.assignment"]
            .with_user(office)
            .create(
                {
                    "term_id": self.t.term.id,
                    "employee_id": employee.id,
                    "class_id": school_class.id,
                }
            )
        )

    # ------------------------------------------------------------ handbook
    @rule(
        which=st.integers(0, 1),
        code=st.sampled_from(sorted(ENTRY_VALUES)),
        day=st.integers(0, 90),
    )
    def log_entry(self, which, code, day):
        """R-EVAL-2: a mentor logs on their own open handbook only."""
        assignment = self.t.assignments_b[which]
        submitted = assignment.handbook_state == "submitted"
        self._step(
            lambda: self.t.log(assignment, code, D(2025, 9, 1) + datetime.timedelta(days=day)),
            forbidden=submitted,
            what="entry on a submitted handbook",
        )

    @rule(which=st.integers(0, 1), pick=st.integers(0, 50))
    def edit_entry(self, which, pick):
        assignment = self.t.assignments_b[which]
        log = self._pick(self._entries(assignment), pick)
        if not log:
            return None
        submitted = assignment.handbook_state == "submitted"
        field = "note" if log.task_code == "summary" else "topic"
        self._step(
            lambda: log.with_user(assignment.user_id).write({field: f"修改{pick}"}),
            forbidden=submitted,
            what="edit on a submitted handbook",
        )

    @rule(which=st.integers(0, 1), pick=st.integers(0, 50))
    def delete_entry(self, which, pick):
        assignment = self.t.assignments_b[which]
        log = self._pick(self._entries(assignment), pick)
        if not log:
            return None
        submitted = assignment.handbook_state == "submitted"
        self._step(
            lambda: log.with_user(assignment.user_id).unlink(),
            forbidden=submitted,
            what="deletion on a submitted handbook",
        )

    @rule(which=st.integers(0, 1))
    def log_in_other_handbook(self, which):
        """A mentor writes only in their own handbook."""
        assignment = self.t.assignments_b[which]
        intruder = self.t.assignments_b[1 - which].user_id
        self._step(
            lambda: self.t.log(assignment, "activity", D(2025, 10, 8), user=intruder),
            forbidden=True,
            what="entry in another mentor's handbook",
        )

    @rule(edit=st.booleans())
    def log_on_closed_term(self, edit):
        """R-EVAL-2: nothing is written once the term is closed."""
        assignment = self.t.assignment_c
        if edit:
            log = self._entries(assignment)[:1]
            action = lambda: log.with_user(assignment.user_id).write({"topic": "补记"})  # noqa: E731
        else:
            action = lambda: self.t.log(assignment, "activity", D(2025, 5, 8))  # noqa: E731
        self._step(action, forbidden=True, what="entry on a closed term")

    @rule(which=st.integers(0, 1))
    def submit_handbook(self, which):
        assignment = self.t.assignments_b[which]
        done = self._step(lambda: assignment.with_user(assignment.user_id).action_submit_handbook())
        if done:
            self.frozen[assignment.id] = self._snapshot(assignment)
        return None

    @rule(which=st.integers(0, 1))
    def reopen_handbook(self, which):
        assignment = self.t.assignments_b[which]
        office = self.t.users["office"]
        done = self._step(
            lambda: assignment.with_user(office).action_reopen_handbook(reason="补充材料")
        )
        if done:
            self.frozen.pop(assignment.id, None)
        return None

    @rule(which=st.integers(0, 1))
    def write_handbook_state(self, which):
        assignment = self.t.assignments_b[which]
        user = self._pick(assignment.user_id | self.t.users["office"], which)
        target = "open" if assignment.handbook_state == "submitted" else "submitted"
        self._step(
            lambda: assignment.with_user(user).write({"handbook_state": target}),
            forbidden=True,
            what="handbook state written by a client",
        )

    # ------------------------------------------------------------- grades
    @rule(
        which=st.integers(0, 1),
        values=st.sampled_from(
            [
                {"override_result": "fail", "override_reason": "复核"},
                {"override_result": "pass", "override_reason": "表现突出"},
                {"state": "draft"},
                {"computed_result": "fail"},
            ]
        ),
        role=st.sampled_from(["office", "manager", "staff"]),
    )
    def write_final_grade(self, which, values, role):
        """R-EVAL-5: a final grade is locked; an officer reopens it first."""
        evaluation = self.t.final_grades[which]
        user = self.t.users[role]
        self._step(
            lambda: evaluation.with_user(user).write(values),
            forbidden=True,
            what=f"final grade changed by {role}",
        )

    # --------------------------------------------------------- invariants
    @invariant()
    def confirmed_means_three_tiers_and_done_confirmation(self):
        """R-REV-1, R-REV-2: no confirmed application without three approved
        tiers and a done confirmation line that approves it."""
        definitions = self.t.tier_definitions
        for app in self._applications().filtered(lambda a: a.state == "confirmed"):
            approved = app.review_ids.filtered(lambda r: r.status == "approved")
            assert approved.definition_id == definitions, f"R-REV-1: {app.name} lacks a tier"
            confirmation = app.confirmation_id
            assert confirmation.state == "done", f"R-REV-2: {app.name} confirmation not done"
            line = confirmation.line_ids.filtered(lambda line, a=app: line.application_id == a)
            assert line.decision == "approve", f"R-REV-2: {app.name} not approved by the meeting"

    @invariant()
    def tiers_decided_by_members_not_applicants(self):
        """R-REV-1: a tier is decided by a member of its group, never the applicant."""
        for app in self._applications():
            for review in app.review_ids.filtered(lambda r: r.status in ("approved", "rejected")):
                assert review.done_by != app.user_id, f"R-REV-1: {app.name} reviewed by itself"
                group = review.definition_id.reviewer_group_id
                assert review.done_by in group.all_user_ids, f"R-REV-1: {app.name} by outsider"

    @invariant()
    def assignments_only_for_confirmed_mentors(self):
        """R-REV-3: no assignment for a mentor who is not confirmed (a leaver's
        ends on the leaving date)."""
        assignments = (
            self.env["mentorship.assignment"].sudo().search([("term_id", "=", self.t.term.id)])
        )
        for assignment in assignments:
            app = assignment.application_id
            assert app.employee_id == assignment.employee_id, f"R-REV-3: {assignment.name}"
            assert app.state == "confirmed" or (
                app.state == "withdrawn" and assignment.leave_date == app.withdraw_date
            ), f"R-REV-3: {assignment.name} has a {app.state} mentor"

    @invariant()
    def submitted_handbooks_and_closed_terms_unchanged(self):
        """R-EVAL-2: no entry is added, changed or deleted on a submitted
        handbook or in a closed term."""
        for assignment in self.t.assignments_b:
            if assignment.handbook_state == "submitted":
                frozen = self.frozen.get(assignment.id)
                assert frozen is not None, "R-EVAL-2: handbook submitted outside its action"
                assert self._snapshot(assignment) == frozen, "R-EVAL-2: submitted handbook moved"
        closed = self._snapshot(self.t.assignment_c)
        assert closed == self.t.closed_entries, "R-EVAL-2: an entry of a closed term moved"

    @invariant()
    def final_grades_unchanged(self):
        """R-EVAL-5: a final grade does not change."""
        for evaluation in self.t.final_grades:
            now = {name: evaluation[name] for name in FINAL_FIELDS}
            assert now == self.t.final_values[evaluation.id], f"R-EVAL-5: {evaluation.id}"

    @invariant()
    def quota_figures_equal_recount(self):
        """R-TASK-1..5: the quota figures stored on the assignment are a
        count of the handbook entries, and what grouping them again gives."""
        assignments = self.t.assignments_b.sudo()
        self.env.flush_all()
        regrouped = assignments._group_entries()
        for assignment in assignments:
            recount = {}
            for log in self._entries(assignment):
                recount[log.task_code] = recount.get(log.task_code, 0) + 1
            stored = assignment.entry_figures or {}
            figures = {
                key: entries for key, (entries, _students) in stored.items() if "|" not in key
            }
            assert figures == recount, f"R-TASK: {figures} != {recount}"
            assert stored == regrouped.get(assignment.id, {}), f"R-TASK: {stored} is stale"
            assert assignment.log_count == sum(recount.values())

    @invariant()
    def staff_read_only_their_own_applications(self):
        """Staff never read another staff member's application."""
        apps = self._applications()
        for employee in self.t.applicants[:3]:
            user = employee.user_id
            seen = self.env["mentorship.application"].with_user(user).search([])
            assert seen <= apps.filtered(lambda a, u=user: a.user_id == u), (
                f"{user.login} reads another's application"
            )


@tagged("post_install", "-at_install")
class TestWorkflowFuzz(SelectionCase):
    """The workflow under random steps of every role (issue: stateful fuzz)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        facts = {
            "mentor_title_level": "senior",
            "mentor_education": "master",
            "mentor_head_teacher_years": 6,
            "birthday": D(1976, 4, 1),
        }
        cls._employee("senior2", "赵敏", **facts)
        cls._employee("senior3", "孙丽", **facts)
        cls.applicants = cls.env["hr.employee"].browse([e.id for e in cls.employees.values()])
        # a member of the Discipline Committee who applies too
        cls.reviewer_employee = cls.env["hr.employee"].create(
            {
                "name": "纪委委员",
                "user_id": cls.users["discipline"].id,
                "department_id": cls.department.id,
                **facts,
            }
        )
        heads = cls.env["hr.employee"].create(
            [{"name": f"班主任{i}", "department_id": cls.department.id} for i in range(4)]
        )
        Class = cls.env["school.class"]
        cls.classes_a = cls.school_class | Class.create(
            [
                {
                    "name": f"25机电{i}班",
                    "code": f"FZ{i}",
                    "department_id": cls.department.id,
                    "grade_year": 2025,
                    "head_teacher_id": heads[i].id,
                }
                for i in range(2)
            ]
        )
        cls.tier_definitions = cls.env["tier.definition"].search(
            [("model", "=", "mentorship.application")]
        )
        # a running term with two handbooks, and a closed one with an entry
        Term = cls.env["mentorship.term"]
        running = Term.create(
            {
                "academic_year": "2025-2026",
                "term_number": "1",
                "date_start": D(2025, 9, 1),
                "date_end": D(2025, 11, 30),
                "state": "running",
            }
        )
        closed = Term.create(
            {
                "academic_year": "2024-2025",
                "term_number": "2",
                "date_start": D(2025, 2, 20),
                "date_end": D(2025, 7, 10),
                "state": "running",
            }
        )
        class_b1, class_b2 = Class.create(
            [
                {
                    "name": f"24机电{i}班",
                    "code": f"FZB{i}",
                    "department_id": cls.department.id,
                    "grade_year": 2024,
                    "head_teacher_id": heads[2 + i].id,
                }
                for i in range(2)
            ]
        )
        Assignment = cls.env["mentorship.assignment"]
        cls.assignments_b = Assignment.create(
            [
                {
                    "term_id": running.id,
                    "employee_id": employee.id,
                    "class_id": school_class.id,
                    "date_start": running.date_start,
                    "date_end": running.date_end,
                }
                for employee, school_class in (
                    (cls.employees["senior"], class_b1),
                    (cls.employees["senior2"], class_b2),
                )
            ]
        )
        cls.assignment_c = Assignment.create(
            {
                "term_id": closed.id,
                "employee_id": cls.employees["senior3"].id,
                "class_id": class_b1.id,
                "date_start": closed.date_start,
                "date_end": closed.date_end,
            }
        )
        cls.area = cls.env.ref("mentorship_odoo.guidance_area_academic")
        cls.types = {t.code: t for t in cls.env["mentorship.task.type"].search([])}
        cls.env["mentorship.log"].create(
            cls._entry_values(cls.assignment_c, "activity", D(2025, 5, 6))
        )
        closed.write({"state": "closed"})
        cls.closed_entries = entry_snapshot(cls.env, cls.assignment_c)
        Evaluation = cls.env["mentorship.evaluation"]
        cls.final_grades = Evaluation.create(
            [
                {
                    "term_id": running.id,
                    "employee_id": cls.employees["senior2"].id,
                    "computed_result": "pass",
                    "state": "final",
                },
                {
                    "term_id": closed.id,
                    "employee_id": cls.employees["senior3"].id,
                    "computed_result": "pass",
                    "state": "final",
                },
            ]
        )
        cls.final_values = {e.id: {n: e[n] for n in FINAL_FIELDS} for e in cls.final_grades}

    @classmethod
    def _entry_values(cls, assignment, code, day):
        return {
            "assignment_id": assignment.id,
            "date": day,
            "task_type_id": cls.types[code].id,
            "setting": "class",
            "guidance_area_ids": [(6, 0, cls.area.ids)],
            **ENTRY_VALUES[code],
        }

    def log(self, assignment, code, day, user=None):
        user = user or assignment.user_id
        values = self._entry_values(assignment, code, day)
        return self.env["mentorship.log"].with_user(user).create(values)

    def test_setup_is_what_the_fuzz_relies_on(self):
        """The fixtures the rules rely on: three tiers, users per role, the
        closed term's entry."""
        self.assertEqual(len(self.tier_definitions), 3)
        self.assertEqual(set(self.users), set(ROLE_GROUPS))
        self.assertEqual(len(self.closed_entries), 1)

    def test_workflow_fuzz(self):
        """R-REV-1, R-REV-2, R-REV-3, R-EVAL-2, R-EVAL-5, R-TASK: random steps of
        every role keep the invariants after every step."""
        WorkflowMachine.case = self
        WorkflowMachine.steps = WorkflowMachine.refusals = 0
        WorkflowMachine.outcomes.clear()
        rounds = 0
        while WorkflowMachine.steps < STEPS:
            wanted = STEPS - WorkflowMachine.steps
            per_example = min(STEPS_PER_EXAMPLE, wanted)
            machine = type(f"Workflow{rounds}", (WorkflowMachine,), {})
            run_state_machine_as_test(
                seed(SEED + rounds)(machine),
                settings=settings(
                    max_examples=math.ceil(wanted / per_example),
                    stateful_step_count=per_example,
                    derandomize=False,
                    database=None,
                    deadline=None,
                    suppress_health_check=list(HealthCheck),
                    print_blob=True,
                ),
            )
            rounds += 1
            self.assertLess(rounds, 50, "the state machine stopped making steps")
        self.assertGreaterEqual(WorkflowMachine.steps, STEPS)
        done = ", ".join(
            f"{name} {ok}/{ok + refused}"
            for name, (ok, refused) in sorted(WorkflowMachine.outcomes.items())
        )
        sys.stdout.write(
            f"fuzz: {WorkflowMachine.steps} steps, seed {SEED} "
            f"({WorkflowMachine.refusals} refused, {rounds} round(s)); done/tried: {done}\n"
        )
