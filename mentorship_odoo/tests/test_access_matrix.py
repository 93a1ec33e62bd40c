"""Access matrix: who may do what on every record of the programme.

ONE table, ``MATRIX``, mirrors /work/shared/spec/roles.md (its groups and its
invariants): for every model, every operation (read, create, write, unlink,
each public method and button) and every kind of record (own, other, another
department's, another company's, a closed term's ...), the set of roles that
may do it. Every other role must be refused: ``AccessError``, ``UserError`` or
``ValidationError`` (a database constraint counts too: the RPC layer turns it
into a ``ValidationError``), and for reads the record is also not returned by
``search``.

Roles are the seven groups of the programme plus two personal roles: the
mentor (staff holding an assignment) and the head teacher (staff heading a
class); both are plain staff whose rights come from record rules.

Each cell runs in its own savepoint, rolled back afterwards, so an allowed
cell changes nothing for the next one. Fixtures (and the per-cell preparation
of a record's state) are written by the superuser; the attempt itself always
runs ``with_user(role_user)``.

A completeness guard fails when a model of the addon, or a public action or
button method of it, has no row in the table.
"""

import datetime
import logging
import os

from lxml import etree
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import STATEMENT, MentorshipCase

_logger = logging.getLogger(__name__)

D = datetime.date

# --------------------------------------------------------------------- roles
ROLES = (
    "staff",
    "department",
    "discipline",
    "hr",
    "office",
    "president",
    "manager",
    "mentor",
    "head",
)


def roles(*names):
    unknown = set(names) - set(ROLES)
    assert not unknown, unknown
    return frozenset(names)


ALL = frozenset(ROLES)
NONE = frozenset()
MANAGER = roles("manager")
OFFICERS = roles("office", "manager")  # the office, and the administrator through it
READ_ALL = roles("office", "president", "manager")  # read everything
REVIEWERS = roles("discipline", "hr", "office", "manager")  # members of a tier's group
APP_REVIEW_READERS = READ_ALL | {"discipline", "hr"}  # applications under review
DEPT_READERS = READ_ALL | {"department"}  # department's classes, handbooks, evaluations
CLASS_READERS = DEPT_READERS | {"mentor", "head"}  # ... and the class's mentor / head teacher
DEPT_WRITERS = OFFICERS | {"department"}  # student evaluations and rankings
GRADE_READERS = READ_ALL | {"hr"}  # final grades

# ---------------------------------------------------------------------- table
# model -> operation -> record kind -> roles allowed (every other role is refused)
#
# Kinds: own / other (another staff member's, same department) /
# other-department / other-company / closed-term, plus the states a workflow
# needs (under-review, submitted, draft, done ...). "model" is a call on the
# model itself; "own-company" / "new" are the values or records of a creation.
# Records a department runs for its classes (rankings, student evaluations):
# read by the class's mentor and head teacher, the department and readers of
# everything; written by the department and officers while the term is open
DEPARTMENT_RECORDS = {
    "read": {
        "own": CLASS_READERS,
        "other": DEPT_READERS,
        "other-department": READ_ALL,
        "closed-term": CLASS_READERS,
        "other-company": NONE,
    },
    "create": {
        "own": DEPT_WRITERS,
        "other-department": OFFICERS,
        "closed-term": NONE,
        "other-company": NONE,
        "linked-other-company": NONE,
    },
    "write": {
        "own": DEPT_WRITERS,
        "other": DEPT_WRITERS,
        "other-department": OFFICERS,
        "closed-term": NONE,
        "other-company": NONE,
    },
    "unlink": {
        "own": DEPT_WRITERS,
        "other-department": OFFICERS,
        "closed-term": NONE,
        "other-company": NONE,
    },
}

