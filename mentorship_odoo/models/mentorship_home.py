from odoo import api, fields, models
from odoo.exceptions import AccessError

OFFICE = "mentorship_odoo.group_mentorship_office"
PRESIDENT = "mentorship_odoo.group_mentorship_president"
DEPARTMENT = "mentorship_odoo.group_mentorship_department"
DISCIPLINE = "mentorship_odoo.group_mentorship_reviewer_discipline"
HR = "mentorship_odoo.group_mentorship_reviewer_hr"
KANBAN_VIEW = "mentorship_odoo.mentorship_home_card_view_kanban"


class MentorshipHomeCard(models.TransientModel):
    """The app's home: one card per thing that waits for the user who opens
    it, with its count and the screen that does it. Cards are built by the
    server for the current user each time the home opens."""

    _name = "mentorship.home.card"
    _description = "Class Mentors Home Card"
    _inherit = ["mentorship.guard.mixin"]
    _order = "sequence, id"
    _protected_fields = (
        "sequence",
        "name",
        "description",
        "count",
        "kind",
        "color",
        "action_xmlid",
        "domain",
        "res_model",
        "res_id",
        "assignment_id",
        "can_log",
    )

    sequence = fields.Integer(readonly=True)
    name = fields.Char(readonly=True)
    description = fields.Char(readonly=True)
    count = fields.Integer(readonly=True)
    kind = fields.Selection(
        [("todo", "To Do"), ("class", "My Class"), ("info", "Information")],
        readonly=True,
    )
    color = fields.Integer(readonly=True)
    action_xmlid = fields.Char(readonly=True)
    domain = fields.Json(readonly=True)
    res_model = fields.Char(readonly=True)
    res_id = fields.Integer(readonly=True)
    assignment_id = fields.Many2one("mentorship.assignment", readonly=True)
    progress_rate = fields.Integer(related="assignment_id.progress_rate")
    behind_summary = fields.Char(related="assignment_id.behind_summary")
    can_log = fields.Boolean(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("Home cards are made by the programme."))
        return super().create(vals_list)

    # ------------------------------------------------------------ opening
    @api.model
    def action_open_home(self):
        """The home of whoever opens the app: never an error, always what
        waits for them."""
        Card = self.sudo()
        Card.search([("create_uid", "=", self.env.uid)]).unlink()
        values = [dict(vals, sequence=index) for index, vals in enumerate(self._card_values())]
        cards = Card.create(values).with_env(self.env)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Class Mentors"),
            "res_model": self._name,
            "view_mode": "kanban",
            "views": [
                (self.env.ref("mentorship_odoo.mentorship_home_card_view_kanban").id, "kanban")
            ],
            "domain": [("id", "in", cards.ids)],
            "target": "main",
        }

    def action_open(self):
        self.ensure_one()
        if self.res_model and self.res_id:
            return {
                "type": "ir.actions.act_window",
                "res_model": self.res_model,
                "res_id": self.res_id,
                "view_mode": "form",
                "views": [(False, "form")],
                "name": self.name,
            }
        action = self.env["ir.actions.actions"]._for_xml_id(self.action_xmlid)
        if action.get("type") == "ir.actions.act_window":
            if self.domain:
                action["domain"] = self.domain
            # the card's own list: flat, under the card's name
            action["context"] = {}
        action["name"] = action["display_name"] = self.name
        return action

    def action_log_work(self):
        self.ensure_one()
        return self.assignment_id.action_log_work()

    # -------------------------------------------------------------- cards
    def _card_values(self):
        user = self.env.user
        cards = []
        cards += self._mentor_cards()
        cards += self._applicant_cards()
        if user.has_group(DISCIPLINE) or user.has_group(HR) or user.has_group(OFFICE):
            cards += self._reviewer_cards()
        if user.has_group(OFFICE):
            cards += self._office_cards()
        if user.has_group(PRESIDENT) and not user.has_group(OFFICE):
            cards += self._president_cards()
        if user.has_group(DEPARTMENT):
            cards += self._department_cards()
        if user.has_group(HR):
            cards += self._hr_cards()
        if not cards:
            cards.append(
                {
                    "name": self.env._("Nothing waits for you"),
                    "description": self.env._(
                        "Applications open at the start of each term; you will find your "
                        "applications and results here."
                    ),
                    "kind": "info",
                    "action_xmlid": "mentorship_odoo.mentorship_application_action",
                }
            )
        return cards

    def _todo(self, name, count, action_xmlid, domain, description="", color=0):
        return {
            "name": name,
            "count": count,
            "description": description,
            "kind": "todo",
            "color": color if count else 0,
            "action_xmlid": action_xmlid,
            "domain": domain,
        }

    def _mentor_cards(self):
        assignments = self.env["mentorship.assignment"].search(
            [
                ("user_id", "=", self.env.uid),
                ("state", "=", "active"),
                ("term_id.state", "in", ("running", "evaluation")),
            ]
        )
        return [
            {
                "name": assignment.class_id.name,
                "description": assignment.term_id.name,
                "kind": "class",
                "assignment_id": assignment.id,
                "res_model": assignment._name,
                "res_id": assignment.id,
                "can_log": assignment.handbook_state == "open"
                and assignment.term_id.state == "running",
                "color": 1 if assignment.behind else 10,
            }
            for assignment in assignments
        ]

    def _applicant_cards(self):
        term = self.env["mentorship.term"]._current_application_term()
        employee = self.env.user.employee_id
        if not (term and employee):
            return []
        application = self.env["mentorship.application"].search(
            [
                ("employee_id", "=", employee.id),
                ("term_id", "=", term.id),
                ("state", "!=", "withdrawn"),
            ],
            limit=1,
        )
        if application:
            return [
                {
                    "name": self.env._("My Application"),
                    "description": self.env._(
                        "%(term)s: %(state)s", term=term.name, state=application._state_label()
                    ),
                    "kind": "info",
                    "res_model": application._name,
                    "res_id": application.id,
                }
            ]
        return [
            {
                "name": self.env._("Apply to Be a Mentor"),
                "description": self.env._("Applications for %(term)s are open.", term=term.name),
                "kind": "todo",
                "count": 0,
                "action_xmlid": "mentorship_odoo.mentorship_application_action_apply",
            }
        ]

    def _reviewer_cards(self):
        Application = self.env["mentorship.application"]
        domain = [("state", "=", "submitted"), ("can_review", "=", True)]
        return [
            self._todo(
                self.env._("Applications to Review"),
                Application.search_count(domain),
                "mentorship_odoo.mentorship_application_action_review",
                domain,
                self.env._("Your review tier waits on these applications."),
                color=3,
            )
        ]

    def _current_terms(self):
        return self.env["mentorship.term"].search(
            [
                ("state", "not in", ("draft", "closed")),
                ("company_id", "in", self.env.companies.ids),
            ],
            order="date_start",
        )

    def _office_cards(self):
        cards = []
        Application = self.env["mentorship.application"]
        for term in self._current_terms():
            stage = dict(term._fields["state"]._description_selection(self.env))[term.state]
            cards.append(
                {
                    "name": term.name,
                    "description": self.env._("Stage: %(stage)s", stage=stage),
                    "kind": "info",
                    "res_model": term._name,
                    "res_id": term.id,
                    "color": 4,
                }
            )
            reviewed = [("term_id", "=", term.id), ("state", "=", "reviewed")]
            validated = [
                ("term_id", "=", term.id),
                ("state", "=", "submitted"),
                ("validation_status", "=", "validated"),
            ]
            cards.append(
                self._todo(
                    self.env._("Reviewed by All Tiers: Mark as Reviewed"),
                    Application.search_count(validated),
                    "mentorship_odoo.mentorship_application_action_all",
                    validated,
                    term.name,
                    color=3,
                )
            )
            cards.append(
                self._todo(
                    self.env._("To Confirm at the President's Office Meeting"),
                    Application.search_count(reviewed),
                    "mentorship_odoo.mentorship_application_action_all",
                    reviewed,
                    term.name,
                    color=3,
                )
            )
            if term.state == "matching":
                unmatched = self.env["mentorship.matching"]._open_classes(term)
                cards.append(
                    self._todo(
                        self.env._("Classes Without a Mentor"),
                        len(unmatched),
                        "mentorship_odoo.school_class_action",
                        [("id", "in", unmatched.ids)],
                        term.name,
                        color=2,
                    )
                )
            if term.state == "running":
                behind = [("term_id", "=", term.id), ("behind", "=", True)]
                cards.append(
                    self._todo(
                        self.env._("Handbooks Behind Quota"),
                        self.env["mentorship.assignment"].search_count(behind),
                        "mentorship_odoo.mentorship_assignment_action_mentors",
                        behind,
                        term.name,
                        color=1,
                    )
                )
            if term.state == "evaluation":
                mentors = len(term.assignment_ids.employee_id)
                done = self.env["mentorship.evaluation"].search_count(
                    [("term_id", "=", term.id), ("state", "!=", "draft")]
                )
                cards.append(
                    self._todo(
                        self.env._("Grades to Compute"),
                        max(mentors - done, 0),
                        "mentorship_odoo.mentorship_evaluation_action",
                        [("term_id", "=", term.id)],
                        term.name,
                        color=2,
                    )
                )
        return cards

    def _president_cards(self):
        Application = self.env["mentorship.application"]
        reviewed = [("state", "=", "reviewed")]
        cards = [
            self._todo(
                self.env._("Awaiting the Meeting's Decision"),
                Application.search_count(reviewed),
                "mentorship_odoo.mentorship_application_action_all",
                reviewed,
                self.env._("Reviewed applications for the President's Office Meeting."),
                color=3,
            )
        ]
        latest = self.env["mentorship.evaluation"].search(
            [("state", "in", ("reported", "final"))], order="term_id desc", limit=1
        )
        if latest:
            domain = [("term_id", "=", latest.term_id.id)]
            cards.append(
                self._todo(
                    self.env._("Latest Results"),
                    self.env["mentorship.evaluation"].search_count(domain),
                    "mentorship_odoo.mentorship_evaluation_action",
                    domain,
                    latest.term_id.name,
                )
            )
        return cards

    def _department_cards(self):
        cards = []
        for term in self._current_terms().filtered(lambda t: t.state == "evaluation"):
            classes = term.assignment_ids.class_id
            evaluated = (
                self.env["mentorship.student.evaluation"]
                .search([("term_id", "=", term.id)])
                .class_id
            )
            cards.append(
                self._todo(
                    self.env._("Student Evaluations to Run"),
                    len(classes - evaluated),
                    "mentorship_odoo.mentorship_student_evaluation_action",
                    [("term_id", "=", term.id)],
                    term.name,
                    color=2,
                )
            )
        return cards

    def _hr_cards(self):
        domain = [("state", "=", "final")]
        return [
            self._todo(
                self.env._("Final Results for Title Evaluation"),
                self.env["mentorship.evaluation"].search_count(domain),
                "mentorship_odoo.mentorship_evaluation_action_hr",
                domain,
            )
        ]
