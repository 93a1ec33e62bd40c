from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

SETTINGS = [
    ("class", "In the class"),
    ("lesson", "In lessons"),
    ("dormitory", "In dormitories"),
    ("canteen", "In the canteen"),
    ("club", "In student clubs"),
    ("lecture", "At lectures"),
    ("online", "Online"),
]
# What each task type needs besides date, setting and guidance areas
REQUIRED_BY_TYPE = {
    "class_meeting": ("topic",),
    "student_pairing": ("student_ids",),
    "talk": ("student_ids",),
    "dormitory": ("dormitory_id",),
    "observation": ("lesson", "students_state"),
    "activity": ("topic",),
    "summary": ("note",),
}


class MentorshipLog(models.Model):
    _name = "mentorship.log"
    _description = "Handbook Entry"
    _inherit = ["mentorship.guard.mixin", "mail.thread"]
    _order = "date desc, id desc"
    _identity_fields = ("assignment_id",)

    assignment_id = fields.Many2one(
        "mentorship.assignment",
        string="Assignment",
        required=True,
        index=True,
        ondelete="restrict",
        default=lambda self: self._default_assignment_id(),
    )
    employee_id = fields.Many2one(related="assignment_id.employee_id", store=True, string="Mentor")
    class_id = fields.Many2one(related="assignment_id.class_id", store=True, string="Class")
    department_id = fields.Many2one(
        related="assignment_id.department_id", store=True, string="Department"
    )
    term_id = fields.Many2one(related="assignment_id.term_id", store=True, string="Term")
    company_id = fields.Many2one(related="assignment_id.company_id", store=True, index=True)
    date = fields.Date(required=True, default=fields.Date.context_today, index=True, tracking=True)
    month = fields.Char(compute="_compute_month", store=True, index=True, help="YYYY-MM")
    task_type_id = fields.Many2one(
        "mentorship.task.type", string="Type", required=True, tracking=True
    )
    task_code = fields.Char(related="task_type_id.code", store=True, string="Type Code")
    setting = fields.Selection(
        SETTINGS,
        required=True,
        default="class",
        help="R-DUTY-2: where the work happened.",
    )
    guidance_area_ids = fields.Many2many(
        "mentorship.guidance.area",
        string="Guidance Areas",
        help="R-DUTY-3: the guidance areas the work served.",
    )
    student_ids = fields.Many2many(
        "school.student",
        string="Students",
        domain="[('class_id', '=', class_id)]",
    )
    student_count = fields.Integer(compute="_compute_student_count", store=True)
    dormitory_id = fields.Many2one(
        "school.dormitory", string="Dormitory", domain="[('class_id', '=', class_id)]"
    )
    topic = fields.Char(help="The issue addressed (themed meetings) or the activity's title.")
    lesson = fields.Char(
        string="Observed Lesson", help="Course and teacher of the observed lesson."
    )
    students_state = fields.Text(
        string="Students' State",
        help="R-TASK-4: attention and discipline seen in the lesson; disengaged students "
        "to follow up with the head teacher.",
    )
    agreed_head_teacher = fields.Boolean(
        string="Agreed with Head Teacher",
        help="R-TASK-2a: the paired students are agreed with the head teacher (required).",
    )
    agreed_teachers = fields.Boolean(
        string="Agreed with Subject Teachers",
        help="R-TASK-2a: the paired students are agreed with the subject teachers (required).",
    )
    agreed_league = fields.Boolean(
        string="Agreed with Youth League Branch",
        help="R-TASK-2a: the paired students are agreed with the Youth League branch (required).",
    )
    note = fields.Text()
    attachment_ids = fields.Many2many("ir.attachment", string="Photos and Attachments")
    quota_hint = fields.Char(
        string="Counts Toward",
        compute="_compute_quota_hint",
        help="The quota of the regulation this entry counts toward, and where it stands.",
    )
    can_edit = fields.Boolean(
        compute="_compute_can_edit",
        help="The current user is the mentor and the handbook is open.",
    )

    @api.depends("task_type_id", "date", "class_id")
    def _compute_display_name(self):
        for log in self:
            if not log.task_type_id:
                log.display_name = self.env._("New Handbook Entry")
                continue
            log.display_name = self.env._(
                "%(type)s, %(date)s", type=log.task_type_id.name, date=log.date or ""
            )

    def action_save_and_show_progress(self):
        """The entry is saved by the button itself: confirm it and show the
        class's progress, where the quota it counted toward has moved."""
        self.ensure_one()
        self._check_writable()
        assignment = self.assignment_id
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Recorded: %(entry)s. %(hint)s", entry=self.display_name, hint=self.quota_hint
                ),
                "next": {
                    "type": "ir.actions.act_window",
                    "res_model": assignment._name,
                    "res_id": assignment.id,
                    "view_mode": "form",
                    "views": [(False, "form")],
                    "target": "current",
                },
            },
        }

    @api.model
    def _default_assignment_id(self):
        return self.env["mentorship.assignment"].search(
            [("user_id", "=", self.env.uid), ("state", "=", "active")],
            order="date_start desc",
            limit=1,
        )

    @api.depends("assignment_id", "task_type_id", "date")
    @api.depends_context("lang")
    def _compute_quota_hint(self):
        for log in self:
            assignment = log.assignment_id._origin
            code = log.task_type_id.code
            if not (assignment and code):
                log.quota_hint = False
                continue
            date = log.date or fields.Date.context_today(self)
            rows = [
                p
                for p in assignment._quota_progress().get(assignment.id, [])
                if p.quota.task == code and (p.month is None or p.month == (date.year, date.month))
            ]
            log.quota_hint = "; ".join(
                self.env._(
                    "%(rule)s: %(done)s of %(required)s this month",
                    rule=p.quota.rule,
                    done=p.done,
                    required=p.required,
                )
                if p.month
                else self.env._(
                    "%(rule)s: %(done)s of %(required)s this term",
                    rule=p.quota.rule,
                    done=p.done,
                    required=p.required,
                )
                for p in rows
            ) or self.env._("No quota: recorded as part of the mentor's work")

    @api.depends("assignment_id.handbook_state", "assignment_id.state", "term_id.state")
    @api.depends_context("uid")
    def _compute_can_edit(self):
        for log in self:
            assignment = log.assignment_id
            log.can_edit = not assignment or (
                assignment.user_id == self.env.user
                and assignment.state == "active"
                and assignment.handbook_state == "open"
                and assignment.term_id.state != "closed"
            )

    @api.depends("date")
    def _compute_month(self):
        for log in self:
            log.month = log.date.strftime("%Y-%m") if log.date else False

    @api.depends("student_ids")
    def _compute_student_count(self):
        for log in self:
            log.student_count = len(log.student_ids)

    @api.constrains("date", "assignment_id")
    def _check_date(self):
        today = fields.Date.context_today(self)
        for log in self:
            assignment = log.assignment_id
            if log.date > today:
                raise ValidationError(self.env._("A handbook entry cannot be dated in the future."))
            if not assignment.date_start <= log.date <= assignment.date_end:
                raise ValidationError(
                    self.env._(
                        "The entry's date must lie within the assignment (%(start)s to %(end)s).",
                        start=assignment.date_start,
                        end=assignment.date_end,
                    )
                )

    @api.constrains("student_ids", "dormitory_id", "assignment_id")
    def _check_class_members(self):
        for log in self:
            school_class = log.assignment_id.class_id
            strangers = log.student_ids.filtered(lambda s, c=school_class: s.class_id != c)
            if strangers:
                raise ValidationError(
                    self.env._(
                        "%(names)s are not students of %(class_name)s.",
                        names=", ".join(strangers.mapped("name")),
                        class_name=school_class.name,
                    )
                )
            if log.dormitory_id and log.dormitory_id.class_id != school_class:
                raise ValidationError(
                    self.env._(
                        "Dormitory %(dormitory)s is not a dormitory of %(class_name)s.",
                        dormitory=log.dormitory_id.name,
                        class_name=school_class.name,
                    )
                )

    @api.constrains("guidance_area_ids")
    def _check_guidance_areas(self):
        for log in self:
            if not log.guidance_area_ids:
                raise ValidationError(
                    self.env._(
                        "Record at least one guidance area for each handbook entry (R-DUTY-3)."
                    )
                )

    @api.constrains("task_type_id", "topic", "student_ids", "dormitory_id", "lesson", "note")
    def _check_type_fields(self):
        for log in self:
            missing = [
                self._fields[name].get_description(self.env)["string"]
                for name in REQUIRED_BY_TYPE.get(log.task_code, ())
                if not log[name]
            ]
            if missing:
                raise ValidationError(
                    self.env._(
                        "A “%(type)s” entry needs: %(fields)s.",
                        type=log.task_type_id.name,
                        fields=", ".join(missing),
                    )
                )

    @api.constrains("task_type_id", "agreed_head_teacher", "agreed_teachers", "agreed_league")
    def _check_pairing_agreed(self):
        """R-TASK-2a: the paired students are agreed by the head teacher, the
        subject teachers, the Youth League branch and the mentor."""
        for log in self:
            if log.task_code != "student_pairing":
                continue
            missing = [
                self._field_label(name)
                for name in ("agreed_head_teacher", "agreed_teachers", "agreed_league")
                if not log[name]
            ]
            if missing:
                raise ValidationError(
                    self.env._(
                        "R-TASK-2a: the paired students are agreed with the head teacher, the "
                        "subject teachers and the Youth League branch; record each agreement "
                        "(missing: %(missing)s).",
                        missing=", ".join(missing),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        logs = super().create(vals_list)
        logs._check_writable()
        return logs

    def write(self, vals):
        self._check_writable()
        res = super().write(vals)
        if "assignment_id" in vals:
            self._check_writable()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self._check_writable()

    def _check_writable(self):
        """A mentor writes only on their own open handbook; nothing once the
        term is closed (R-EVAL-2). Officers read handbooks: a correction goes
        through the tracked reopen, after which the mentor edits."""
        if self.env.su:
            return
        for log in self:
            assignment = log.assignment_id
            if assignment.term_id.state == "closed":
                raise UserError(
                    self.env._(
                        "%(term)s is closed: its handbook entries are locked.",
                        term=assignment.term_id.name,
                    )
                )
            if assignment.user_id != self.env.user:
                raise AccessError(self.env._("You can only write in your own handbook."))
            if assignment.state != "active" or assignment.handbook_state != "open":
                raise UserError(
                    self.env._(
                        "The handbook of %(name)s is submitted or ended; ask the Student "
                        "Affairs Office to reopen it.",
                        name=assignment.name,
                    )
                )