MATRIX = {
    # --- selection ---------------------------------------------------------
    "mentorship.application": {
        # staff read only their own; reviewers read applications under review;
        # officers and the President's office read everything
        "read": {
            "own": ALL,
            "other": READ_ALL,
            "under-review": APP_REVIEW_READERS,
            "other-confirmed": READ_ALL,
            "closed-term": READ_ALL | {"mentor"},
            "other-company": NONE,
        },
        # staff apply only for themselves, in a term open for applications
        "create": {
            "own": ALL,
            "other": OFFICERS,
            "closed-term": NONE,
            "other-company": NONE,
            "linked-other-company": NONE,
        },
        "create:state": {"own": NONE},
        "create:default_state": {"own": NONE},
        # write only an own draft; officers run the term
        "write": {
            "own": ALL,
            "other": OFFICERS,
            "own-submitted": NONE,
            "under-review": NONE,
            "other-company": NONE,
        },
        # the SAO's opinion belongs to the SAO tier: written by an officer while
        # the application is under review, never on one's own application
        "write:sao_opinion": {
            "own": NONE,
            "own-submitted": NONE,
            "other": NONE,
            "under-review": OFFICERS,
            "other-company": NONE,
        },
        "write:state": {"own": NONE, "under-review": NONE},
        "write:state+ctx": {"own": NONE},
        "write:employee_id": {"own": NONE},
        "write:fact": {"own": NONE, "own-submitted": NONE},
        "unlink": {
            "own": ALL,
            "other": OFFICERS,
            "own-submitted": NONE,
            "under-review": NONE,
            "other-company": NONE,
        },
        "action_submit": {
            "own": ALL,
            "other": OFFICERS,
            "closed-term": NONE,
            "other-company": NONE,
        },
        "action_refresh_facts": {
            "own": ALL,
            "other": OFFICERS,
            "under-review": NONE,
            "other-company": NONE,
        },
        "action_mark_reviewed": {
            "validated": OFFICERS,
            "under-review": NONE,
            "other-company": NONE,
        },
        "action_reject": {"under-review": OFFICERS, "own": NONE, "other-company": NONE},
        "action_withdraw": {
            "own": ALL,
            "own-submitted": ALL,
            "other": OFFICERS,
            "closed-term": NONE,
            "other-company": NONE,
        },
        "action_print_form": {
            "own": ALL,
            "other": READ_ALL,
            "under-review": APP_REVIEW_READERS,
            "other-company": NONE,
        },
        "action_apply": {"model": ALL},
        # a tier is decided only by a member of its group, never on one's own application
        "validate_tier": {
            "under-review": REVIEWERS,
            "own-submitted": NONE,
            "other": NONE,
            "other-company": NONE,
        },
        "reject_tier": {
            "under-review": REVIEWERS,
            "own-submitted": NONE,
            "other": NONE,
            "other-company": NONE,
        },
        "restart_validation": {"under-review": OFFICERS, "other": NONE, "other-company": NONE},
        # reviews start by submitting, never on a client's request
        "request_validation": {"under-review": NONE, "restarted": NONE, "own": NONE},
    },
    "tier.review": {
        # the applicant reads the tiers of their own application; reviewers
        # (and those who read everything) the tiers of applications under review
        "read": {
            "own-submitted": ALL,
            "under-review": APP_REVIEW_READERS,
            "other-company": NONE,
        },
        # nobody creates, edits, deletes, restarts or reassigns them by hand
        "create": {"under-review": NONE},
        "write:status": {"own-submitted": NONE, "under-review": NONE},
        "write:comment": {"under-review": NONE},
        "write:reassign": {"under-review": NONE},
        "unlink": {"own-submitted": NONE, "under-review": NONE},
    },
    "comment.wizard": {
        # the comment wizard decides the user's own open tier ...
        "add_comment": {"under-review": REVIEWERS, "own-submitted": NONE, "other-company": NONE},
        # ... and only that one, whatever reviews the client names: the HR tier here
        "add_comment:hr-tier": {"under-review": roles("hr")},
    },
    "mentorship.home.card": {
        # every role's home opens, with the cards the server builds for them
        "action_open_home": {"model": ALL},
        # a card shows what waits for its user only (another's application state)
        "read": {"own": ALL, "other": NONE},
        "create": {"own-company": NONE},
        "write": {"own": NONE},
        "action_open": {"own": ALL, "other": NONE},
        "action_log_work": {"mentor-class": roles("mentor")},
    },
    "tier.definition": {
        "read": {"any": ALL},
        "create": {"new": MANAGER},
        "write": {"any": MANAGER},
        "unlink": {"new": MANAGER},
    },
    "hr.employee": {
        # staff never read another staff member's eligibility facts
        "read:facts": {"other": NONE},
        "action_open_mentor_applications": {"own": ALL},
    },
    "ir.actions.report": {
        # whether the server can print PDFs: any user who may print asks it
        "mentorship_check_pdf_tool": {"programme-report": ALL},
    },
    "res.company": {
        # the document's issuing code, seal and imprint are the company's
        # settings: for Odoo's administrators, not for any programme role
        "write:document": {"own": NONE},
    },
    "mentorship.application.reason": {
        "action_apply": {
            "reject-under-review": OFFICERS,
            "restart-under-review": OFFICERS,
            "withdraw-own": ALL,
            "withdraw-other": OFFICERS,
        },
    },
    "mentorship.confirmation": {
        "read": {"done": ALL, "draft": READ_ALL, "other-company": NONE},
        "create": {"own-company": OFFICERS, "other-company": NONE},
        "write": {"draft": OFFICERS, "done": NONE, "other-company": NONE},
        "write:state": {"draft": NONE},
        "write:term_id": {"draft": NONE},
        "unlink": {"draft": OFFICERS, "done": NONE, "other-company": NONE},
        "action_load_applications": {"draft": OFFICERS, "done": NONE, "other-company": NONE},
        "action_done": {"draft": OFFICERS, "done": NONE, "other-company": NONE},
        # the document lists the decisions: those who read every line
        "action_print_document": {"done": READ_ALL, "draft": READ_ALL, "other-company": NONE},
    },
    "mentorship.confirmation.line": {
        # read by officers, the President's office and managers; a staff
        # member sees only their own decision, once it is done
        "read": {
            "done-own": READ_ALL | {"mentor"},
            "done-other": READ_ALL,
            "draft": READ_ALL,
            "other-company": NONE,
        },
        "create": {"draft": OFFICERS, "done": NONE, "linked-other-company": NONE},
        "write": {"draft": OFFICERS, "done-own": NONE, "done-other": NONE},
        "write:confirmation_id": {"draft": NONE},
        "unlink": {"draft": OFFICERS, "done-other": NONE},
    },
    # --- terms and settings ----------------------------------------------
    "mentorship.term": {
        "read": {"current": ALL, "closed-term": ALL, "other-company": NONE},
        "create": {"own-company": OFFICERS, "other-company": NONE},
        "write": {"current": OFFICERS, "closed-term": NONE, "other-company": NONE},
        "write:state": {"current": NONE},
        "write:state+ctx": {"current": NONE},
        "write:allow_late_confirmation": {"current": MANAGER, "closed-term": NONE},
        "write:company_id": {"current": NONE},
        "unlink": {"new": MANAGER, "closed-term": NONE, "other-company": NONE},
        "action_open_applications": {"current": OFFICERS, "other-company": NONE},
        "action_start_review": {"current": OFFICERS, "other-company": NONE},
        "action_start_matching": {"current": OFFICERS, "other-company": NONE},
        "action_start_running": {"current": OFFICERS, "other-company": NONE},
        "action_start_evaluation": {"current": OFFICERS, "other-company": NONE},
        "action_close": {"current": OFFICERS, "other-company": NONE},
        "action_reopen": {"closed-term": OFFICERS, "other-company": NONE},
        "action_open_matching": {"current": OFFICERS, "other-company": NONE},
        "action_compute_grades": {"current": OFFICERS, "closed-term": NONE, "other-company": NONE},
        "action_report_grades": {"current": OFFICERS, "closed-term": NONE, "other-company": NONE},
        "action_finalize_grades": {"current": OFFICERS, "closed-term": NONE, "other-company": NONE},
        # navigation: the list opened is filtered by the reader's own rights
        "action_view_applications": {"current": ALL},
        "action_view_confirmations": {"current": ALL},
        "action_view_assignments": {"current": ALL},
        "action_view_trainings": {"current": ALL},
        "action_view_evaluations": {"current": ALL},
    },
    "mentorship.policy": {
        "read": {"in-use": ALL},
        "create": {"new": MANAGER},
        "write": {"in-use": MANAGER},
        "write:threshold": {"in-use": NONE},  # R-MISC-2: a policy judging a term is fixed
        "unlink": {"new": MANAGER, "in-use": NONE},
        "action_view_terms": {"in-use": ALL},
    },
    "mentorship.policy.quota": {
        "read": {"in-use": ALL},
        "create": {"new-policy": MANAGER, "in-use": NONE},
        "write": {"new-policy": MANAGER, "in-use": NONE},
        "unlink": {"new-policy": MANAGER, "in-use": NONE},
    },
    "mentorship.task.type": {
        "read": {"any": ALL},
        "create": {"new": MANAGER},
        "write": {"any": MANAGER},
        "unlink": {"new": MANAGER, "in-use": NONE},
    },
    "mentorship.guidance.area": {
        "read": {"any": ALL},
        "create": {"new": MANAGER},
        "write": {"any": MANAGER},
        "unlink": {"new": MANAGER},
    },
    "mentorship.tag": {
        "read": {"any": ALL},
        "create": {"new": OFFICERS},
        "write": {"any": OFFICERS},
        "unlink": {"new": OFFICERS},
    },
    # --- the college -------------------------------------------------------
    "school.class": {
        "read": {
            "own": CLASS_READERS,
            "other": DEPT_READERS,
            "other-department": READ_ALL,
            "other-company": NONE,
        },
        "create": {"own-company": OFFICERS, "other-company": NONE},
        "write": {"own": OFFICERS, "other-department": OFFICERS, "other-company": NONE},
        "write:company_id": {"own": NONE},
        "write:other-company-link": {"own": NONE},
        # class A1 carries a closed term's assignment, handbook and ranking
        "unlink": {"new": OFFICERS, "closed-term": NONE, "other-company": NONE},
    },
    "school.student": {
        "read": {
            "own": CLASS_READERS,
            "other": DEPT_READERS,
            "other-department": READ_ALL,
            "other-company": NONE,
        },
        "create": {"own-company": OFFICERS, "other-company": NONE, "linked-other-company": NONE},
        "write": {"own": OFFICERS, "other-company": NONE},
        "unlink": {"new": OFFICERS, "other-company": NONE},
    },
    "school.dormitory": {
        "read": {
            "own": CLASS_READERS,
            "other": DEPT_READERS,
            "other-department": READ_ALL,
            "other-company": NONE,
        },
        "create": {"own-company": OFFICERS, "other-company": NONE, "linked-other-company": NONE},
        "write": {"own": OFFICERS, "other-company": NONE},
        "unlink": {"new": OFFICERS, "other-company": NONE},
    },
    "school.class.ranking": {
        **DEPARTMENT_RECORDS,
        "write:class_id": {"own": NONE},
        "write:grade_size": {"own": NONE},
    },
    "mentorship.student.evaluation": {
        # mentors and head teachers read counts and means of their class
        **DEPARTMENT_RECORDS,
        "write:survey_id": {"own": NONE},
        "write:class_id": {"own": NONE},
        "action_issue_codes": {
            "own": DEPT_WRITERS,
            "other": DEPT_WRITERS,
            "other-department": OFFICERS,
            "closed-term": NONE,
            "other-company": NONE,
        },
        "action_refresh": {
            "own": DEPT_WRITERS,
            "other-department": OFFICERS,
            "closed-term": NONE,
            "other-company": NONE,
        },
        # codes are seen only by the department that issues them
        "action_print_codes": {
            "own": roles("department"),
            "other-department": NONE,
            "closed-term": roles("department"),
            "other-company": NONE,
        },
        "codes": {
            "own": roles("department"),
            "other-department": NONE,
            "closed-term": roles("department"),
            "other-company": NONE,
        },
    },
    "survey.user_input": {
        # no one but the student sees which answers a student gave
        "read": {"own": NONE, "closed-term": NONE},
        "write": {"own": NONE},
        "unlink": {"own": NONE},
    },
    # --- handbooks ---------------------------------------------------------
    "mentorship.assignment": {
        "read": {
            "own": CLASS_READERS,
            "other": DEPT_READERS,
            "other-department": READ_ALL,
            "closed-term": CLASS_READERS,
            "other-company": NONE,
        },
        "create": {
            "own-company": OFFICERS,
            "closed-term": NONE,
            "other-company": NONE,
            "linked-other-company": NONE,
        },
        "write": {
            "own": OFFICERS,
            "other-department": OFFICERS,
            "closed-term": NONE,
            "other-company": NONE,
        },
        "write:state": {"own": NONE},
        "write:handbook_state": {"own": NONE},
        "write:employee_id": {"own": NONE},
        "unlink": {"new": OFFICERS, "own": NONE, "closed-term": NONE, "other-company": NONE},
        # the mentor submits the handbook (officers run the term); never twice,
        # never once the term is closed
        "action_submit_handbook": {
            "own": OFFICERS | {"mentor"},
            "other": OFFICERS,
            "submitted": NONE,
            "closed-term": NONE,
            "other-company": NONE,
        },
        # corrections go through a tracked reopen by an officer
        "action_reopen_handbook": {
            "submitted": OFFICERS,
            "own": NONE,
            "closed-term": NONE,
            "other-company": NONE,
        },
        "action_print_handbook": {
            "own": CLASS_READERS,
            "other": DEPT_READERS,
            "other-department": READ_ALL,
            "other-company": NONE,
        },
        "action_log_work": {"own": ALL},
        "action_view_logs": {"own": ALL},
        "action_view_late_logs": {"own": ALL},
        "action_view_bunched_logs": {"own": ALL},
    },
    "mentorship.log": {
        "read": {
            "own": CLASS_READERS,
            "other": DEPT_READERS,
            "other-department": READ_ALL,
            "closed-term": CLASS_READERS,
            "other-company": NONE,
        },
        # a mentor writes entries only on their own open assignment; never
        # after the handbook is submitted or the term is closed
        "create": {
            "own": roles("mentor"),
            "other": NONE,
            "other-department": NONE,
            "submitted": NONE,
            "ended": NONE,
            "closed-term": NONE,
            "other-company": NONE,
        },
        "write": {
            "own": roles("mentor"),
            "other": NONE,
            "other-department": NONE,
            "submitted": NONE,
            "ended": NONE,
            "closed-term": NONE,
            "other-company": NONE,
        },
        "write+ctx": {"closed-term": NONE, "submitted": NONE},
        # the quick form's Save: for the mentor writing their own open handbook
        "action_save_and_show_progress": {
            "own": roles("mentor"),
            "other": NONE,
            "other-department": NONE,
            "submitted": NONE,
            "ended": NONE,
            "closed-term": NONE,
            "other-company": NONE,
        },
        "write:assignment_id": {"own": NONE},
        "write:other-company-link": {"own": NONE},
        "unlink": {
            "own": roles("mentor"),
            "other": NONE,
            "submitted": NONE,
            "closed-term": NONE,
            "other-company": NONE,
        },
    },
    "mentorship.handbook.reopen": {
        "action_apply": {"submitted": OFFICERS, "closed-term": NONE},
    },
    "mentorship.training": {
        "read": {"own": READ_ALL | {"mentor"}, "other": READ_ALL, "other-company": NONE},
        "create": {"own-company": OFFICERS, "other-company": NONE, "linked-other-company": NONE},
        "write": {"own": OFFICERS, "other-company": NONE},
        "unlink": {"own": OFFICERS, "other-company": NONE},
    },
    "mentorship.compliance": {
        "read": {"own": DEPT_READERS, "other-department": READ_ALL, "other-company": NONE},
        "create": {"own-company": NONE},
        "write": {"own": NONE},
        "unlink": {"own": NONE},
        "action_refresh": {"model": OFFICERS},
    },
    # --- programme reports (SQL views): departments read their own rows,
    # officers and the President's office all; nobody writes them
    **{
        model: {
            "read": {"own": DEPT_READERS, "other-department": READ_ALL, "other-company": NONE},
            "write": {"own": NONE},
        }
        for model in (
            "mentorship.coverage.report",
            "mentorship.log.area.report",
            "mentorship.effect.report",
        )
    },
    "mentorship.application.report": {
        "read": {"own": DEPT_READERS, "other-company": NONE},
        "write": {"own": NONE},
    },
    "mentorship.review.backlog": {
        "read": {"under-review": DEPT_READERS, "other-company": NONE},
        "write": {"under-review": NONE},
    },
    # grades as counts: a department reads its own final grades only
    "mentorship.evaluation.report": {
        "read": {"own-final": DEPT_READERS, "other-company": NONE},
        "write": {"own-final": NONE},
    },
    # --- matching ----------------------------------------------------------
    "mentorship.matching": {
        "create": {"matching": OFFICERS, "other-company": NONE},
        "action_propose": {"matching": OFFICERS, "other-company": NONE},
        "action_confirm": {"matching": OFFICERS},
    },
    "mentorship.matching.share": {"write": {"own-wizard": OFFICERS}},
    "mentorship.matching.line": {
        "create": {"own-wizard": OFFICERS},
        "write": {"own-wizard": OFFICERS},
    },
    # --- grades ------------------------------------------------------------
    "mentorship.evaluation": {
        # staff read their own final grade; HR reads final grades
        "read": {
            "own-final": GRADE_READERS | {"mentor"},
            "own-computed": READ_ALL,
            "other-computed": READ_ALL,
            "closed-term": GRADE_READERS | {"mentor"},
            "other-company": NONE,
        },
        # created only by computing the grades
        "create": {"own-company": NONE},
        # only officers override a computed grade, only with a reason
        "write:override": {
            "other-computed": OFFICERS,
            "own-final": NONE,
            "closed-term": NONE,
            "other-company": NONE,
        },
        "write:override-without-reason": {"other-computed": NONE},
        "write:misconduct": {"other-computed": OFFICERS, "own-final": NONE},
        "write:computed_result": {"other-computed": NONE},
        "write:computed_result+ctx": {"other-computed": NONE},
        "write:state": {"other-computed": NONE},
        "write:reason_data": {"other-computed": NONE},
        "write:employee_id": {"other-computed": NONE},
        "unlink": {
            "draft": OFFICERS,
            "other-computed": NONE,
            "own-final": NONE,
            "closed-term": NONE,
        },
        "action_compute": {"other-computed": OFFICERS, "closed-term": NONE, "other-company": NONE},
        "action_report": {"other-computed": OFFICERS, "own-final": NONE, "other-company": NONE},
        "action_finalize": {"reported": OFFICERS, "other-computed": NONE, "other-company": NONE},
        "action_reopen": {"own-final": OFFICERS, "closed-term": NONE, "other-company": NONE},
    },
}

