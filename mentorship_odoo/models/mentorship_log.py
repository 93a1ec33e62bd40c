import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.sql import column_exists

from ..lib.integrity import (
    NOT_BUNCHED_TASKS,
    bunched_months,
    days_late,
    is_bunched,
    is_late,
    month_ended,
)

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
# what is taken from a client for a new photo or file of an entry: its name
# and its content (the type is read from the content, never from the client)
EVIDENCE_KEYS = frozenset({"name", "datas"})


class MentorshipLog(models.Model):
    _name = "mentorship.log"
    _description = "Handbook Entry"
    _inherit = ["mentorship.guard.mixin", "mail.thread"]
    _order = "date desc, id desc"
    _identity_fields = ("assignment_id",)
    # facts of the record itself (R-EVAL-2, R-MISC-1): set by the programme
    _protected_fields = (
        "recorded_at",
        "recorded_by_id",
        "recorded_date",
        "days_late",
        "is_late",
        "has_evidence",
        "is_month_end_bunched",
    )

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
    counted_month = fields.Date(
        compute="_compute_counted_month",
        store=True,
        help="The first day of the entry's month when the entry lies inside both the "
        "appointment and the term (monthly quotas, R-TASK); empty otherwise.",
    )
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
    recorded_at = fields.Datetime(
        string="Recorded At",
        default=fields.Datetime.now,
        readonly=True,
        copy=False,
        index=True,
        help="R-EVAL-2: when the entry was recorded in the handbook (set by the programme).",
    )
    recorded_by_id = fields.Many2one(
        "res.users",
        string="Recorded By",
        default=lambda self: self.env.user,
        readonly=True,
        copy=False,
        help="Who recorded the entry (set by the programme).",
    )
    recorded_date = fields.Date(
        string="Recorded On",
        compute="_compute_recorded_date",
        store=True,
        precompute=True,
        readonly=True,
        help="The day the entry was recorded, in the time zone of whoever recorded it.",
    )
    days_late = fields.Integer(
        string="Days After the Work",
        compute="_compute_is_late",
        store=True,
        precompute=True,
        readonly=True,
        help="Days between the work date and the day the entry was recorded.",
    )
    is_late = fields.Boolean(
        string="Recorded Late",
        compute="_compute_is_late",
        store=True,
        precompute=True,
        readonly=True,
        index=True,
        help="R-EVAL-2: recorded more than the policy's days after the work date. A signal "
        "for the reviewer; it does not change the grade.",
    )
    has_evidence = fields.Boolean(
        string="With Evidence",
        compute="_compute_has_evidence",
        store=True,
        precompute=True,
        readonly=True,
        index=True,
        help="The entry carries photos or other attachments.",
    )
    is_month_end_bunched = fields.Boolean(
        string="Bunched at Month End",
        compute="_compute_is_month_end_bunched",
        store=True,
        readonly=True,
        index=True,
        help="The entry's work date is in the last days of its month, where most of the "
        "mentor's entries of that month for the class are dated (policy settings). A signal "
        "for the reviewer; it does not change the grade.",
    )
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

    @api.depends("recorded_at")
    def _compute_recorded_date(self):
        for log in self:
            if not log.recorded_at:
                log.recorded_date = False
                continue
            tz = pytz.timezone(log.recorded_by_id.tz or "UTC")
            log.recorded_date = pytz.utc.localize(log.recorded_at).astimezone(tz).date()

    @api.depends("date", "recorded_date", "assignment_id.term_id.policy_id.late_entry_days")
    def _compute_is_late(self):
        for log in self:
            allowed = log.assignment_id.term_id.policy_id.late_entry_days
            log.days_late = days_late(log.date, log.recorded_date)
            log.is_late = bool(log.date and log.recorded_date) and is_late(
                log.date, log.recorded_date, allowed
            )

    @api.depends("attachment_ids")
    def _compute_has_evidence(self):
        for log in self:
            log.has_evidence = bool(log.attachment_ids)

    @api.depends(
        "date",
        "task_code",
        "assignment_id.log_ids.date",
        "assignment_id.log_ids.task_code",
        "term_id.policy_id.month_end_days",
        "term_id.policy_id.month_end_share",
    )
    def _compute_is_month_end_bunched(self):
        """One query for the batch: the work dates of the handbooks' entries."""
        saved = self.filtered("id")
        (self - saved).is_month_end_bunched = False
        if not saved:
            return
        dates = {}
        for assignment, day, count in (
            self.env["mentorship.log"]
            .sudo()
            ._read_group(
                [
                    ("assignment_id", "in", saved.assignment_id.ids),
                    ("task_code", "not in", list(NOT_BUNCHED_TASKS)),
                ],
                ["assignment_id", "date:day"],
                ["__count"],
            )
        ):
            dates.setdefault(assignment.id, []).extend([day] * count)
        for log in saved:
            policy = log.term_id.policy_id
            window = policy.month_end_days
            bunched = bunched_months(
                dates.get(log.assignment_id.id, []), window, policy.month_end_share
            )
            log.is_month_end_bunched = is_bunched(log.date, log.task_code, bunched, window)

    @api.depends("date")
    def _compute_month(self):
        for log in self:
            log.month = log.date.strftime("%Y-%m") if log.date else False

    @api.depends(
        "date",
        "assignment_id.date_start",
        "assignment_id.date_end",
        "assignment_id.term_id.date_start",
        "assignment_id.term_id.date_end",
    )
    def _compute_counted_month(self):
        for log in self:
            assignment = log.assignment_id
            term = assignment.term_id
            inside = (
                log.date
                and term
                and assignment.date_start
                and assignment.date_end
                and max(assignment.date_start, term.date_start)
                <= log.date
                <= min(assignment.date_end, term.date_end)
            )
            log.counted_month = log.date.replace(day=1) if inside else False

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

    def _auto_init(self):
        """Entries recorded before the record's facts existed keep their
        creation, not the day of the upgrade."""
        new_column = not column_exists(self.env.cr, self._table, "recorded_at")
        res = super()._auto_init()
        if new_column:
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET recorded_at = create_date, recorded_by_id = create_uid",
                    SQL.identifier(self._table),
                )
            )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        """An entry is stored with its photos and files, or not at all: the
        entry and its attachments are created in one savepoint, so a failure
        at any step leaves neither an entry without its evidence nor an
        attachment without its entry."""
        if not self.env.su:
            self._check_vals_list(vals_list)
            for vals in vals_list:
                self._check_evidence_commands(vals.get("attachment_ids"))
        if not any(isinstance(vals, dict) and vals.get("attachment_ids") for vals in vals_list):
            logs = super().create(vals_list)
            logs._check_writable()
            return logs
        with self.env.cr.savepoint():
            logs = super().create(vals_list)
            logs._check_writable()
            logs._attach_evidence()
        return logs

    def write(self, vals):
        self._check_writable()
        if not self.env.su and isinstance(vals, dict):
            self._check_evidence_commands(vals.get("attachment_ids"))
        before = self._values_before_late_edit(vals)
        if isinstance(vals, dict) and vals.get("attachment_ids"):
            with self.env.cr.savepoint():  # the evidence comes with the change or not at all
                res = super().write(vals)
                self._attach_evidence()
        else:
            res = super().write(vals)
        if "assignment_id" in vals:
            self._check_writable()
        self._log_late_edit(before)
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
        self._lock_handbooks()
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

    def _lock_handbooks(self):
        """Hold the entries' assignments and terms (FOR SHARE) until the
        transaction ends: a handbook submission or a term closed meanwhile by
        someone else either waits for this change, or makes this request
        start again and meet the lock, never lets an entry slip into a
        handbook that was closed while it was being saved."""
        assignments = self.assignment_id
        if not assignments:
            return
        self.env.cr.execute(
            SQL(
                """SELECT 1 FROM mentorship_assignment a
                     JOIN mentorship_term t ON t.id = a.term_id
                    WHERE a.id = ANY(%s)
                      FOR SHARE OF a, t""",
                assignments.ids,
            )
        )

    # ------------------------------------------------------- record integrity
    def _check_evidence_commands(self, commands):
        """Photos and files come with the entry (new ones with their content)
        or are the user's own uploads not yet attached to anything: nobody
        borrows another record's attachment as evidence (R-MISC-1)."""
        if not commands:
            return
        self._guard_commands(
            commands, ValidationError(self.env._("The attachments are not valid."))
        )
        Attachment = self.env["ir.attachment"]
        linked = self.sudo().attachment_ids
        ids = []
        for command in commands:
            if isinstance(command, int):
                ids.append(command)
            elif command[0] == 0:
                values = command[2]
                if not values.get("datas"):
                    raise ValidationError(self.env._("A photo or file needs its content."))
                for name in ("name", "datas"):
                    self._guard_value(Attachment._fields[name], values.get(name))
                # only the name and the content are taken; the type is read
                # from the content, the record it belongs to is the entry
                for name in set(values) - EVIDENCE_KEYS:
                    values.pop(name)
            elif command[0] == 1:
                raise AccessError(self.env._("The evidence of an entry cannot be altered."))
            elif command[0] in (2, 3, 4):
                ids.append(command[1])
            elif command[0] == 6:
                ids.extend(command[2])
        foreign = Attachment.sudo().browse(set(ids) - set(linked.ids)).exists()
        for attachment in foreign:
            if (
                attachment.create_uid != self.env.user
                or attachment.res_id
                or attachment.res_model not in (False, self._name)
                or attachment.res_field
            ):
                raise AccessError(
                    self.env._(
                        "Attach only photos and files you uploaded for this entry: “%(name)s” "
                        "belongs elsewhere.",
                        name=attachment.name,
                    )
                )

    def _attach_evidence(self):
        """Photos and files of an entry are attachments of the entry itself."""
        for log in self:
            loose = log.sudo().attachment_ids.filtered(
                lambda a, log=log: a.res_model != log._name or a.res_id != log.id
            )
            if loose:
                loose.write({"res_model": log._name, "res_id": log.id})

    def _values_before_late_edit(self, vals):
        """The values a write is about to change on entries whose month has
        ended (R-EVAL-2, R-MISC-1), to keep them in the chatter."""
        if not isinstance(vals, dict):
            return {}
        guarded = self._guarded_field_names()
        names = [
            name
            for name in vals
            if name in self._fields
            and self._fields[name].store
            and not self._fields[name].compute
            and name not in guarded
        ]
        today = fields.Date.context_today(self)
        ended = self.filtered(lambda log: log.date and month_ended(log.date, today))
        if not names or not ended:
            return {}
        return {log: {name: log[name] for name in names} for log in ended}

    def _log_late_edit(self, before):
        """One note per entry edited after its month ended, with the earlier
        value of each changed field (fields tracked anyway keep theirs in
        their own tracking note)."""
        if not before:
            return
        names = list(next(iter(before.values())))
        tracked = self._track_get_fields()
        info = self.fields_get(names, attributes=("string", "type", "selection", "currency_field"))
        untracked = {name: value for name, value in info.items() if name not in tracked}
        for log, initial in before.items():
            changes, _tracking = log._mail_track(info, initial)
            if not changes:
                continue
            _changes, tracking = log._mail_track(untracked, initial) if untracked else ((), [])
            log.sudo()._message_log(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Edited after its month ended by %(user)s (R-EVAL-2); the earlier values "
                    "are kept here.",
                    user=self.env.user.name,
                ),
                tracking_value_ids=tracking,
            )
