from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..lib.regulation import (
    ClassFacts,
    MentorFacts,
    academic_year_text,
    appointment_start,
    previous_term_key,
    propose,
    share_seats,
    term_key,
)


class MentorshipMatching(models.TransientModel):
    _name = "mentorship.matching"
    _description = "Match Mentors to Classes"
    _inherit = ["hr.mixin"]

    term_id = fields.Many2one("mentorship.term", string="Term", required=True, readonly=True)
    prefer_own_department = fields.Boolean(
        string="Prefer Own Department",
        default=True,
        help="R-MATCH-2: give a class a mentor of its own department when strengths are equal.",
    )
    mentor_count = fields.Integer(string="Confirmed Mentors", compute="_compute_mentor_count")
    seat_count = fields.Integer(
        string="Seats",
        compute="_compute_mentor_count",
        help="R-MATCH-1: confirmed mentors without a class times the classes one mentor may "
        "hold (policy).",
    )
    previous_term_note = fields.Char(
        string="Previous Term",
        compute="_compute_mentor_count",
        help="R-MATCH-3(b) ranks classes by the term just before this one in the calendar.",
    )
    share_basis = fields.Selection(
        related="term_id.policy_id.match_share_basis",
        string="Seats Shared By",
        help="R-MATCH-1: how the seats are shared among departments (policy setting).",
    )
    share_ids = fields.One2many("mentorship.matching.share", "wizard_id", string="Shares")
    line_ids = fields.One2many("mentorship.matching.line", "wizard_id", string="Proposal")
    unmatched_class_ids = fields.Many2many(
        "school.class", string="Classes Without a Mentor", readonly=True
    )
    idle_application_ids = fields.Many2many(
        "mentorship.application", string="Mentors Without a Class", readonly=True
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        term = self.env["mentorship.term"].browse(values.get("term_id"))
        if term:
            shares = self._default_shares(term)
            values["share_ids"] = [
                fields.Command.create(
                    {
                        "department_id": department.id,
                        "class_count": count,
                        "student_count": students,
                        "priority_count": priority,
                        "share": share,
                    }
                )
                for department, count, students, priority, share in shares
            ]
        return values

    @api.depends("term_id")
    def _compute_mentor_count(self):
        for wizard in self:
            wizard.mentor_count = (
                len(self._mentor_applications(wizard.term_id)) if wizard.term_id else 0
            )
            wizard.seat_count = wizard.mentor_count * self._classes_per_mentor(wizard.term_id)
            wizard.previous_term_note = wizard._previous_term_note()

    def _previous_term_note(self):
        """Say so when the previous term (R-MATCH-3(b)) is not recorded."""
        term = self.term_id
        if not term or term._previous_term():
            return False
        year, number = previous_term_key(term_key(term.academic_year, term.term_number))
        labels = dict(term._fields["term_number"]._description_selection(self.env))
        return self.env._(
            "R-MATCH-3(b): the previous term (%(year)s, %(term)s) is not recorded, so no class "
            "is served first for its ranking.",
            year=academic_year_text(year),
            term=labels.get(str(number), number),
        )

    @api.model
    def _classes_per_mentor(self, term):
        return term.policy_id.max_classes_per_mentor or 1

    # ---------------------------------------------------------------- facts
    def _check_rights(self):
        if not self.env.user.has_group("mentorship_odoo.group_mentorship_office"):
            raise AccessError(self.env._("Only the Student Affairs Office matches mentors."))

    @api.model
    def _active_assignments(self, term):
        return self.env["mentorship.assignment"].search(
            [("term_id", "=", term.id), ("state", "=", "active")]
        )

    @api.model
    def _mentor_applications(self, term):
        """Confirmed applications of the term whose mentor has no class yet,
        without those R-ELIG-6 bars (a fail finalised after confirmation)."""
        assigned = self._active_assignments(term).employee_id
        applications = self.env["mentorship.application"].search(
            [
                ("term_id", "=", term.id),
                ("state", "=", "confirmed"),
                ("employee_id", "not in", assigned.ids),
            ],
            order="id",
        )
        bars = self.env["mentorship.evaluation"]._fail_bars(applications.sudo().employee_id, term)
        return applications.filtered(lambda app: (app.sudo().employee_id.id, term.id) not in bars)

    @api.model
    def _open_classes(self, term):
        """Active classes of the term's company without a mentor this term."""
        taken = self._active_assignments(term).class_id
        return self.env["school.class"].search(
            [("company_id", "=", term.company_id.id), ("id", "not in", taken.ids)],
            order="code, id",
        )

    @api.model
    def _default_shares(self, term):
        """R-MATCH-1: the seats -- confirmed mentors times the classes one
        mentor may hold -- shared among departments as the policy says: by
        open classes, by their students, or priority classes first. Returns
        ``[(department, classes, students, priority classes, share)]``."""
        classes = self._open_classes(term)
        basis = term.policy_id.match_share_basis or "classes"
        priority = set()
        if basis == "priority":
            facts = self.new({"term_id": term.id})._class_facts(classes)
            priority = {f.key for f in facts if f.new_head_teacher or f.bottom_third}
        counts, students, urgent = {}, {}, {}
        for school_class in classes:
            department = school_class.department_id
            counts[department] = counts.get(department, 0) + 1
            students[department] = students.get(department, 0) + school_class.student_count
            urgent[department] = urgent.get(department, 0) + (school_class.id in priority)
        seats = len(self._mentor_applications(term)) * self._classes_per_mentor(term)
        shares = share_seats(
            seats,
            {dept.id: count for dept, count in counts.items()},
            basis,
            students={dept.id: count for dept, count in students.items()},
            priority={dept.id: count for dept, count in urgent.items()},
        )
        return [
            (dept, count, students[dept], urgent[dept], shares[dept.id])
            for dept, count in sorted(counts.items(), key=lambda item: item[0].id)
        ]

    def _class_facts(self, classes):
        term = self.term_id
        rankings = self.env["school.class.ranking"].search(
            [("term_id", "=", term._previous_term().id or 0), ("class_id", "in", classes.ids)]
        )
        rank_by_class = {r.class_id.id: r for r in rankings}
        classes.head_teacher_id.sudo().mapped("mentor_hire_date")
        facts = []
        for school_class in classes:
            ranking = rank_by_class.get(school_class.id)
            facts.append(
                ClassFacts(
                    school_class.id,
                    school_class.department_id.id,
                    code=school_class.code,
                    new_head_teacher=school_class._has_new_head_teacher(term),
                    rank_department=ranking.rank_department if ranking else 0,
                    department_size=ranking.department_size if ranking else 0,
                    head_teacher=school_class.head_teacher_id.id,
                    needs=school_class.need_tag_ids.ids,
                )
            )
        return facts

    # --------------------------------------------------------------- actions
    def action_propose(self):
        """R-MATCH-1 … R-MATCH-3: rank the classes and propose pairs."""
        self.ensure_one()
        self._check_rights()
        term = self.term_id
        if term.state != "matching":
            raise UserError(
                self.env._("Mentors are matched while the term is at “Matching” (R-MATCH-4).")
            )
        applications = self._mentor_applications(term)
        classes = self._open_classes(term)
        class_facts = self._class_facts(classes)
        mentors = [
            MentorFacts(
                app.employee_id.id,
                app.department_id.id,
                strengths=app.strength_tag_ids.ids,
                name=app.applicant_name,
            )
            for app in applications
        ]
        application_by_employee = {app.employee_id.id: app for app in applications}
        shares = {share.department_id.id: share.share for share in self.share_ids}
        pairs, unmatched, idle = propose(
            mentors,
            class_facts,
            shares,
            prefer_own_department=self.prefer_own_department,
            max_classes=term.policy_id.max_classes_per_mentor or 1,
        )
        self.line_ids = [fields.Command.clear()] + [
            fields.Command.create(
                {
                    "sequence": index,
                    "class_id": facts.key,
                    "employee_id": mentor.key,
                    "application_id": application_by_employee[mentor.key].id,
                    "priority_data": self.env["mentorship.evaluation"]._reason_data(
                        facts.priority_reasons()
                    ),
                }
            )
            for index, (facts, mentor) in enumerate(pairs)
        ]
        self.unmatched_class_ids = [fields.Command.set([facts.key for facts in unmatched])]
        self.idle_application_ids = [
            fields.Command.set([application_by_employee[mentor.key].id for mentor in idle])
        ]
        return self._reopen()

    def action_confirm(self):
        """R-MATCH-4: the officer's confirmed pairs become assignments."""
        self.ensure_one()
        self._check_rights()
        term = self.term_id
        if term.state != "matching":
            raise UserError(
                self.env._("Mentors are matched while the term is at “Matching” (R-MATCH-4).")
            )
        lines = self.line_ids.filtered("employee_id")
        if not lines:
            raise UserError(self.env._("Propose pairs first, or pick a mentor on a line."))
        # R-REV-3: only confirmed mentors of the term; R-ELIG-6 checked again
        confirmed = {
            app.employee_id.id: app
            for app in self.env["mentorship.application"].search(
                [
                    ("term_id", "=", term.id),
                    ("employee_id", "in", lines.employee_id.ids),
                    ("state", "=", "confirmed"),
                ]
            )
        }
        for line in lines:
            if line.employee_id.id not in confirmed:
                raise UserError(
                    self.env._(
                        "R-REV-3: only mentors confirmed for %(term)s are matched to its "
                        "classes; %(name)s is not.",
                        term=term.name,
                        name=line.employee_id.name,
                    )
                )
        apps = self.env["mentorship.application"].browse({app.id for app in confirmed.values()})
        apps._check_fail_bar(self.env._("matching"))
        # R-REV-3: a late matching or confirmation starts the appointment late
        today = fields.Date.context_today(self)
        assignments = self.env["mentorship.assignment"].create(
            [
                {
                    "term_id": term.id,
                    "employee_id": line.employee_id.id,
                    "class_id": line.class_id.id,
                    "application_id": confirmed[line.employee_id.id].id,
                    "date_start": appointment_start(
                        term.date_start,
                        today,
                        confirmed[line.employee_id.id].sudo().confirmation_id.meeting_date,
                    ),
                    "date_end": term.date_end,
                    "priority_data": line.priority_data,
                }
                for line in lines
            ]
        )
        term.message_post(
            body=self.env._(
                "%(count)s mentors matched to classes by %(user)s.",
                count=len(assignments),
                user=self.env.user.name,
            )
        )
        return term.action_view_assignments()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Match Mentors to Classes"),
        }