# Methods called with these arguments (the reasons a wizard would pass)
METHOD_ARGS = {
    ("mentorship.application", "action_reject"): {"reason": "不符合条件"},
    ("mentorship.application", "action_withdraw"): {
        "reason": "工作调动",
        "statement": STATEMENT,
        "statement_name": "说明.pdf",
    },
    ("mentorship.application", "restart_validation"): {"reason": "材料补充后重新审核"},
    ("mentorship.assignment", "action_reopen_handbook"): {"reason": "补充记录"},
}
# Navigation: the method only opens a list or form; the records shown are
# searched with the user's own rights
NAVIGATION = {
    "action_open_home",
    "action_open",
    "action_view_applications",
    "action_view_confirmations",
    "action_view_assignments",
    "action_view_trainings",
    "action_view_evaluations",
    "action_view_terms",
    "action_view_logs",
    "action_view_late_logs",
    "action_view_bunched_logs",
    "action_log_work",
    "action_open_mentor_applications",
    "action_apply",
}
# Context keys a client could send: none of them lifts a guard
HOSTILE_CONTEXT = {
    "skip_validation_check": True,
    "tracking_disable": True,
    "mail_notrack": True,
    "install_mode": True,
    "import_file": True,
    "bypass_guard": True,
    "force_write": True,
}
# Public methods of the tier validation mixin that a client can call
TIER_METHODS = ("validate_tier", "reject_tier", "restart_validation", "request_validation")

ALLOWED, REFUSED = "allowed", "refused"
REFUSALS = (AccessError, UserError, ValidationError, IntegrityError)


