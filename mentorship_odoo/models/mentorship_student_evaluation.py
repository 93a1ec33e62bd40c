from urllib.parse import urlencode

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..lib.regulation import student_evaluation_valid

DEPARTMENT = "mentorship_odoo.group_mentorship_department"


class MentorshipStudentEvaluation(models.Model):
    _name = "mentorship.student.evaluation"
    _description = "Student Evaluation of a Class"
    _inherit = ["mentorship.guard.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "term_id desc, department_id, class_id"
    _rec_name = "class_id"
    _protected_fields = ("survey_id",)
    _identity_fields = ("term_id", "class_id")

    term_id = fields.Many2one("mentorship.term", string="Term", required=True, index=True)
    class_id = fields.Many2one("school.class", string="Class", required=True, index=True)
    department_id = fields.Many2one(
        related="class_id.department_id", store=True, string="Department"
    )
    company_id = fields.Many2one(related="class_id.company_id", store=True, index=True)
    source = fields.Selection(
        [("survey", "Survey with single-use codes"), ("manual", "Entered by the department")],
        required=True,
        default="survey",
        tracking=True,
    )
    survey_id = fields.Many2one(
        "survey.survey",
        string="Survey",
        readonly=True,
        copy=False,
        groups="survey.group_survey_user",
    )
    codes_issued = fields.Boolean(compute="_compute_codes_issued", store=True, string="Codes Ready")
    manual_class_size = fields.Integer(
        string="Class Size (entered)",
        compute="_compute_manual_class_size",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="R-EVAL-3: the class's enrolled students; filled from the class, never smaller.",
    )
    manual_participant_count = fields.Integer(string="Participants (entered)", tracking=True)
    manual_mean_score = fields.Float(string="Mean Score (entered)", digits=(5, 2), tracking=True)
    class_size = fields.Integer(
        compute="_compute_figures",
        store=True,
        help="Students enrolled; codes are issued one per student.",
    )
    participant_count = fields.Integer(compute="_compute_figures", store=True)
    mean_score = fields.Float(
        compute="_compute_figures",
        store=True,
        digits=(5, 2),
        help="Mean score of the answers, 0 to 100.",
    )
    participation_rate = fields.Float(
        compute="_compute_participation_rate", string="Participation (%)"
    )
    valid = fields.Boolean(
        compute="_compute_valid",
        store=True,
        help="R-EVAL-3: valid when the share of participants reaches the policy's ratio.",
    )
    code_count = fields.Integer(compute="_compute_code_count", string="Codes Issued")
    report_file = fields.Binary(string="Signed Evaluation Report", attachment=True, copy=False)
    report_file_name = fields.Char()
    note = fields.Text()

    _term_class_unique = models.Constraint(
        "UNIQUE(term_id, class_id)", "A class has one student evaluation per term."
    )

    @api.depends("class_id", "source")
    def _compute_manual_class_size(self):
        """R-EVAL-3: by default the class size is the class's enrolment."""
        for evaluation in self:
            enrolled = evaluation.class_id.sudo().student_count
            if evaluation._origin.id and evaluation.manual_class_size:
                enrolled = evaluation.manual_class_size
            evaluation.manual_class_size = enrolled

    @api.depends(
        "class_id",
        "source",
        "survey_id.user_input_ids.state",
        "manual_class_size",
        "manual_participant_count",
        "manual_mean_score",
    )
    def _compute_figures(self):
        for evaluation in self:
            if evaluation.source == "manual":
                evaluation.class_size = evaluation.manual_class_size
                evaluation.participant_count = evaluation.manual_participant_count
                evaluation.mean_score = evaluation.manual_mean_score
                continue
            inputs = evaluation.sudo().survey_id.user_input_ids
            done = inputs.filtered(lambda i: i.state == "done" and not i.test_entry)
            evaluation.class_size = len(inputs) or evaluation.class_id.student_count
            evaluation.participant_count = len(done)
            evaluation.mean_score = (
                round(sum(done.mapped("scoring_percentage")) / len(done), 2) if done else 0.0
            )

    @api.depends("participant_count", "class_size", "term_id.policy_id.participation_ratio")
    def _compute_valid(self):
        for evaluation in self:
            ratio = evaluation.term_id.policy_id.participation_ratio or 2 / 3
            evaluation.valid = student_evaluation_valid(
                evaluation.participant_count, evaluation.class_size, ratio
            )

    @api.depends("participant_count", "class_size")
    def _compute_participation_rate(self):
        for evaluation in self:
            evaluation.participation_rate = (
                100.0 * evaluation.participant_count / evaluation.class_size
                if evaluation.class_size
                else 0.0
            )

    @api.depends("survey_id")
    def _compute_codes_issued(self):
        for evaluation in self:
            evaluation.codes_issued = bool(evaluation.sudo().survey_id)

    def _compute_code_count(self):
        for evaluation in self:
            evaluation.code_count = len(evaluation.sudo().survey_id.user_input_ids)

    @api.constrains("participant_count", "class_size", "mean_score")
    def _check_figures(self):
        for evaluation in self:
            if evaluation.participant_count < 0 or evaluation.class_size < 0:
                raise ValidationError(self.env._("Counts cannot be negative."))
            if evaluation.participant_count > evaluation.class_size:
                raise ValidationError(
                    self.env._(
                        "%(class_name)s: %(participants)s participants but only %(size)s students.",
                        class_name=evaluation.class_id.name,
                        participants=evaluation.participant_count,
                        size=evaluation.class_size,
                    )
                )
            if not 0 <= evaluation.mean_score <= 100:
                raise ValidationError(self.env._("The mean score lies between 0 and 100."))

    @api.constrains("source", "report_file")
    def _check_manual_report(self):
        for evaluation in self:
            if evaluation.source == "manual" and not evaluation.report_file:
                raise ValidationError(
                    self.env._(
                        "Entered by hand, the evaluation of %(class_name)s needs the department's "
                        "signed report attached (R-EVAL-3).",
                        class_name=evaluation.class_id.name,
                    )
                )

    @api.constrains("source", "manual_class_size", "class_id")
    def _check_manual_class_size(self):
        """R-EVAL-3: entered by hand, the class size is the class's enrolment."""
        for evaluation in self:
            enrolled = evaluation.class_id.sudo().student_count
            if evaluation.source == "manual" and evaluation.manual_class_size < enrolled:
                raise ValidationError(
                    self.env._(
                        "%(class_name)s has %(enrolled)s students enrolled; the class size "
                        "entered (%(size)s) cannot be smaller.",
                        class_name=evaluation.class_id.name,
                        enrolled=enrolled,
                        size=evaluation.manual_class_size,
                    )
                )

    @api.constrains("term_id", "class_id")
    def _check_same_company(self):
        for evaluation in self:
            if evaluation.class_id.company_id != evaluation.term_id.company_id:
                raise ValidationError(
                    self.env._(
                        "%(class_name)s and %(term)s belong to different companies.",
                        class_name=evaluation.class_id.name,
                        term=evaluation.term_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._check_unlocked()
        return records

    def write(self, vals):
        self._check_unlocked()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self._check_unlocked()

    def _check_unlocked(self):
        if self.env.su:
            return
        for evaluation in self:
            if evaluation.term_id.state == "closed":
                raise UserError(
                    self.env._(
                        "%(term)s is closed: its student evaluations are locked.",
                        term=evaluation.term_id.name,
                    )
                )

    def _check_department(self):
        """Departments run the evaluations of their own classes, in a term
        that is not closed (officers too)."""
        if not (
            self.env.user.has_group(DEPARTMENT)
            or self.env.user.has_group("mentorship_odoo.group_mentorship_office")
        ):
            raise AccessError(self.env._("Only departments run student evaluations."))
        self.check_access("write")
        self._check_unlocked()

    def _check_code_reader(self):
        """Evaluation codes are seen only by the department user who issues
        them: never by the class's mentor, head teacher or other readers."""
        if self.env.su:
            return
        if not self.env.user.has_group(DEPARTMENT):
            raise AccessError(
                self.env._("Only the department that runs the evaluation sees its codes.")
            )
        departments = self.env.user.employee_ids.department_id
        for evaluation in self:
            if not evaluation.sudo().department_id or not (
                evaluation.sudo().department_id
                & self.env["hr.department"].sudo().search([("id", "child_of", departments.ids)])
            ):
                raise AccessError(
                    self.env._(
                        "Only the department of %(class_name)s sees its evaluation codes.",
                        class_name=evaluation.sudo().class_id.name,
                    )
                )

    def action_issue_codes(self):
        """One single-use code per enrolled student on a copy of the template
        questionnaire; nothing links a code to a student."""
        self._check_department()
        template = self.env.ref("mentorship_odoo.survey_student_evaluation_template").sudo()
        for evaluation in self:
            if evaluation.source != "survey":
                raise UserError(self.env._("This evaluation is entered by hand."))
            if evaluation.codes_issued:
                raise UserError(
                    self.env._(
                        "Codes were already issued for %(class_name)s.",
                        class_name=evaluation.class_id.name,
                    )
                )
            size = evaluation.class_id.sudo().student_count
            if not size:
                raise UserError(
                    self.env._(
                        "%(class_name)s has no students.", class_name=evaluation.class_id.name
                    )
                )
            survey = template.sudo().copy(
                {
                    "title": f"{template.title} - {evaluation.class_id.name} - "
                    f"{evaluation.term_id.name}",
                    "active": True,
                }
            )
            for _index in range(size):
                survey._create_answer(check_attempts=False)
            evaluation.sudo().survey_id = survey
        return True

    def action_refresh(self):
        self._check_department()
        self.sudo()._compute_figures()
        return True

    def _codes(self):
        """Codes and answer links for the slip sheet, in issue order."""
        self.ensure_one()
        self._check_code_reader()
        survey = self.sudo().survey_id
        base_url = self.get_base_url()
        slips = []
        for user_input in survey.user_input_ids.sorted("id"):
            code = user_input.access_token[:8].upper()
            url = f"{base_url}/e/{code}"
            slips.append(
                {
                    "code": code,
                    "url": url,
                    "qr": "/report/barcode/?"
                    + urlencode({"barcode_type": "QR", "value": url, "width": 120, "height": 120}),
                    "used": user_input.state == "done",
                }
            )
        return slips

    @api.model
    def _survey_ids_of_codes(self):
        """The questionnaires issued as evaluation codes (for the short link)."""
        return self.sudo().search([("survey_id", "!=", False)]).survey_id.ids

    def action_print_codes(self):
        self._check_code_reader()
        return self.env.ref("mentorship_odoo.action_report_student_evaluation_codes").report_action(
            self
        )