class MentorshipMatchingShare(models.TransientModel):
    _name = "mentorship.matching.share"
    _description = "Department Share of Classes"
    _order = "department_id"

    wizard_id = fields.Many2one("mentorship.matching", required=True, ondelete="cascade")
    department_id = fields.Many2one("hr.department", string="Department", readonly=True)
    class_count = fields.Integer(string="Classes", readonly=True)
    student_count = fields.Integer(
        string="Students", readonly=True, help="Students of the department's open classes."
    )
    priority_count = fields.Integer(
        string="Priority Classes",
        readonly=True,
        help="Open classes with a newly hired head teacher or in the bottom third of the "
        "department's ranking (R-MATCH-3).",
    )
    share = fields.Integer(
        string="Classes to Cover",
        help="R-MATCH-1: how many of the department's classes receive a mentor.",
    )


class MentorshipMatchingLine(models.TransientModel):
    _name = "mentorship.matching.line"
    _description = "Proposed Mentor for a Class"
    _inherit = ["hr.mixin"]
    _order = "sequence, id"

    wizard_id = fields.Many2one("mentorship.matching", required=True, ondelete="cascade")
    sequence = fields.Integer()
    class_id = fields.Many2one("school.class", string="Class", required=True)
    department_id = fields.Many2one(related="class_id.department_id", string="Department")
    head_teacher_id = fields.Many2one(related="class_id.head_teacher_id", string="Head Teacher")
    need_tag_ids = fields.Many2many(related="class_id.need_tag_ids", string="Needs")
    employee_id = fields.Many2one("hr.employee", string="Mentor")
    application_id = fields.Many2one("mentorship.application", string="Application")
    strength_tag_ids = fields.Many2many(related="application_id.strength_tag_ids")
    priority_data = fields.Json(readonly=True)
    priority_reasons = fields.Text(string="Priority Reasons", compute="_compute_priority_reasons")

    @api.depends("priority_data")
    @api.depends_context("lang")
    def _compute_priority_reasons(self):
        render = self.env["mentorship.assignment"]._priority_text
        for line in self:
            line.priority_reasons = render(line.priority_data)
