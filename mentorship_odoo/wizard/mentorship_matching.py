from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..lib.regulation import ClassFacts, MentorFacts, apportion, propose


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
                    {"department_id": department.id, "class_count": count, "share": share}
                )
                for department, count, share in shares
            ]
        return values

    @api.depends("term_id")
    def _compute_mentor_count(self):
        for wizard in self:
            wizard.mentor_count = (
                len(self._mentor_applications(wizard.term_id)) if wizard.term_id else 0
            )

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
        """Confirmed applications of the term whose mentor has no class yet."""
        assigned = self._active_assignments(term).employee_id
        return self.env["mentorship.application"].search(
            [
                ("term_id", "=", term.id),
                ("state", "=", "confirmed"),
                ("employee_id", "not in", assigned.ids),
            ],
            order="id",
        )

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
        """R-MATCH-1: each department's share of classes, proportional to its
        class count, from the number of confirmed mentors."""
        classes = self._open_classes(term)
        counts = {}
        for school_class in classes:
            counts[school_class.department_id] = counts.get(school_class.department_id, 0) + 1
        mentors = len(self._mentor_applications(term))
        shares = apportion(mentors, {dept.id: count for dept, count in counts.items()})
        return [
            (dept, count, shares[dept.id])
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
        assignments = self.env["mentorship.assignment"].create(
            [
                {
                    "term_id": term.id,
                    "employee_id": line.employee_id.id,
                    "class_id": line.class_id.id,
                    "application_id": line.application_id.id
                    or self.env["mentorship.application"]
                    .search(
                        [
                            ("term_id", "=", term.id),
                            ("employee_id", "=", line.employee_id.id),
                            ("state", "=", "confirmed"),
                        ],
                        limit=1,
                    )
                    .id,
                    "date_start": term.date_start,
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