@tagged("post_install", "-at_install")
class TestAccessMatrix(MentorshipCase):
    """Two departments, a few classes, three terms and one other company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.main_company = env.company
        cls.company2 = env["res.company"].create({"name": "矩阵另一学院"})
        Department = env["hr.department"]
        cls.dept_a = Department.create({"name": "矩阵机电系"})
        cls.dept_b = Department.create({"name": "矩阵信息系"})
        cls.dept_c = Department.create({"name": "外校系部", "company_id": cls.company2.id})

        # the two personal roles: plain staff with record-rule rights
        cls.role_users = dict(cls.users)
        for role, name in (("mentor", "矩阵导师"), ("head", "矩阵班主任")):
            cls.role_users[role] = new_test_user(
                env, login=f"test_matrix_{role}", groups="base.group_user", name=name
            )
        facts = {
            "mentor_title_level": "senior",
            "mentor_head_teacher_years": 5.0,
            "mentor_education": "bachelor",
        }
        Employee = env["hr.employee"]
        cls.emps = {
            role: Employee.create(
                {
                    "name": f"矩阵{role}",
                    "user_id": user.id,
                    "department_id": cls.dept_a.id,
                    **facts,
                }
            )
            for role, user in cls.role_users.items()
        }

        def staff(key, department):
            user = new_test_user(env, login=f"test_matrix_{key}", groups="base.group_user")
            return Employee.create(
                {
                    "name": f"矩阵{key}",
                    "user_id": user.id,
                    "department_id": department.id,
                    **facts,
                }
            )

        cls.emp_other = staff("other", cls.dept_a)  # another staff member's draft
        cls.emp_applicant = staff("applicant", cls.dept_a)  # an application under review
        cls.emp_reviewed = staff("reviewed", cls.dept_a)
        cls.emp_mentor2 = staff("mentor2", cls.dept_a)
        cls.emp_mentor3 = staff("mentor3", cls.dept_b)
        cls.emp_idle = staff("idle", cls.dept_a)  # confirmed, no class yet
        cls.emp_free = staff("free", cls.dept_a)  # no application
        cls.head2 = Employee.create({"name": "矩阵班主任二", "department_id": cls.dept_a.id})
        cls.head3 = Employee.create({"name": "矩阵班主任三", "department_id": cls.dept_b.id})
        other_company = {"company_id": cls.company2.id, "department_id": cls.dept_c.id}
        cls.emp_c = Employee.create({"name": "外校导师", **other_company})
        cls.emp_c2 = Employee.create({"name": "外校导师二", **other_company})
        cls.head_c = Employee.create({"name": "外校班主任", **other_company})

        # terms: last term closed, the current one running, the next one open
        Term = env["mentorship.term"]
        cls.term_closed = Term.create(
            {
                "academic_year": "2025-2026",
                "term_number": "2",
                "date_start": D(2026, 2, 20),
                "date_end": D(2026, 7, 10),
                "state": "closed",
            }
        )
        cls.term_cur = Term.create(
            {
                "academic_year": "2026-2027",
                "term_number": "1",
                "date_start": D(2026, 9, 1),
                "date_end": D(2027, 1, 20),
                "state": "running",
            }
        )
        cls.term_app = Term.create(
            {
                "academic_year": "2027-2028",
                "term_number": "1",
                "date_start": D(2027, 9, 1),
                "date_end": D(2028, 1, 20),
                "state": "application",
            }
        )
        cls.term_c = Term.create(
            {
                "academic_year": "2026-2027",
                "term_number": "1",
                "date_start": D(2026, 9, 1),
                "date_end": D(2027, 1, 20),
                "state": "running",
                "company_id": cls.company2.id,
            }
        )
        cls.policy = env.ref("mentorship_odoo.policy_2024")
        cls.task_type = env["mentorship.task.type"].search([("code", "=", "activity")])
        cls.area = env.ref("mentorship_odoo.guidance_area_academic")
        cls.tag = env["mentorship.tag"].create({"name": "矩阵标签"})

        # classes: A1 headed by the head teacher and mentored by the mentor
        Class = env["school.class"]

        def school_class(code, department, head, **values):
            return Class.create(
                {
                    "name": f"{code}班",
                    "code": code,
                    "grade_year": 2025,
                    "department_id": department.id,
                    "head_teacher_id": head.id,
                    **values,
                }
            )

        cls.class_a1 = school_class("MXA1", cls.dept_a, cls.emps["head"])
        cls.class_a2 = school_class("MXA2", cls.dept_a, cls.head2)
        cls.class_a3 = school_class("MXA3", cls.dept_a, cls.head2)
        cls.class_b1 = school_class("MXB1", cls.dept_b, cls.head3)
        cls.class_c = school_class("MXC1", cls.dept_c, cls.head_c, company_id=cls.company2.id)
        cls.class_c2 = school_class("MXC2", cls.dept_c, cls.head_c, company_id=cls.company2.id)
        Student = env["school.student"]
        Dormitory = env["school.dormitory"]
        cls.students, cls.dorms = {}, {}
        for kind, school_class_ in (
            ("own", cls.class_a1),
            ("other", cls.class_a2),
            ("other-department", cls.class_b1),
            ("other-company", cls.class_c),
        ):
            company = school_class_.company_id.id
            cls.dorms[kind] = Dormitory.create(
                {
                    "name": f"{school_class_.code}-101",
                    "class_id": school_class_.id,
                    "company_id": company,
                }
            )
            cls.students[kind] = Student.create(
                [
                    {
                        "name": f"{school_class_.code}学生{i}",
                        "student_number": f"{school_class_.code}{i:02}",
                        "class_id": school_class_.id,
                        "dormitory_id": cls.dorms[kind].id,
                        "company_id": company,
                    }
                    for i in range(2)
                ]
            )

        # assignments and handbook entries
        Assignment = env["mentorship.assignment"]
        cur = {"term_id": cls.term_cur.id, "date_start": D(2026, 9, 1), "date_end": D(2027, 1, 20)}
        closed = {
            "term_id": cls.term_closed.id,
            "date_start": D(2026, 2, 20),
            "date_end": D(2026, 7, 10),
        }
        cls.assignments = {
            "own": Assignment.create(
                {**cur, "employee_id": cls.emps["mentor"].id, "class_id": cls.class_a1.id}
            ),
            "other": Assignment.create(
                {**cur, "employee_id": cls.emp_mentor2.id, "class_id": cls.class_a2.id}
            ),
            "other-department": Assignment.create(
                {**cur, "employee_id": cls.emp_mentor3.id, "class_id": cls.class_b1.id}
            ),
            "other-company": Assignment.create(
                {
                    **cur,
                    "term_id": cls.term_c.id,
                    "employee_id": cls.emp_c.id,
                    "class_id": cls.class_c.id,
                }
            ),
            "closed-term": Assignment.create(
                {**closed, "employee_id": cls.emps["mentor"].id, "class_id": cls.class_a1.id}
            ),
        }
        cls.logs = {
            kind: env["mentorship.log"].create(
                cls._log_values(
                    assignment, D(2026, 3, 10) if kind == "closed-term" else D(2026, 10, 10)
                )
            )
            for kind, assignment in cls.assignments.items()
        }

        # rankings and student evaluations of the classes
        Ranking = env["school.class.ranking"]
        cls.rankings = {
            kind: Ranking.create(
                {
                    "term_id": term.id,
                    "class_id": school_class_.id,
                    "score": 80,
                    "rank_department": rank_department,
                    "rank_grade": rank_grade,
                }
            )
            for kind, (term, school_class_, rank_department, rank_grade) in {
                "own": (cls.term_cur, cls.class_a1, 1, 1),
                "other": (cls.term_cur, cls.class_a2, 2, 2),
                "other-department": (cls.term_cur, cls.class_b1, 1, 3),
                "other-company": (cls.term_c, cls.class_c, 1, 1),
                "closed-term": (cls.term_closed, cls.class_a1, 1, 1),
            }.items()
        }
        StudentEvaluation = env["mentorship.student.evaluation"]
        cls.student_evaluations = {
            kind: StudentEvaluation.create({"term_id": term.id, "class_id": school_class_.id})
            for kind, (term, school_class_) in {
                "own": (cls.term_cur, cls.class_a1),
                "other": (cls.term_cur, cls.class_a2),
                "other-department": (cls.term_cur, cls.class_b1),
                "other-company": (cls.term_c, cls.class_c),
                "closed-term": (cls.term_closed, cls.class_a1),
            }.items()
        }
        for kind in ("own", "other-department", "other-company", "closed-term"):
            cls.student_evaluations[kind].action_issue_codes()

        # applications
        Application = env["mentorship.application"]
        declarations = {
            "declare_devotion": True,
            "declare_ethics": True,
            "declare_fitness": True,
            "five_education_specialty": "labour",
        }

        def application(employee, term, **values):
            return Application.create(
                {"employee_id": employee.id, "term_id": term.id, **declarations, **values}
            )

        cls.apps_own = {role: application(emp, cls.term_app) for role, emp in cls.emps.items()}
        cls.app_other = application(cls.emp_other, cls.term_app)
        cls.app_review = application(cls.emp_applicant, cls.term_app)
        cls.app_review.action_submit()
        cls.app_reviewed = application(cls.emp_reviewed, cls.term_app, state="reviewed")
        cls.app_mentor_cur = application(cls.emps["mentor"], cls.term_cur, state="confirmed")
        cls.app_mentor2_cur = application(cls.emp_mentor2, cls.term_cur, state="confirmed")
        cls.app_idle_cur = application(cls.emp_idle, cls.term_cur, state="confirmed")
        cls.app_closed = application(cls.emps["mentor"], cls.term_closed, state="confirmed")
        cls.app_c = application(cls.emp_c, cls.term_c, state="submitted")
        cls.app_c.request_validation()
        cls.tier_hr = env.ref("mentorship_odoo.tier_definition_application_hr")
        cls.tier_office = env.ref("mentorship_odoo.tier_definition_application_office")

        # confirmations of the President's Office Meeting
        Confirmation = env["mentorship.confirmation"]

        def confirmation(term, number, applications, done):
            record = Confirmation.create(
                {
                    "term_id": term.id,
                    "document_number": number,
                    "line_ids": [Command.create({"application_id": a.id}) for a in applications],
                }
            )
            if done:
                record.state = "done"
            return record

        cls.conf_done = confirmation(
            cls.term_cur, "矩阵〔2026〕1号", cls.app_mentor_cur | cls.app_mentor2_cur, True
        )
        cls.conf_draft = confirmation(cls.term_app, "矩阵〔2027〕2号", cls.app_reviewed, False)
        cls.conf_c = confirmation(cls.term_c, "外校〔2026〕1号", cls.app_c, True)

        # training sessions and compliance rows
        Training = env["mentorship.training"]
        cls.trainings = {
            "own": Training.create(
                {
                    "name": "导师培训一",
                    "term_id": cls.term_cur.id,
                    "attendee_ids": [Command.set(cls.emps["mentor"].ids)],
                }
            ),
            "other": Training.create(
                {
                    "name": "导师培训二",
                    "term_id": cls.term_cur.id,
                    "attendee_ids": [Command.set(cls.emp_mentor2.ids)],
                }
            ),
            "other-company": Training.create(
                {
                    "name": "外校培训",
                    "term_id": cls.term_c.id,
                    "attendee_ids": [Command.set(cls.emp_c.ids)],
                }
            ),
        }
        # compliance rows are a report over one document of rows per assignment
        kinds = ("own", "other-department", "other-company")
        env.flush_all()
        env.cr.execute(
            "INSERT INTO mentorship_compliance_document (assignment_id, fingerprint, rows) "
            # a term quota of one quota of the policies: 1 done, 3 required, in progress
            "SELECT unnest(%s), '', "
            "ARRAY[[0, (SELECT min(id) FROM mentorship_policy_quota), 1, 3, 3]]",
            [[cls.assignments[kind].id for kind in kinds]],
        )
        env.flush_all()
        cls.compliance = {
            kind: env["mentorship.compliance"].search(
                [("assignment_id", "=", cls.assignments[kind].id)]
            )
            for kind in kinds
        }
        assert all(len(rows) == 1 for rows in cls.compliance.values())

        # grades
        Evaluation = env["mentorship.evaluation"]

        def evaluation(employee, term, state, assignments=None, result="pass"):
            return Evaluation.create(
                {
                    "term_id": term.id,
                    "employee_id": employee.id,
                    "assignment_ids": [Command.set(assignments.ids if assignments else [])],
                    "computed_result": result,
                    "state": state,
                }
            )

        cls.evaluations = {
            "own-final": evaluation(
                cls.emps["mentor"], cls.term_cur, "final", cls.assignments["own"]
            ),
            "other-computed": evaluation(
                cls.emp_mentor2, cls.term_cur, "computed", cls.assignments["other"], "fail"
            ),
            "own-computed": evaluation(cls.emps["staff"], cls.term_cur, "computed"),
            "closed-term": evaluation(
                cls.emps["mentor"], cls.term_closed, "final", cls.assignments["closed-term"]
            ),
            "other-company": evaluation(
                cls.emp_c, cls.term_c, "final", cls.assignments["other-company"]
            ),
        }
        env.flush_all()
        cls._kinds = cls._record_kinds()
        cls._create_kinds = cls._creation_kinds()

    @classmethod
    def _log_values(cls, assignment, day):
        return {
            "assignment_id": assignment.id,
            "date": day,
            "task_type_id": cls.task_type.id,
            "topic": "诚信教育",
            "setting": "class",
            "guidance_area_ids": [Command.set(cls.area.ids)],
        }

    # ------------------------------------------------------------ fixtures
    # Preparations run as the superuser inside the cell's savepoint.
    @classmethod
    def _submit_own(cls, role):
        app = cls.apps_own[role]
        app.action_submit()
        return app

    @classmethod
    def _validated(cls, app):
        app.review_ids.write({"status": "approved"})
        app.invalidate_recordset()
        return app

    @classmethod
    def _restarted(cls, app):
        app.review_ids.unlink()
        app.invalidate_recordset()
        return app

    @classmethod
    def _handbook(cls, kind, handbook_state=None, state=None, summary=False):
        assignment = cls.assignments[kind]
        if summary:
            day = D(2026, 7, 1) if kind == "closed-term" else D(2026, 11, 20)
            cls.env["mentorship.log"].create(
                {
                    **cls._log_values(assignment, day),
                    "task_type_id": cls.env["mentorship.task.type"]
                    .search([("code", "=", "summary")])
                    .id,
                    "note": "本学期工作总结",
                }
            )
        values = {}
        if handbook_state:
            values["handbook_state"] = handbook_state
        if state:
            values["state"] = state
        if values:
            assignment.write(values)
        return assignment

    @classmethod
    def _home_cards(cls, user):
        """The cards the server builds for the user opening their home."""
        action = cls.env["mentorship.home.card"].with_user(user).action_open_home()
        cards = cls.env["mentorship.home.card"].search(action["domain"])
        assert cards, f"no home card for {user.name}"
        return cards

    @classmethod
    def _with_state(cls, record, state):
        record.write({"state": state})
        return record

    @classmethod
    def _report_kinds(cls):
        """The rows of the programme reports behind the fixtures' records."""

        def row(model, domain):
            def find(role):
                rows = cls.env[model].search(domain)
                assert rows, f"{model}: no row for {domain}"
                return rows

            return find

        kinds = {
            "mentorship.application.report": {
                "own": row("mentorship.application.report", [("id", "=", cls.app_mentor_cur.id)]),
                "other-company": row("mentorship.application.report", [("id", "=", cls.app_c.id)]),
            },
            "mentorship.review.backlog": {
                "under-review": row(
                    "mentorship.review.backlog", [("id", "in", cls.app_review.review_ids.ids)]
                ),
                "other-company": row(
                    "mentorship.review.backlog", [("id", "in", cls.app_c.review_ids.ids)]
                ),
            },
            "mentorship.evaluation.report": {
                kind: row("mentorship.evaluation.report", [("id", "=", cls.evaluations[kind].id)])
                for kind in ("own-final", "other-company")
            },
        }
        for kind in ("own", "other-department", "other-company"):
            assignment = cls.assignments[kind]
            kinds.setdefault("mentorship.coverage.report", {})[kind] = row(
                "mentorship.coverage.report",
                [
                    ("term_id", "=", assignment.term_id.id),
                    ("class_id", "=", assignment.class_id.id),
                ],
            )
            kinds.setdefault("mentorship.log.area.report", {})[kind] = row(
                "mentorship.log.area.report", [("log_id", "=", cls.logs[kind].id)]
            )
            kinds.setdefault("mentorship.effect.report", {})[kind] = row(
                "mentorship.effect.report", [("id", "=", cls.rankings[kind].id)]
            )
        return kinds

    @classmethod
    def _record_kinds(cls):
        """model -> kind -> callable(role) giving the record(s) of a cell."""
        apps = cls.apps_own
        return {
            "mentorship.application": {
                "own": lambda role: apps[role],
                "own-submitted": cls._submit_own,
                "other": lambda role: cls.app_other,
                "under-review": lambda role: cls.app_review,
                "validated": lambda role: cls._validated(cls.app_review),
                "restarted": lambda role: cls._restarted(cls.app_review),
                "other-confirmed": lambda role: cls.app_mentor2_cur,
                "closed-term": lambda role: cls.app_closed,
                "other-company": lambda role: cls.app_c,
                "model": lambda role: cls.env["mentorship.application"],
            },
            "tier.review": {
                "own-submitted": lambda role: cls._submit_own(role).review_ids,
                "under-review": lambda role: cls.app_review.review_ids,
                "other-company": lambda role: cls.app_c.review_ids,
            },
            "comment.wizard": {
                "under-review": lambda role: cls.app_review,
                "own-submitted": cls._submit_own,
                "other-company": lambda role: cls.app_c,
            },
            "mentorship.home.card": {
                "own": lambda role: cls._home_cards(cls.role_users[role])[:1],
                "other": lambda role: cls._home_cards(cls.emp_other.user_id)[:1],
                "mentor-class": lambda role: cls._home_cards(cls.role_users["mentor"]).filtered(
                    lambda card: card.kind == "class"
                ),
                "model": lambda role: cls.env["mentorship.home.card"],
            },
            "tier.definition": {
                "any": lambda role: cls.tier_office,
                "new": lambda role: cls.env["tier.definition"].create(
                    cls._tier_definition_values()
                ),
            },
            "hr.employee": {
                "own": lambda role: cls.emps[role],
                "other": lambda role: cls.emp_other,
            },
            "res.company": {"own": lambda role: cls.env.company},
            "ir.actions.report": {
                "programme-report": lambda role: cls.env.ref(
                    "mentorship_odoo.action_report_mentorship_application"
                )
            },
            "mentorship.application.reason": {
                "reject-under-review": lambda role: ("reject", cls.app_review),
                "restart-under-review": lambda role: ("restart", cls.app_review),
                "withdraw-own": lambda role: ("withdraw", apps[role]),
                "withdraw-other": lambda role: ("withdraw", cls.app_other),
            },
            "mentorship.confirmation": {
                "done": lambda role: cls.conf_done,
                "draft": lambda role: cls.conf_draft,
                "other-company": lambda role: cls.conf_c,
            },
            "mentorship.confirmation.line": {
                "done-own": lambda role: cls.conf_done.line_ids.filtered(
                    lambda line: line.application_id == cls.app_mentor_cur
                ),
                "done-other": lambda role: cls.conf_done.line_ids.filtered(
                    lambda line: line.application_id == cls.app_mentor2_cur
                ),
                "draft": lambda role: cls.conf_draft.line_ids,
                "other-company": lambda role: cls.conf_c.line_ids,
            },
            "mentorship.term": {
                "current": lambda role: cls.term_cur,
                "closed-term": lambda role: cls.term_closed,
                "other-company": lambda role: cls.term_c,
                "new": lambda role: cls.env["mentorship.term"].create(
                    {
                        "academic_year": "2030-2031",
                        "term_number": "1",
                        "date_start": D(2030, 9, 1),
                        "date_end": D(2031, 1, 20),
                    }
                ),
            },
            "mentorship.policy": {
                "in-use": lambda role: cls.policy,
                "new": lambda role: cls._new_policy(),
            },
            "mentorship.policy.quota": {
                "in-use": lambda role: cls.policy.quota_ids[:1],
                "new-policy": lambda role: cls._new_policy().quota_ids,
            },
            "mentorship.task.type": {
                "any": lambda role: cls.task_type,
                "in-use": lambda role: cls.task_type,
                "new": lambda role: cls.env["mentorship.task.type"].create(
                    {"name": "矩阵任务", "code": "matrix_task"}
                ),
            },
            "mentorship.guidance.area": {
                "any": lambda role: cls.area,
                "new": lambda role: cls.env["mentorship.guidance.area"].create(
                    {"name": "矩阵领域", "code": "matrix_area"}
                ),
            },
            "mentorship.tag": {
                "any": lambda role: cls.tag,
                "new": lambda role: cls.env["mentorship.tag"].create({"name": "矩阵新标签"}),
            },
            "school.class": {
                "own": lambda role: cls.class_a1,
                "closed-term": lambda role: cls.class_a1,
                "other": lambda role: cls.class_a2,
                "other-department": lambda role: cls.class_b1,
                "other-company": lambda role: cls.class_c,
                "new": lambda role: cls.env["school.class"].create(
                    {"name": "矩阵新班", "code": "MXNEW", "grade_year": 2026}
                ),
            },
            "school.student": {
                **{kind: (lambda role, k=kind: cls.students[k][0]) for kind in cls.students},
                "new": lambda role: cls.env["school.student"].create(
                    {"name": "矩阵新生", "student_number": "MXNEW01"}
                ),
            },
            "school.dormitory": {
                **{kind: (lambda role, k=kind: cls.dorms[k]) for kind in cls.dorms},
                "new": lambda role: cls.env["school.dormitory"].create({"name": "9-999"}),
            },
            "school.class.ranking": {
                kind: (lambda role, k=kind: cls.rankings[k]) for kind in cls.rankings
            },
            "mentorship.student.evaluation": {
                **{
                    kind: (lambda role, k=kind: cls.student_evaluations[k])
                    for kind in cls.student_evaluations
                },
            },
            "survey.user_input": {
                "own": lambda role: cls.student_evaluations["own"].survey_id.user_input_ids,
                "closed-term": lambda role: cls.student_evaluations[
                    "closed-term"
                ].survey_id.user_input_ids,
            },
            "mentorship.assignment": {
                **{kind: (lambda role, k=kind: cls.assignments[k]) for kind in cls.assignments},
                "submitted": lambda role: cls._handbook("own", handbook_state="submitted"),
                "new": lambda role: cls.env["mentorship.assignment"].create(
                    {
                        "term_id": cls.term_cur.id,
                        "employee_id": cls.emp_idle.id,
                        "class_id": cls.class_a3.id,
                        "date_start": D(2026, 9, 1),
                        "date_end": D(2027, 1, 20),
                    }
                ),
            },
            "mentorship.log": {
                **{kind: (lambda role, k=kind: cls.logs[k]) for kind in cls.logs},
                "submitted": lambda role: cls._handbook("own", handbook_state="submitted")
                and cls.logs["own"],
                "ended": lambda role: cls._handbook("own", state="ended") and cls.logs["own"],
            },
            "mentorship.handbook.reopen": {
                "submitted": lambda role: cls._handbook("own", handbook_state="submitted"),
                "closed-term": lambda role: cls._handbook(
                    "closed-term", handbook_state="submitted"
                ),
            },
            "mentorship.training": {
                kind: (lambda role, k=kind: cls.trainings[k]) for kind in cls.trainings
            },
            "mentorship.compliance": {
                **{kind: (lambda role, k=kind: cls.compliance[k]) for kind in cls.compliance},
                "model": lambda role: cls.env["mentorship.compliance"],
            },
            **cls._report_kinds(),
            "mentorship.matching": {
                "matching": lambda role: cls._with_state(cls.term_cur, "matching"),
                "other-company": lambda role: cls._with_state(cls.term_c, "matching"),
            },
            "mentorship.matching.share": {
                "own-wizard": lambda role: cls._with_state(cls.term_cur, "matching"),
            },
            "mentorship.matching.line": {
                "own-wizard": lambda role: cls._with_state(cls.term_cur, "matching"),
            },
            "mentorship.evaluation": {
                **{kind: (lambda role, k=kind: cls.evaluations[k]) for kind in cls.evaluations},
                "reported": lambda role: cls._with_state(
                    cls.evaluations["other-computed"], "reported"
                ),
                "draft": lambda role: cls._with_state(cls.evaluations["other-computed"], "draft"),
            },
        }

    @classmethod
    def _creation_kinds(cls):
        """model -> kind -> callable(role) giving the values of a creation."""
        emps = cls.emps
        term_dates = {"date_start": D(2026, 9, 1), "date_end": D(2027, 1, 20)}

        def own_application(role):
            cls.apps_own[role].unlink()
            return {
                "employee_id": emps[role].id,
                "term_id": cls.term_app.id,
                "declare_devotion": True,
            }

        def log(kind, **prepare):
            def values(role):
                if prepare:
                    cls._handbook("own", **prepare)
                assignment = cls.assignments[kind]
                day = D(2026, 3, 12) if kind == "closed-term" else D(2026, 10, 12)
                return cls._log_values(assignment, day)

            return values

        return {
            "mentorship.application": {
                "own": own_application,
                "other": lambda role: {"employee_id": cls.emp_free.id, "term_id": cls.term_app.id},
                "closed-term": lambda role: {
                    "employee_id": emps[role].id,
                    "term_id": cls.term_closed.id,
                },
                "other-company": lambda role: {
                    "employee_id": emps[role].id,
                    "term_id": cls.term_c.id,
                },
                "linked-other-company": lambda role: {
                    "employee_id": cls.emp_c2.id,
                    "term_id": cls.term_app.id,
                },
            },
            "tier.review": {
                "under-review": lambda role: {
                    "model": "mentorship.application",
                    "res_id": cls.app_review.id,
                    "definition_id": cls.tier_hr.id,
                    "sequence": 9,
                    "requested_by": cls.role_users[role].id,
                },
            },
            "tier.definition": {"new": lambda role: cls._tier_definition_values()},
            "mentorship.confirmation": {
                "own-company": lambda role: {
                    "term_id": cls.term_app.id,
                    "document_number": "矩阵〔2027〕9号",
                },
                "other-company": lambda role: {
                    "term_id": cls.term_c.id,
                    "document_number": "外校〔2026〕9号",
                },
            },
            "mentorship.confirmation.line": {
                "draft": lambda role: {
                    "confirmation_id": cls.conf_draft.id,
                    "application_id": cls.app_other.id,
                },
                "done": lambda role: {
                    "confirmation_id": cls.conf_done.id,
                    "application_id": cls.app_idle_cur.id,
                },
                "linked-other-company": lambda role: {
                    "confirmation_id": cls.conf_draft.id,
                    "application_id": cls.app_c.id,
                },
            },
            "mentorship.term": {
                "own-company": lambda role: {
                    "academic_year": "2029-2030",
                    "term_number": "1",
                    "date_start": D(2029, 9, 1),
                    "date_end": D(2030, 1, 20),
                },
                "other-company": lambda role: {
                    "academic_year": "2029-2030",
                    "term_number": "1",
                    "date_start": D(2029, 9, 1),
                    "date_end": D(2030, 1, 20),
                    "company_id": cls.company2.id,
                },
            },
            "mentorship.policy": {
                "new": lambda role: {"name": "矩阵版本", "date_from": D(2035, 9, 1)},
            },
            "mentorship.policy.quota": {
                "in-use": lambda role: cls._quota_values(cls.policy),
                "new-policy": lambda role: cls._quota_values(cls._new_policy()),
            },
            "mentorship.task.type": {
                "new": lambda role: {"name": "矩阵任务", "code": "matrix_task"},
            },
            "mentorship.guidance.area": {
                "new": lambda role: {"name": "矩阵领域", "code": "matrix_area"},
            },
            "mentorship.tag": {"new": lambda role: {"name": "矩阵新标签"}},
            "school.class": {
                "own-company": lambda role: {
                    "name": "矩阵新班",
                    "code": "MXNEW",
                    "grade_year": 2026,
                    "department_id": cls.dept_a.id,
                },
                "other-company": lambda role: {
                    "name": "外校新班",
                    "code": "MXCNEW",
                    "grade_year": 2026,
                    "department_id": cls.dept_c.id,
                    "company_id": cls.company2.id,
                },
            },
            "school.student": {
                "own-company": lambda role: {
                    "name": "矩阵新生",
                    "student_number": "MXNEW01",
                    "class_id": cls.class_a1.id,
                },
                "other-company": lambda role: {
                    "name": "外校新生",
                    "student_number": "MXCNEW01",
                    "class_id": cls.class_c.id,
                    "company_id": cls.company2.id,
                },
                "linked-other-company": lambda role: {
                    "name": "矩阵新生",
                    "student_number": "MXNEW02",
                    "class_id": cls.class_c.id,
                },
            },
            "school.dormitory": {
                "own-company": lambda role: {"name": "9-901", "class_id": cls.class_a1.id},
                "other-company": lambda role: {
                    "name": "9-902",
                    "class_id": cls.class_c.id,
                    "company_id": cls.company2.id,
                },
                "linked-other-company": lambda role: {"name": "9-903", "class_id": cls.class_c.id},
            },
            "school.class.ranking": {
                "own": lambda role: cls._ranking_values(cls.term_app, cls.class_a1),
                "other-department": lambda role: cls._ranking_values(cls.term_app, cls.class_b1),
                "closed-term": lambda role: cls._ranking_values(cls.term_closed, cls.class_a2),
                "other-company": lambda role: cls._ranking_values(cls.term_c, cls.class_c2),
                "linked-other-company": lambda role: cls._ranking_values(cls.term_app, cls.class_c),
            },
            "mentorship.student.evaluation": {
                "own": lambda role: {"term_id": cls.term_app.id, "class_id": cls.class_a1.id},
                "other-department": lambda role: {
                    "term_id": cls.term_app.id,
                    "class_id": cls.class_b1.id,
                },
                "closed-term": lambda role: {
                    "term_id": cls.term_closed.id,
                    "class_id": cls.class_a2.id,
                },
                "other-company": lambda role: {
                    "term_id": cls.term_c.id,
                    "class_id": cls.class_c2.id,
                },
                "linked-other-company": lambda role: {
                    "term_id": cls.term_app.id,
                    "class_id": cls.class_c.id,
                },
            },
            "mentorship.assignment": {
                # R-REV-3: officers never backdate; the dates default to the
                # appointment's own (today or later, to the term's end)
                "own-company": lambda role: {
                    "term_id": cls.term_cur.id,
                    "employee_id": cls.emp_idle.id,
                    "class_id": cls.class_a3.id,
                },
                "closed-term": lambda role: {
                    "term_id": cls.term_closed.id,
                    "employee_id": cls.emp_idle.id,
                    "class_id": cls.class_a3.id,
                    "date_start": D(2026, 2, 20),
                    "date_end": D(2026, 7, 10),
                },
                "other-company": lambda role: {
                    "term_id": cls.term_c.id,
                    "employee_id": cls.emp_c2.id,
                    "class_id": cls.class_c2.id,
                    **term_dates,
                },
                "linked-other-company": lambda role: {
                    "term_id": cls.term_cur.id,
                    "employee_id": cls.emp_idle.id,
                    "class_id": cls.class_c2.id,
                    **term_dates,
                },
            },
            "mentorship.log": {
                "own": log("own"),
                "other": log("other"),
                "other-department": log("other-department"),
                "submitted": log("own", handbook_state="submitted"),
                "ended": log("own", state="ended"),
                "closed-term": log("closed-term"),
                "other-company": log("other-company"),
            },
            "mentorship.training": {
                "own-company": lambda role: {"name": "新培训", "term_id": cls.term_cur.id},
                "other-company": lambda role: {"name": "外校新培训", "term_id": cls.term_c.id},
                "linked-other-company": lambda role: {
                    "name": "新培训",
                    "term_id": cls.term_cur.id,
                    "attendee_ids": [Command.set(cls.emp_c.ids)],
                },
            },
            "mentorship.compliance": {
                "own-company": lambda role: {
                    "assignment_id": cls.assignments["own"].id,
                    "rule": "R-TASK-1",
                },
            },
            "mentorship.home.card": {"own-company": lambda role: {"name": "伪造卡片"}},
            "mentorship.evaluation": {
                "own-company": lambda role: {
                    "term_id": cls.term_cur.id,
                    "employee_id": cls.emp_idle.id,
                },
            },
        }

    @classmethod
    def _new_policy(cls):
        policy = cls.env["mentorship.policy"].create(
            {"name": "矩阵未用版本", "date_from": D(2036, 9, 1)}
        )
        cls.env["mentorship.policy.quota"].create(cls._quota_values(policy))
        return policy

    @classmethod
    def _quota_values(cls, policy):
        return {
            "policy_id": policy.id,
            "task_type_id": cls.task_type.id,
            "rule": "R-MX-1",
            "min_count": 1,
        }

    @classmethod
    def _ranking_values(cls, term, school_class):
        return {
            "term_id": term.id,
            "class_id": school_class.id,
            "score": 75,
            "rank_department": 1,
            "rank_grade": 1,
        }

    @classmethod
    def _tier_definition_values(cls):
        return {
            "name": "矩阵审核",
            "model_id": cls.env["ir.model"]._get_id("mentorship.application"),
            "review_type": "group",
            "reviewer_group_id": cls.env.ref("mentorship_odoo.group_mentorship_office").id,
            "definition_domain": "[('id', '=', 0)]",
        }

    # --------------------------------------------------------- write values
    def _write_values(self, model, op):
        """The values of a ``write`` operation."""
        values = {
            ("mentorship.application", "write"): {"achievements": "矩阵测试成果"},
            ("mentorship.application", "write:sao_opinion"): {"sao_opinion": "同意推荐"},
            ("mentorship.application", "write:state"): {"state": "confirmed"},
            ("mentorship.application", "write:state+ctx"): {"state": "confirmed"},
            ("mentorship.application", "write:employee_id"): {"employee_id": self.emp_free.id},
            ("mentorship.application", "write:fact"): {"fact_head_teacher_years": 9.0},
            ("res.company", "write:document"): {
                "mentorship_document_code": "伪造院发",
                "mentorship_copy_to": "矩阵抄送",
            },
            ("tier.review", "write:status"): {"status": "approved"},
            ("tier.review", "write:comment"): {"comment": "同意"},
            ("tier.review", "write:reassign"): {"definition_id": self.tier_office.id},
            ("tier.definition", "write"): {"sequence": 31},
            ("mentorship.confirmation", "write"): {"document_number": "矩阵〔2027〕3号"},
            ("mentorship.confirmation", "write:state"): {"state": "done"},
            ("mentorship.confirmation", "write:term_id"): {"term_id": self.term_cur.id},
            ("mentorship.confirmation.line", "write"): {"decision": "reject", "note": "未通过"},
            ("mentorship.confirmation.line", "write:confirmation_id"): {
                "confirmation_id": self.conf_done.id
            },
            ("mentorship.term", "write"): {"name": "矩阵学期"},
            ("mentorship.term", "write:state"): {"state": "closed"},
            ("mentorship.term", "write:state+ctx"): {"state": "closed"},
            ("mentorship.term", "write:allow_late_confirmation"): {"allow_late_confirmation": True},
            ("mentorship.term", "write:company_id"): {"company_id": self.company2.id},
            ("mentorship.policy", "write"): {"note": "<p>矩阵说明</p>"},
            ("mentorship.policy", "write:threshold"): {"cadre_age_limit": 55},
            ("mentorship.policy.quota", "write"): {"min_count": 2},
            ("mentorship.task.type", "write"): {"sequence": 61},
            ("mentorship.guidance.area", "write"): {"sequence": 61},
            ("mentorship.tag", "write"): {"color": 3},
            ("school.class", "write"): {"name": "矩阵改名班"},
            ("school.class", "write:company_id"): {"company_id": self.company2.id},
            ("school.class", "write:other-company-link"): {"head_teacher_id": self.head_c.id},
            ("school.student", "write"): {"name": "矩阵改名"},
            ("school.dormitory", "write"): {"building": "九号楼"},
            ("school.class.ranking", "write"): {"score": 88.0},
            ("school.class.ranking", "write:class_id"): {"class_id": self.class_a3.id},
            ("school.class.ranking", "write:grade_size"): {"grade_size": 9},
            ("mentorship.student.evaluation", "write"): {"note": "矩阵备注"},
            ("mentorship.student.evaluation", "write:survey_id"): {
                "survey_id": self.env.ref("mentorship_odoo.survey_student_evaluation_template").id
            },
            ("mentorship.student.evaluation", "write:class_id"): {"class_id": self.class_a3.id},
            ("survey.user_input", "write"): {"state": "done"},
            ("mentorship.assignment", "write"): {"date_end": D(2027, 1, 19)},
            ("mentorship.assignment", "write:state"): {"state": "ended"},
            ("mentorship.assignment", "write:handbook_state"): {"handbook_state": "submitted"},
            ("mentorship.assignment", "write:employee_id"): {"employee_id": self.emp_idle.id},
            ("mentorship.log", "write"): {"topic": "矩阵改写"},
            ("mentorship.log", "write+ctx"): {"topic": "矩阵改写"},
            ("mentorship.log", "write:assignment_id"): {
                "assignment_id": self.assignments["other"].id
            },
            ("mentorship.log", "write:other-company-link"): {
                "student_ids": [Command.set(self.students["other-company"][:1].ids)]
            },
            ("mentorship.training", "write"): {"location": "报告厅"},
            ("mentorship.compliance", "write"): {"rule": "R-X"},
            ("mentorship.coverage.report", "write"): {"class_count": 5},
            ("mentorship.log.area.report", "write"): {"entry_count": 5},
            ("mentorship.effect.report", "write"): {"grade_change": 50.0},
            ("mentorship.application.report", "write"): {"state": "confirmed"},
            ("mentorship.review.backlog", "write"): {"age_days": 0},
            ("mentorship.evaluation.report", "write"): {"result": "pass"},
            ("mentorship.home.card", "write"): {
                "res_model": "mentorship.application",
                "res_id": self.app_review.id,
            },
            ("mentorship.evaluation", "write:override"): {
                "override_result": "pass",
                "override_reason": "复核后合格",
            },
            ("mentorship.evaluation", "write:override-without-reason"): {"override_result": "pass"},
            ("mentorship.evaluation", "write:misconduct"): {"misconduct": "记录不实"},
            ("mentorship.evaluation", "write:computed_result"): {"computed_result": "pass"},
            ("mentorship.evaluation", "write:computed_result+ctx"): {"computed_result": "pass"},
            ("mentorship.evaluation", "write:state"): {"state": "final"},
            ("mentorship.evaluation", "write:reason_data"): {"reason_data": []},
            ("mentorship.evaluation", "write:employee_id"): {"employee_id": self.emp_idle.id},
        }
        return values[model, op]

    # preparations an operation needs whatever the record kind (the term's stage)
    def _prepare(self, model, op, target):
        moves = {
            "action_open_applications": "draft",
            "action_start_review": "application",
            "action_start_matching": "review",
            "action_start_running": "matching",
            "action_start_evaluation": "running",
            "action_close": "evaluation",
            "action_open_matching": "matching",
            "action_compute_grades": "evaluation",
            "action_report_grades": "evaluation",
            "action_finalize_grades": "evaluation",
        }
        if model == "mentorship.term" and op in moves and target.state != "closed":
            target.write({"state": moves[op]})
        if model == "mentorship.evaluation" and op == "action_compute":
            if target.term_id.state == "running":
                target.term_id.write({"state": "evaluation"})
        if model == "mentorship.student.evaluation" and op == "action_issue_codes":
            target.write({"survey_id": False})
        if model == "mentorship.assignment" and op == "action_submit_handbook":
            if target.handbook_state == "open":
                self._handbook(
                    next(k for k, a in self.assignments.items() if a == target), summary=True
                )

    # ------------------------------------------------------------ attempts
    def _attempt(self, model, op, kind, role, user, target):
        """Run the operation as the user; return ALLOWED or REFUSED (or raise)."""
        custom = {
            "read": self._op_read,
            "read:facts": self._op_read_facts,
            "codes": self._op_codes,
            "validate_tier": self._op_validate_tier,
            "reject_tier": self._op_reject_tier,
            "request_validation": self._op_request_validation,
            "add_comment": self._op_comment,
            "add_comment:hr-tier": self._op_forged_comment,
            "create:default_state": self._op_create_default_state,
            "write:override": self._op_override,
        }
        if model == "mentorship.application.reason":
            return self._op_reason_wizard(target, user)
        if model == "mentorship.handbook.reopen":
            return self._op_reopen_wizard(target, user)
        if model.startswith("mentorship.matching"):
            return self._op_matching(model, op, target, user)
        if op in custom:
            return custom[op](target, user)
        context = HOSTILE_CONTEXT if op.endswith("+ctx") else {}
        if op.startswith("create"):
            values = dict(target)
            if op == "create:state":
                values["state"] = "confirmed"
            self.env[model].with_user(user).with_context(**context).create(values)
            return ALLOWED
        if op.startswith("write"):
            target.with_user(user).with_context(**context).write(self._write_values(model, op))
            return ALLOWED
        if op == "unlink":
            target.with_user(user).unlink()
            return ALLOWED
        # a public method or button
        result = getattr(target.with_user(user), op)(**METHOD_ARGS.get((model, op), {}))
        if op.startswith("action_print"):
            self._render(result, target, user)
        elif op in NAVIGATION and isinstance(result, dict) and result.get("res_model"):
            self.env[result["res_model"]].with_user(user).search(result.get("domain") or [])
        return ALLOWED

    def _op_read(self, target, user):
        records = target.with_user(user)
        try:
            found = records.search([("id", "in", target.ids)])
        except AccessError:
            found = records.browse()
        fields = {
            "mentorship.student.evaluation": ["participant_count", "mean_score"],
            "mentorship.application": ["applicant_name", "fact_title_level"],
            "tier.review": ["status", "comment"],
            "survey.user_input": ["scoring_percentage"],
        }.get(target._name, ["display_name"])
        try:
            records.read(fields)
            readable = True
        except AccessError:
            readable = False
        if readable != (len(found) == len(target)):
            return f"inconsistent (read: {readable}, found by search: {len(found)}/{len(target)})"
        return ALLOWED if readable else REFUSED

    def _op_read_facts(self, target, user):
        target.with_user(user).read(["mentor_title_level", "mentor_head_teacher_years"])
        return ALLOWED

    def _op_codes(self, target, user):
        codes = target.with_user(user)._codes()
        return ALLOWED if codes else "allowed (no codes)"

    def _decide(self, app, user, decision):
        before = {r.id: r.status for r in app.sudo().review_ids}
        self.env.invalidate_all()
        record = app.with_user(user)
        action = record.validate_tier() if decision == "validate" else record.reject_tier()
        if isinstance(action, dict):
            wizard = (
                self.env["comment.wizard"]
                .with_user(user)
                .with_context(**action["context"])
                .create({"comment": "矩阵审核意见"})
            )
            wizard.add_comment()
        changed = app.sudo().review_ids.filtered(
            lambda r: r.status != before.get(r.id) and r.done_by == user
        )
        return ALLOWED if changed else REFUSED

    def _op_validate_tier(self, app, user):
        return self._decide(app, user, "validate")

    def _op_reject_tier(self, app, user):
        return self._decide(app, user, "reject")

    def _op_request_validation(self, app, user):
        before = len(app.sudo().review_ids)
        self.env.invalidate_all()
        app.with_user(user).request_validation()
        app.invalidate_recordset()
        return ALLOWED if len(app.sudo().review_ids) > before else REFUSED

    def _op_forged_comment(self, app, user):
        """Decide the HR tier by naming its review in the comment wizard."""
        hr_review = app.sudo().review_ids.filtered(lambda r: r.definition_id == self.tier_hr)
        self.env.invalidate_all()
        self.env["comment.wizard"].with_user(user).create(
            {
                "res_model": app._name,
                "res_id": app.id,
                "review_ids": [Command.set(hr_review.ids)],
                "validate_reject": "validate",
                "comment": "同意",
            }
        ).add_comment()
        hr_review.invalidate_recordset()
        return ALLOWED if hr_review.status == "approved" else REFUSED

    def _op_comment(self, app, user):
        """The comment wizard on the user's own open reviews, as the form sends it."""
        before = {r.id: r.status for r in app.sudo().review_ids}
        mine = app.sudo().review_ids.filtered(
            lambda r: r.status in ("waiting", "pending") and user in r.reviewer_ids
        )
        self.env.invalidate_all()
        self.env["comment.wizard"].with_user(user).create(
            {
                "res_model": app._name,
                "res_id": app.id,
                "review_ids": [Command.set(mine.ids)],
                "validate_reject": "validate",
                "comment": "同意",
            }
        ).add_comment()
        changed = app.sudo().review_ids.filtered(
            lambda r: r.status != before.get(r.id) and r.done_by == user
        )
        return ALLOWED if changed else REFUSED

    def _op_override(self, evaluation, user):
        """An override is allowed only if it is kept in the grade's history."""
        evaluation.with_user(user).write(self._write_values(evaluation._name, "write:override"))
        self.flush_tracking()
        tracked = (
            self.env["mail.tracking.value"]
            .sudo()
            .search_count(
                [
                    ("mail_message_id.model", "=", evaluation._name),
                    ("mail_message_id.res_id", "=", evaluation.id),
                    ("field_id.name", "in", ("override_result", "override_reason")),
                ]
            )
        )
        return ALLOWED if tracked >= 2 else "allowed, but the override is not tracked"

    def _op_create_default_state(self, values, user):
        record = (
            self.env["mentorship.application"]
            .with_user(user)
            .with_context(default_state="confirmed", **HOSTILE_CONTEXT)
            .create(dict(values))
        )
        return ALLOWED if record.sudo().state == "confirmed" else REFUSED

    def _op_reason_wizard(self, target, user):
        mode, applications = target
        values = {
            "application_ids": [Command.set(applications.ids)],
            "mode": mode,
            "reason": "矩阵原因",
        }
        if mode == "withdraw":
            values.update(statement=STATEMENT, statement_name="说明.pdf")
        self.env["mentorship.application.reason"].with_user(user).create(values).action_apply()
        return ALLOWED

    def _op_reopen_wizard(self, assignment, user):
        self.env["mentorship.handbook.reopen"].with_user(user).create(
            {"assignment_ids": [Command.set(assignment.ids)], "reason": "补充记录"}
        ).action_apply()
        return ALLOWED

    def _op_matching(self, model, op, term, user):
        wizard = (
            self.env["mentorship.matching"]
            .with_user(user)
            .with_context(default_term_id=term.id)
            .create({})
        )
        if model == "mentorship.matching.share":
            wizard.share_ids[:1].write({"share": 1})
        elif model == "mentorship.matching.line" and op == "create":
            self.env["mentorship.matching.line"].with_user(user).create(
                {"wizard_id": wizard.id, "class_id": self.class_a3.id}
            )
        elif model == "mentorship.matching.line":
            wizard.action_propose()
            wizard.line_ids[:1].write({"employee_id": self.emp_idle.id})
        elif op in ("action_propose", "action_confirm"):
            wizard.action_propose()
            if op == "action_confirm":
                wizard.action_confirm()
        return ALLOWED

    def _render(self, action, records, user):
        """Print as the user: render the report's HTML with their rights."""
        self.assertEqual(action.get("type"), "ir.actions.report", action)
        self.env["ir.actions.report"].with_user(user)._render_qweb_html(
            action["report_name"], records.ids
        )

    # ---------------------------------------------------------------- cells
    def _target(self, model, op, kind, role):
        if op.startswith("create") and model in self._create_kinds:
            return self._create_kinds[model][kind](role)
        target = self._kinds[model][kind](role)
        self._prepare(model, op, target)
        return target

    def _run_cell(self, model, op, kind, role):
        user = self.role_users[role]
        self._why = ""
        savepoint = self.env.cr.savepoint()
        try:
            try:
                target = self._target(model, op, kind, role)
                self.env.flush_all()
                # a call over RPC starts with an empty cache: nothing the
                # superuser read while preparing may skip the user's checks
                self.env.invalidate_all()
            except Exception as error:  # a fixture problem, not a cell's outcome
                return f"setup error: {type(error).__name__}: {error}"
            try:
                outcome = self._attempt(model, op, kind, role, user, target)
                self.env.flush_all()
            except REFUSALS as error:
                self._why = f"{type(error).__name__}: {str(error).splitlines()[0][:120]}"
                return REFUSED
            except Exception as error:
                return f"error: {type(error).__name__}: {str(error)[:200]}"
            return outcome
        finally:
            savepoint.close(rollback=True)

    def _cells(self):
        for model, operations in MATRIX.items():
            for op, kinds in operations.items():
                for kind, allowed in kinds.items():
                    for role in ROLES:
                        yield model, op, kind, role, role in allowed

    @mute_logger("odoo.sql_db", "odoo.models.unlink", "odoo.addons.base.models.ir_rule")
    def test_access_matrix(self):
        checked = 0
        failures = []
        for model, op, kind, role, expect in self._cells():
            expected = ALLOWED if expect else REFUSED
            with self.subTest(role=role, model=model, operation=op, kind=kind):
                observed = self._run_cell(model, op, kind, role)
                checked += 1
                if os.environ.get("MATRIX_DUMP"):  # every cell, to audit the reasons
                    _logger.info(
                        "DUMP %s %s %s %s %s %s", model, op, kind, role, observed, self._why
                    )
                if observed != expected:
                    if self._why:
                        observed = f"{observed} ({self._why})"
                    failures.append((role, model, op, kind, expected, observed))
        lines = [
            f"  {role:10} {model:32} {op:32} {kind:22} expected {expected:8} observed {observed}"
            for role, model, op, kind, expected, observed in failures
        ]
        summary = f"access matrix: {checked} cells checked, {len(failures)} failing"
        _logger.info(summary)
        report = os.environ.get("MENTORSHIP_TEST_REPORT")
        if report:
            with open(report, "a", encoding="utf-8") as handle:
                handle.write(summary + "\n")
        for line in lines:
            _logger.info(line)
        self.assertGreaterEqual(checked, 300)
        self.assertFalse(failures, "\n".join([summary, *lines]))

    # ---------------------------------------------------------- completeness
    def test_every_model_and_action_has_a_row(self):
        """A new model, action or button without a row in the table fails."""
        data = self.env["ir.model.data"].search(
            [("module", "=", "mentorship_odoo"), ("model", "=", "ir.model")]
        )
        names = set(self.env["ir.model"].browse(data.mapped("res_id")).mapped("model"))
        names |= {name for name in self.env.registry if name.startswith(("mentorship.", "school."))}
        models = {name for name in names if not self.env[name]._abstract}
        missing = sorted(models - MATRIX.keys())
        for name in sorted(self.env.registry):
            for attr in self._public_methods(name):
                if attr not in MATRIX.get(name, {}):
                    missing.append(f"{name}.{attr}")
        views = self.env["ir.ui.view"].browse(
            self.env["ir.model.data"]
            .search([("module", "=", "mentorship_odoo"), ("model", "=", "ir.ui.view")])
            .mapped("res_id")
        )
        for view in views.filtered(lambda v: v.type in ("form", "list", "kanban")):
            arch = etree.fromstring(view.arch_db.encode())
            model = view.model
            for button in arch.iter("button"):
                name = button.get("name")
                if button.get("type") == "object" and name not in MATRIX.get(model, {}):
                    missing.append(f"{model}.{name} (button)")
        for model, operations in MATRIX.items():
            self.assertIn(model, self.env, f"{model}: not a model")
            for op, kinds in operations.items():
                self.assertTrue(kinds, f"{model} {op}: no cells")
        self.assertFalse(missing, f"no row in the access matrix for: {sorted(set(missing))}")

    def _public_methods(self, name):
        """``action_*`` and tier methods that this addon defines on the model."""
        found = set()
        for klass in type(self.env[name]).__mro__:
            for attr, value in vars(klass).items():
                if not callable(value) or attr.startswith("_"):
                    continue
                if not (attr.startswith("action_") or attr in TIER_METHODS):
                    continue
                if getattr(value, "__module__", "").startswith("odoo.addons.mentorship_odoo"):
                    found.add(attr)
        return found
