from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

OFFICE = "mentorship_odoo.group_mentorship_office"


class MentorshipConfirmation(models.Model):
    _name = "mentorship.confirmation"
    _description = "President's Office Meeting Confirmation"
    _inherit = ["mentorship.guard.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "meeting_date desc, id desc"
    _rec_name = "document_number"
    _protected_fields = ("state",)
    _identity_fields = ("term_id",)
    _text_limits = {"document_number": 64}

    term_id = fields.Many2one(
        "mentorship.term",
        string="Term",
        required=True,
        index=True,
        tracking=True,
        domain="[('state', 'in', ('review', 'matching'))]",
    )
    company_id = fields.Many2one(
        "res.company", related="term_id.company_id", store=True, index=True, precompute=True
    )
    meeting_date = fields.Date(
        string="Meeting Date",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    document_number = fields.Char(
        string="Appointment Document Number",
        tracking=True,
        copy=False,
        help="Number of the appointment document (聘任文件), e.g. 聊技师院发〔2025〕30号. "
        "Left empty, the next number of the document's year is assigned when the document "
        "is issued; a number is never used twice.",
    )
    document_date = fields.Date(
        string="Document Date",
        default=fields.Date.context_today,
        tracking=True,
    )
    line_ids = fields.One2many(
        "mentorship.confirmation.line", "confirmation_id", string="Decisions", copy=False
    )
    approved_count = fields.Integer(compute="_compute_counts")
    rejected_count = fields.Integer(compute="_compute_counts")
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done")],
        default="draft",
        required=True,
        copy=False,
        readonly=True,
        index=True,
        tracking=True,
    )
    note = fields.Html()
    is_late = fields.Boolean(
        compute="_compute_is_late",
        help="The term already started (its first day counts): confirmation should precede "
        "it (R-REV-3).",
    )

    _document_number_unique = models.Constraint(
        "UNIQUE(document_number, company_id)",
        "An appointment document with this number already exists.",
    )

    @api.depends("document_number", "term_id")
    def _compute_display_name(self):
        for confirmation in self:
            confirmation.display_name = confirmation.document_number or self.env._(
                "Draft confirmation, %(term)s", term=confirmation.term_id.name or ""
            )

    @api.depends("line_ids.decision")
    def _compute_counts(self):
        for confirmation in self:
            decisions = confirmation.line_ids.mapped("decision")
            confirmation.approved_count = decisions.count("approve")
            confirmation.rejected_count = decisions.count("reject")

    @api.depends("term_id.date_start", "state")
    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for confirmation in self:
            confirmation.is_late = (
                confirmation.state == "draft"
                and bool(confirmation.term_id.date_start)
                and today >= confirmation.term_id.date_start
            )

    def write(self, vals):
        if (
            not self.env.su
            and any(c.state == "done" for c in self)
            and set(vals) - {"note", "message_main_attachment_id"}
        ):
            raise UserError(self.env._("A confirmation that is done can no longer be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        if any(c.state == "done" for c in self):
            raise UserError(self.env._("A confirmation that is done cannot be deleted."))

    def _check_office(self):
        if not self.env.user.has_group(OFFICE):
            raise AccessError(
                self.env._("Only the Student Affairs Office records the meeting's decision.")
            )

    def action_load_applications(self):
        """Add one line per reviewed application of the term not yet listed."""
        self._check_office()
        for confirmation in self:
            if confirmation.state != "draft":
                raise UserError(self.env._("Only a draft confirmation can be changed."))
            listed = confirmation.line_ids.application_id
            applications = self.env["mentorship.application"].search(
                [
                    ("term_id", "=", confirmation.term_id.id),
                    ("state", "=", "reviewed"),
                    ("id", "not in", listed.ids),
                ]
            )
            confirmation.line_ids = [
                fields.Command.create({"application_id": app.id, "decision": "approve"})
                for app in applications
            ]
        return True

    def action_done(self):
        """Confirm the approved applications (R-REV-2); nothing else is created."""
        self._check_office()
        today = fields.Date.context_today(self)
        for confirmation in self:
            if confirmation.state != "draft":
                raise UserError(
                    self.env._(
                        "Confirmation %(number)s is already done.",
                        number=confirmation.document_number,
                    )
                )
            if not confirmation.line_ids:
                raise UserError(
                    self.env._(
                        "Add the reviewed applications and the meeting's decision on each first."
                    )
                )
            term = confirmation.term_id
            # R-REV-3: the meeting and its recording fall before the term's first day
            late = today >= term.date_start or confirmation.meeting_date >= term.date_start
            if late and not term.allow_late_confirmation:
                raise UserError(
                    self.env._(
                        "R-REV-3: confirmation must be completed before the term starts "
                        "(%(date)s): the meeting date and the recording fall before that day. "
                        "The programme administrator can allow a late confirmation on the term.",
                        date=term.date_start,
                    )
                )
            not_reviewed = confirmation.line_ids.filtered(
                lambda line: line.application_id.state != "reviewed"
            )
            if not_reviewed:
                raise UserError(
                    self.env._(
                        "Only reviewed applications can be decided; not reviewed: %(names)s.",
                        names=", ".join(not_reviewed.application_id.mapped("applicant_name")),
                    )
                )
            approved = confirmation.line_ids.filtered(lambda line: line.decision == "approve")
            # R-ELIG-6: a fail finalised after the application still stops it
            approved.application_id._check_fail_bar(self.env._("confirmation"))
            approved.application_id._confirm(confirmation)
            for line in confirmation.line_ids - approved:
                line.application_id._set_rejected(
                    line.note
                    or self.env._("Not confirmed by the President's Office Meeting (R-REV-2).")
                )
            confirmation.sudo()._issue_document_number()
            confirmation.sudo().state = "done"
            if late:
                confirmation.message_post(
                    body=self.env._(
                        "Recorded after the term started, as allowed by the programme "
                        "administrator (R-REV-3)."
                    )
                )
        return True

    def _document_sequence(self):
        """The company's own appointment-number sequence (one sub-sequence
        per calendar year), made from the module's template the first time
        the company issues a document."""
        self.ensure_one()
        Sequence = self.env["ir.sequence"].sudo()
        company = self.company_id
        sequence = Sequence.search(
            [("code", "=", "mentorship.appointment"), ("company_id", "=", company.id)], limit=1
        )
        if not sequence:
            template = self.env.ref("mentorship_odoo.sequence_mentorship_appointment").sudo()
            sequence = template.copy({"company_id": company.id, "date_range_ids": []})
        return sequence

    def _issue_document_number(self):
        """Issuing the document gives it the next number of its year from the
        company's sequence (聊技师院发〔2026〕N号) unless it already has one;
        a number taken by hand earlier is skipped, never reused."""
        for confirmation in self.filtered(lambda c: not c.document_number):
            date = confirmation.document_date or fields.Date.context_today(self)
            code = confirmation.company_id.mentorship_document_code or ""
            sequence = confirmation._document_sequence()
            while True:
                number = code + sequence.next_by_id(sequence_date=date)
                taken = self.sudo().search_count(
                    [
                        ("document_number", "=", number),
                        ("company_id", "=", confirmation.company_id.id),
                    ]
                )
                if not taken:
                    break
            confirmation.write({"document_number": number, "document_date": date})

    def _official_date(self, date):
        """A date as an official document writes it: 2026年3月1日."""
        return f"{date.year}年{date.month}月{date.day}日" if date else ""

    def _official_page_filler(self):
        """Height (mm) that keeps the imprint (版记) at the foot of the last
        page: the type area is 225 mm high; the parts are estimated from the
        layout's fixed heights and the number of listed mentors."""
        self.ensure_one()
        rows = len(self.line_ids.filtered(lambda line: line.decision == "approve"))
        # head 51, title 41, addressee and body 30, closing 20, signature 48,
        # imprint 30 mm; a row of the list 8.5 mm
        content = 220 + 8.5 * (rows + 1)
        pages = -(-content // 225)
        return pages * 225 - 3

    def action_print_document(self):
        """The document lists every decision: for officers and the President's Office."""
        if not (
            self.env.user.has_group(OFFICE)
            or self.env.user.has_group("mentorship_odoo.group_mentorship_president")
        ):
            raise AccessError(
                self.env._("The appointment document is printed by the Student Affairs Office.")
            )
        return self.env.ref("mentorship_odoo.action_report_mentorship_appointment").report_action(
            self
        )


class MentorshipConfirmationLine(models.Model):
    _name = "mentorship.confirmation.line"
    _description = "Confirmation Decision"
    _inherit = ["mentorship.guard.mixin"]
    _order = "confirmation_id, department_id, id"
    _identity_fields = ("confirmation_id",)

    confirmation_id = fields.Many2one(
        "mentorship.confirmation", required=True, ondelete="cascade", index=True
    )
    application_id = fields.Many2one(
        "mentorship.application",
        string="Application",
        required=True,
        ondelete="restrict",
        domain="[('state', '=', 'reviewed')]",
    )
    employee_id = fields.Many2one(related="application_id.employee_id", string="Mentor")
    department_id = fields.Many2one(
        related="application_id.department_id", store=True, string="Department"
    )
    company_id = fields.Many2one(
        related="confirmation_id.company_id", store=True, index=True, string="Company"
    )
    user_id = fields.Many2one(related="application_id.user_id", store=True, string="User")
    title_position = fields.Char(related="application_id.title_position")
    decision = fields.Selection(
        [("approve", "Approve"), ("reject", "Reject")],
        required=True,
        default="approve",
    )
    note = fields.Char(help="Reason of a rejection, told to the applicant.")

    _application_unique = models.Constraint(
        "UNIQUE(confirmation_id, application_id)",
        "An application appears only once in a confirmation.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._check_draft()
        return lines

    def write(self, vals):
        self._check_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        self._check_draft()

    def _check_draft(self):
        """The decisions of a confirmation that is done are the record of the
        meeting: nobody edits, adds or deletes them."""
        if self.env.su:
            return
        if any(line.confirmation_id.state != "draft" for line in self):
            raise UserError(self.env._("A confirmation that is done can no longer be changed."))

    @api.constrains("application_id", "confirmation_id")
    def _check_same_term(self):
        for line in self:
            if line.application_id.term_id != line.confirmation_id.term_id:
                raise UserError(
                    self.env._(
                        "The application of %(name)s is for another term.",
                        name=line.application_id.applicant_name,
                    )
                )
