import datetime

from lxml import etree

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..lib.regulation import EligibilityFacts, age_at, check_eligibility
from .hr_employee import CADRE_LEVELS, EDUCATION_LEVELS, TITLE_LEVELS

FIVE_EDUCATIONS = [
    ("moral", "Moral"),
    ("intellectual", "Intellectual"),
    ("physical", "Physical"),
    ("aesthetic", "Aesthetic"),
    ("labour", "Labour"),
]
FACT_FIELDS = (
    "fact_cadre_level",
    "fact_title_level",
    "fact_provincial_honour",
    "fact_education",
    "fact_head_teacher_years",
    "fact_age",
    "fact_is_head_teacher",
    "fact_failed_term",
)
# Fields only the workflow actions write; nobody sets them by hand.
WORKFLOW_FIELDS = {
    "state",
    "confirmation_id",
    "withdraw_date",
    "withdraw_reason",
    "withdraw_statement",
    "withdraw_statement_name",
    "reject_reason",
    "submit_date",
    *FACT_FIELDS,
}
OFFICE = "mentorship_odoo.group_mentorship_office"
# What officers may still change once an application is submitted
SAO_FIELDS = {"sao_opinion", "sao_review_date"}
OFFICE_FIELDS = {*SAO_FIELDS, "strength_tag_ids"}
# R-APP-3: how far ahead of today a leaving date may be recorded
WITHDRAW_DAYS_AHEAD = 31


class MentorshipApplication(models.Model):
    _name = "mentorship.application"
    _description = "Class Mentor Application"
    _inherit = ["mentorship.guard.mixin", "mail.thread", "mail.activity.mixin", "tier.validation"]
    _order = "term_id desc, id desc"
    _check_company_auto = True
    _protected_fields = (*WORKFLOW_FIELDS, "review_ids")
    _identity_fields = ("employee_id", "term_id")

    # base_tier_validation: the three co-review tiers run while submitted
    _state_from = ["submitted"]
    _state_to = ["reviewed"]
    _cancel_state = "cancel"
    _tier_validation_manual_config = False

    def _default_employee_id(self):
        return self.env.user.employee_id

    def _default_term_id(self):
        return self.env["mentorship.term"]._current_application_term()

    name = fields.Char(string="Reference", compute="_compute_name", store=True)
    employee_id = fields.Many2one(
        "hr.employee",
        string="Applicant",
        required=True,
        index=True,
        default=lambda self: self._default_employee_id(),
        tracking=True,
        check_company=True,
    )
    user_id = fields.Many2one(
        "res.users", related="employee_id.user_id", store=True, index=True, string="User"
    )
    term_id = fields.Many2one(
        "mentorship.term",
        string="Term",
        required=True,
        index=True,
        default=lambda self: self._default_term_id(),
        tracking=True,
        domain="[('state', '=', 'application')]",
    )
    company_id = fields.Many2one(
        "res.company", related="term_id.company_id", store=True, index=True, precompute=True
    )
    department_id = fields.Many2one(
        "hr.department",
        compute="_compute_form",
        store=True,
        precompute=True,
        string="Department",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("reviewed", "Reviewed"),
            ("confirmed", "Confirmed"),
            ("rejected", "Rejected"),
            ("withdrawn", "Withdrawn"),
        ],
        default="draft",
        required=True,
        copy=False,
        readonly=True,
        index=True,
        tracking=True,
    )
    submit_date = fields.Date(copy=False, readonly=True)

    # --- the application form (申报表), pre-filled from the employee record
    applicant_name = fields.Char(
        string="Full Name", compute="_compute_form", store=True, readonly=False, precompute=True
    )
    gender = fields.Selection(
        [("male", "Male"), ("female", "Female"), ("other", "Other")],
        compute="_compute_form",
        store=True,
        readonly=False,
        precompute=True,
    )
    birth_month = fields.Char(
        string="Date of Birth (Year-Month)",
        compute="_compute_form",
        store=True,
        readonly=False,
        precompute=True,
    )
    ethnicity = fields.Char(compute="_compute_form", store=True, readonly=False, precompute=True)
    political_status = fields.Char(
        compute="_compute_form", store=True, readonly=False, precompute=True
    )
    specialty = fields.Char(compute="_compute_form", store=True, readonly=False, precompute=True)
    title_position = fields.Char(
        string="Title or Position",
        compute="_compute_form",
        store=True,
        readonly=False,
        precompute=True,
    )
    phone = fields.Char(compute="_compute_form", store=True, readonly=False, precompute=True)
    study_work_history = fields.Text(string="Study and Work History")
    achievements = fields.Text(string="Academic Expertise and Achievements")
    declare_devotion = fields.Boolean(
        string="Devoted to Student Development",
        help="R-ELIG-5: loves education and student-development work and has time for it.",
    )
    declare_ethics = fields.Boolean(
        string="Good Teacher Ethics",
        help="R-ELIG-5: upright in conduct and teacher ethics.",
    )
    declare_fitness = fields.Boolean(
        string="Physically and Mentally Fit",
        help="R-ELIG-5: in good physical and mental health for the work.",
    )
    five_education_specialty = fields.Selection(
        FIVE_EDUCATIONS,
        string="Specialty in the Five Educations",
        help="R-ELIG-5: the area of moral, intellectual, physical, aesthetic or labour "
        "education the applicant is strong in.",
    )
    five_education_note = fields.Text(string="Specialty Details")
    strength_tag_ids = fields.Many2many(
        "mentorship.tag",
        string="Strengths",
        help="What the applicant is good at; matched against the classes' needs (R-MATCH-2).",
    )
    sao_opinion = fields.Text(string="Student Affairs Office Opinion", tracking=True)
    sao_review_date = fields.Date(string="SAO Review Date", tracking=True)

    # --- eligibility facts: live while draft, frozen at submission
    fact_cadre_level = fields.Selection(
        CADRE_LEVELS,
        string="Cadre Rank",
        compute="_compute_facts",
        store=True,
        precompute=True,
    )
    fact_title_level = fields.Selection(
        TITLE_LEVELS,
        string="Professional Title Level",
        compute="_compute_facts",
        store=True,
        precompute=True,
    )
    fact_provincial_honour = fields.Boolean(
        string="Provincial Honour", compute="_compute_facts", store=True, precompute=True
    )
    fact_education = fields.Selection(
        EDUCATION_LEVELS, string="Education", compute="_compute_facts", store=True, precompute=True
    )
    fact_head_teacher_years = fields.Float(
        string="Years as Head Teacher",
        digits=(4, 1),
        compute="_compute_facts",
        store=True,
        precompute=True,
    )
    fact_age = fields.Integer(
        string="Age at Term Start",
        compute="_compute_facts",
        store=True,
        precompute=True,
        help="0 when the date of birth is not recorded.",
    )
    fact_is_head_teacher = fields.Boolean(
        string="Head Teacher of a Class in School",
        compute="_compute_facts",
        store=True,
        precompute=True,
    )
    fact_failed_term = fields.Char(
        string="Failed Previous Term",
        compute="_compute_facts",
        store=True,
        precompute=True,
        help="The previous term, when the applicant was graded fail in it (R-ELIG-6).",
    )
    eligible = fields.Boolean(compute="_compute_eligible", store=True, precompute=True)
    eligibility_basis = fields.Char(compute="_compute_eligibility_reasons")
    eligibility_reasons = fields.Text(compute="_compute_eligibility_reasons")

    # --- outcome
    confirmation_id = fields.Many2one(
        "mentorship.confirmation", copy=False, readonly=True, string="Confirmation"
    )
    reject_reason = fields.Text(copy=False, readonly=True, tracking=True)
    withdraw_date = fields.Date(string="Withdrawal Date", copy=False, readonly=True, tracking=True)
    withdraw_reason = fields.Text(string="Withdrawal Reason", copy=False, readonly=True)
    withdraw_statement = fields.Binary(
        string="Written Statement", attachment=True, copy=False, readonly=True
    )
    withdraw_statement_name = fields.Char(copy=False, readonly=True)

    # the review engine's status, in the programme's words
    validation_status = fields.Selection(
        selection=[
            ("no", "Not Under Review"),
            ("waiting", "Review Waiting"),
            ("pending", "Under Review"),
            ("rejected", "Review Rejected"),
            ("validated", "All Tiers Approved"),
        ],
        string="Review Status",
    )
    can_submit = fields.Boolean(compute="_compute_rights")
    can_mark_reviewed = fields.Boolean(compute="_compute_rights")
    can_reject = fields.Boolean(compute="_compute_rights")
    can_withdraw = fields.Boolean(compute="_compute_rights")

    _employee_term_unique = models.UniqueIndex(
        "(employee_id, term_id) WHERE state != 'withdrawn'",
        "This staff member already applied for this term; one application per term (R-APP-2).",
    )

    @api.depends("applicant_name", "employee_id", "term_id")
    def _compute_name(self):
        for app in self:
            app.name = self.env._(
                "%(name)s, %(term)s",
                name=app.applicant_name or app.employee_id.name or "",
                term=app.term_id.name or "",
            )

    @api.depends("applicant_name", "term_id")
    @api.depends_context("lang")
    def _compute_display_name(self):
        # the term's name in the reader's language, whoever created the record
        for app in self:
            app.display_name = self.env._(
                "%(name)s, %(term)s",
                name=app.applicant_name or app.employee_id.name or "",
                term=app.term_id.name or "",
            )

    @api.depends("employee_id")
    def _compute_form(self):
        for app in self:
            emp = app.employee_id.sudo()
            if not app._may_see_facts():
                emp = emp.browse()
            birthday = emp.birthday
            app.applicant_name = emp.name
            app.department_id = emp.department_id
            app.gender = emp.sex if emp.sex in ("male", "female", "other") else False
            app.birth_month = birthday.strftime("%Y-%m") if birthday else False
            app.ethnicity = emp.mentor_ethnicity
            app.political_status = emp.mentor_political_status
            app.specialty = emp.mentor_specialty
            app.title_position = emp.mentor_title_name or emp.job_title
            app.phone = emp.mobile_phone or emp.work_phone

    @api.depends("employee_id", "term_id")
    def _compute_facts(self):
        for app, values in zip(self, self._fact_values(), strict=True):
            app.update(values)

    def _fact_values(self):
        """Eligibility facts of each application, read from HR records now."""
        employees = self.employee_id.sudo()
        head_teachers = set(
            self.env["school.class"]
            .sudo()
            ._read_group([("head_teacher_id", "in", employees.ids)], ["head_teacher_id"])
        )
        head_teacher_ids = {employee.id for (employee,) in head_teachers}
        # R-ELIG-6: a final fail in the term just before this one in the calendar
        bars = self.env["mentorship.evaluation"]._fail_bars(employees, self.term_id)
        result = []
        for app in self:
            emp = app.employee_id.sudo()
            if not app._may_see_facts():
                emp = emp.browse()
            failed = bars.get((emp.id, app.term_id.id))
            age = age_at(emp.birthday, app.term_id.date_start)
            result.append(
                {
                    "fact_cadre_level": emp.mentor_cadre_level or "none",
                    "fact_title_level": emp.mentor_title_level or "none",
                    "fact_provincial_honour": emp.mentor_provincial_honour,
                    "fact_education": emp.mentor_education or "below_bachelor",
                    "fact_head_teacher_years": emp.mentor_head_teacher_years,
                    "fact_age": age or 0,
                    "fact_is_head_teacher": emp.id in head_teacher_ids,
                    "fact_failed_term": failed.name if failed else False,
                }
            )
        return result

    def _may_see_facts(self):
        """HR facts of an employee are read for the applicant themself,
        reviewers and officers only, never through another staff member's
        draft (an onchange with any employee)."""
        self.ensure_one()
        # computes run as superuser: decide on the real user, not on su
        if self.env.uid == SUPERUSER_ID or not self.employee_id:
            return True
        if self.employee_id._origin in self.env.user.employee_ids:
            return True
        return any(
            self.env.user.has_group(group)
            for group in (
                OFFICE,
                "mentorship_odoo.group_mentorship_reviewer_discipline",
                "mentorship_odoo.group_mentorship_reviewer_hr",
                "mentorship_odoo.group_mentorship_president",
            )
        )

    def _verdict(self):
        self.ensure_one()
        policy = self.term_id.policy_id
        facts = EligibilityFacts(
            cadre_level=self.fact_cadre_level,
            title_level=self.fact_title_level,
            provincial_honour=self.fact_provincial_honour,
            education=self.fact_education,
            head_teacher_years=self.fact_head_teacher_years,
            age=self.fact_age or None,
            is_head_teacher=self.fact_is_head_teacher,
            failed_last_term=self.fact_failed_term,
        )
        return check_eligibility(
            facts,
            cadre_age_limit=policy.cadre_age_limit or 50,
            min_head_teacher_years=policy.min_head_teacher_years,
            cadre_rules_bind_all=policy.cadre_rules_all_cadres if policy else True,
        )

    @api.depends(*FACT_FIELDS, "term_id.policy_id")
    def _compute_eligible(self):
        for app in self:
            app.eligible = bool(app.employee_id and app.term_id) and app._verdict().eligible

    @api.depends(*FACT_FIELDS, "term_id.policy_id")
    @api.depends_context("lang")
    def _compute_eligibility_reasons(self):
        for app in self:
            if not (app.employee_id and app.term_id):
                app.eligibility_basis = False
                app.eligibility_reasons = False
                continue
            verdict = app._verdict()
            labels = {
                "a": self.env._("R-ELIG-1(a) cadre at middle-level deputy rank or above"),
                "b": self.env._("R-ELIG-1(b) associate-senior title or above"),
                "c": self.env._("R-ELIG-1(c) provincial honour"),
            }
            app.eligibility_basis = "; ".join(labels.get(b, b) for b in verdict.bases)
            app.eligibility_reasons = "\n".join(
                app._reason_text(reason) for reason in verdict.reasons
            )

    def _reason_text(self, reason):
        """The reason in the reader's language, with its rule ID and facts."""
        education = dict(self._fields["fact_education"]._description_selection(self.env))
        facts = dict(reason.facts)
        if "education" in facts:
            facts["education"] = education.get(facts["education"], facts["education"])
        for key in ("years", "minimum"):
            if key in facts:
                facts[key] = f"{facts[key]:g}"
        texts = {
            "basis_a": self.env._("in-post cadre at middle-level deputy rank or above"),
            "basis_b": self.env._("associate-senior professional title or above"),
            "basis_c": self.env._("provincial-level or higher honour for student-development work"),
            "no_basis": self.env._(
                "not a cadre at middle-level deputy rank or above, no associate-senior title or "
                "above, and no provincial-level honour for student-development work"
            ),
            "cadre_not_head_teacher": self.env._(
                "a cadre aged %(age)s (%(limit)s or younger) must also be head teacher of a class "
                "in school, and is not",
                age=facts.get("age"),
                limit=facts.get("limit"),
            ),
            "cadre_age_unknown": self.env._(
                "date of birth not recorded: a cadre aged %(limit)s or younger must be head "
                "teacher of a class in school",
                limit=facts.get("limit"),
            ),
            "cadre_education": self.env._(
                "a cadre needs a bachelor's degree or above; recorded education: %(education)s",
                education=facts.get("education"),
            ),
            "head_teacher_years": self.env._(
                "%(years)s years as head teacher, at least %(minimum)s required",
                years=facts.get("years"),
                minimum=facts.get("minimum"),
            ),
            "failed_last_term": self.env._(
                "graded fail in %(term)s, so not appointed for the next term",
                term=facts.get("term"),
            ),
        }
        return self.env._("%(rule)s: %(text)s", rule=reason.rule, text=texts[reason.key])

    @api.depends_context("uid")
    @api.depends("state", "employee_id", "validation_status")
    def _compute_rights(self):
        is_office = self.env.user.has_group(OFFICE)
        for app in self:
            mine = app.user_id == self.env.user
            app.can_submit = app.state == "draft" and (mine or is_office)
            app.can_mark_reviewed = (
                is_office and app.state == "submitted" and app.validation_status == "validated"
            )
            app.can_reject = is_office and app.state in ("submitted", "reviewed")
            app.can_withdraw = app.state in ("draft", "submitted", "reviewed", "confirmed") and (
                mine or is_office
            )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        self._check_vals_list(vals_list)
        is_office = self.env.user.has_group(OFFICE)
        for vals in vals_list:
            if not vals.get("term_id") and not self._default_term_id():
                raise UserError(
                    self.env._(
                        "No term is open for applications now (R-APP-1); the Student Affairs "
                        "Office opens them at term start."
                    )
                )
        applications = super().create(vals_list)
        for app in applications:
            if not is_office and not self.env.su and app.user_id != self.env.user:
                raise AccessError(
                    self.env._(
                        "You can only apply for yourself, not for %(name)s.",
                        name=app.employee_id.name,
                    )
                )
            if app.term_id.state != "application" and not self.env.su:
                raise UserError(
                    self.env._(
                        "Applications for %(term)s are not open (R-APP-1).", term=app.term_id.name
                    )
                )
        return applications

    def write(self, vals):
        if not self.env.su:
            self.check_access("write")
            self._guard_values(vals, creating=False)
            is_office = self.env.user.has_group(OFFICE)
            for app in self:
                if SAO_FIELDS & set(vals) and not (
                    is_office
                    and app.state in ("submitted", "reviewed")
                    and not app._is_own_application()
                ):
                    raise AccessError(
                        self.env._(
                            "The Student Affairs Office's opinion is written by an officer "
                            "while the application of %(name)s is under review.",
                            name=app.applicant_name,
                        )
                    )
                if is_office and set(vals) <= OFFICE_FIELDS:
                    continue
                if app.state != "draft":
                    raise UserError(
                        self.env._(
                            "The application of %(name)s is %(state)s and can no longer be "
                            "changed.",
                            name=app.applicant_name,
                            state=app._state_label(),
                        )
                    )
                if not is_office and app.user_id != self.env.user:
                    raise AccessError(self.env._("You can only change your own application."))
        return super().write(vals)

    @api.model
    def _get_all_validation_exceptions(self):
        return [*super()._get_all_validation_exceptions(), *OFFICE_FIELDS]

    @api.model
    def _get_under_validation_exceptions(self):
        # our own write() decides who changes what while under review
        return [*super()._get_under_validation_exceptions(), *OFFICE_FIELDS]

    @api.model
    def _get_after_validation_exceptions(self):
        return [*super()._get_after_validation_exceptions(), *OFFICE_FIELDS]

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted(self):
        for app in self:
            if app.state != "draft":
                raise UserError(
                    self.env._(
                        "Only draft applications can be deleted; withdraw %(name)s instead.",
                        name=app.name,
                    )
                )

    # --------------------------------------------------------------- actions
    def _state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _check_state(self, allowed, action_label):
        for app in self:
            if app.state not in allowed:
                raise UserError(
                    self.env._(
                        "%(action)s is not possible: the application of %(name)s is %(state)s.",
                        action=action_label,
                        name=app.applicant_name,
                        state=app._state_label(),
                    )
                )

    def _check_office(self):
        if not self.env.user.has_group(OFFICE):
            raise AccessError(self.env._("Only the Student Affairs Office can do this."))

    def _workflow_write(self, vals):
        # need_validation has no dependencies: never trust a cached value here
        self.invalidate_recordset(["need_validation"])
        return self.sudo().with_context(skip_validation_check=True).write(vals)

    def action_submit(self):
        self._check_state(["draft"], self.env._("Submitting"))
        is_office = self.env.user.has_group(OFFICE)
        for app in self:
            if not is_office and app.user_id != self.env.user:
                raise AccessError(self.env._("You can only submit your own application."))
            if app.term_id.state != "application":
                raise UserError(
                    self.env._(
                        "Applications for %(term)s are closed (R-APP-1).", term=app.term_id.name
                    )
                )
            missing = []
            if not app.declare_devotion:
                missing.append(self.env._("devotion to student development"))
            if not app.declare_ethics:
                missing.append(self.env._("teacher ethics"))
            if not app.declare_fitness:
                missing.append(self.env._("physical and mental fitness"))
            if not app.five_education_specialty:
                missing.append(self.env._("specialty in the five educations"))
            if missing:
                raise UserError(
                    self.env._(
                        "Complete the R-ELIG-5 declarations before submitting: %(missing)s.",
                        missing=", ".join(missing),
                    )
                )
        # freeze the facts as they stand now (snapshot at submission)
        for app, values in zip(self, self._fact_values(), strict=True):
            app._workflow_write(values)
        for app in self:
            if not app.eligible:
                raise UserError(
                    self.env._(
                        "%(name)s is not eligible and cannot submit.\n%(reasons)s",
                        name=app.applicant_name,
                        reasons=app.eligibility_reasons,
                    )
                )
        self._workflow_write({"state": "submitted", "submit_date": fields.Date.context_today(self)})
        self.sudo().request_validation()
        return True

    def action_refresh_facts(self):
        """Read the eligibility facts from HR again (draft only)."""
        self._check_state(["draft"], self.env._("Checking eligibility"))
        is_office = self.env.user.has_group(OFFICE)
        for app in self:
            if not is_office and app.user_id != self.env.user:
                raise AccessError(self.env._("You can only change your own application."))
        for app, values in zip(self, self._fact_values(), strict=True):
            app._workflow_write(values)
        return True

    def action_mark_reviewed(self):
        self._check_office()
        self._check_state(["submitted"], self.env._("Marking as reviewed"))
        self._check_fail_bar(self.env._("marking as reviewed"))
        for app in self:
            if app.validation_status != "validated":
                raise UserError(
                    self.env._(
                        "The application of %(name)s still waits for reviews: the Student "
                        "Affairs Office, the Discipline Committee and HR must all approve "
                        "(R-REV-1).",
                        name=app.applicant_name,
                    )
                )
        self._workflow_write({"state": "reviewed"})
        return True

    def action_reject(self, reason=None):
        self._check_office()
        self._check_state(["submitted", "reviewed"], self.env._("Rejecting"))
        if not reason:
            return self._reason_wizard("reject")
        reason = self._check_text_argument(reason, self.env._("reason"))
        self._set_rejected(reason)
        return True

    def _set_rejected(self, reason):
        self._workflow_write({"state": "rejected", "reject_reason": reason})
        for app in self:
            app._notify_applicant(
                self.env._("Your application was rejected. Reason: %(reason)s", reason=reason)
            )

    def action_withdraw(self, reason=None, statement=None, statement_name=None, date=None):
        self._check_state(
            ["draft", "submitted", "reviewed", "confirmed"], self.env._("Withdrawing")
        )
        is_office = self.env.user.has_group(OFFICE)
        for app in self:
            if not is_office and app.user_id != self.env.user:
                raise AccessError(self.env._("You can only withdraw your own application."))
            if app.term_id.state == "closed":
                raise UserError(
                    self.env._(
                        "%(term)s is closed: its applications are locked.", term=app.term_id.name
                    )
                )
        if not (reason and statement):
            if reason or statement:
                raise UserError(
                    self.env._(
                        "Withdrawing needs a reason and an attached written statement (R-APP-3)."
                    )
                )
            return self._reason_wizard("withdraw")
        reason = self._check_text_argument(reason, self.env._("reason"))
        statement_name = self._check_text_argument(
            statement_name, self.env._("file name"), required=False, limit=256
        )
        self._guard_value(self._fields["withdraw_statement"], statement)
        date = self._check_withdraw_date(date)
        serving = self.filtered(lambda a: a.state == "confirmed")
        self._workflow_write(
            {
                "state": "withdrawn",
                "withdraw_reason": reason,
                "withdraw_statement": statement,
                "withdraw_statement_name": statement_name or "statement",
                "withdraw_date": date,
            }
        )
        # R-APP-3, R-USE-2: leaving ends the appointment on that date
        assignments = (
            self.env["mentorship.assignment"]
            .sudo()
            .search(
                [
                    ("term_id", "in", serving.term_id.ids),
                    ("employee_id", "in", serving.sudo().employee_id.ids),
                    ("state", "=", "active"),
                ]
            )
        )
        pairs = {(app.term_id.id, app.sudo().employee_id.id) for app in serving}
        assignments.filtered(lambda a: (a.term_id.id, a.employee_id.id) in pairs)._end_on(date)
        return True

    def _check_fail_bar(self, step):
        """R-ELIG-6 holds at every step that leads to an appointment: a fail
        in the previous term, finalised even after the application was
        submitted, stops review, confirmation and matching."""
        employees = self.sudo().employee_id
        bars = self.env["mentorship.evaluation"]._fail_bars(employees, self.term_id)
        for app in self:
            failed = bars.get((app.sudo().employee_id.id, app.term_id.id))
            if failed:
                raise UserError(
                    self.env._(
                        "R-ELIG-6: %(name)s was graded fail in %(failed)s and may not be "
                        "appointed for the next term, %(term)s; %(step)s is refused.",
                        name=app.applicant_name or app.sudo().employee_id.name,
                        failed=failed.name,
                        term=app.term_id.name,
                        step=step,
                    )
                )

    def _check_withdraw_date(self, date):
        """R-APP-3: leaving is dated within the term (not before it starts)
        and at most a month ahead of today."""
        today = fields.Date.context_today(self)
        if not date:
            return today
        try:
            date = fields.Date.to_date(date)
        except (TypeError, ValueError):
            date = None
        if not isinstance(date, datetime.date):
            raise ValidationError(self.env._("Give the leaving date as a date such as 2026-11-01."))
        for app in self:
            term = app.term_id
            start = app.create_date.date() if app.create_date else today
            if app.state != "confirmed" and date < start:
                raise ValidationError(
                    self.env._(
                        "The withdrawal of %(name)s cannot be dated before the application "
                        "(%(date)s).",
                        name=app.applicant_name,
                        date=start,
                    )
                )
            if date > today + datetime.timedelta(days=WITHDRAW_DAYS_AHEAD):
                raise ValidationError(
                    self.env._(
                        "The leaving date %(date)s is too far ahead; record the withdrawal at "
                        "most %(days)s days before it.",
                        date=date,
                        days=WITHDRAW_DAYS_AHEAD,
                    )
                )
            if app.state == "confirmed" and not term.date_start <= date <= term.date_end:
                raise ValidationError(
                    self.env._(
                        "The leaving date must lie within %(term)s (%(start)s to %(end)s).",
                        term=term.name,
                        start=term.date_start,
                        end=term.date_end,
                    )
                )
        return date

    def _reason_wizard(self, mode):
        return {
            "type": "ir.actions.act_window",
            "name": {
                "reject": self.env._("Reject Application"),
                "withdraw": self.env._("Withdraw Application"),
                "restart": self.env._("Restart Review"),
            }[mode],
            "res_model": "mentorship.application.reason",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_application_ids": self.ids,
                "default_mode": mode,
            },
        }

    def _confirm(self, confirmation):
        """Called by the President's Office confirmation (R-REV-2)."""
        self._workflow_write({"state": "confirmed", "confirmation_id": confirmation.id})
        for app in self:
            app._notify_applicant(
                self.env._(
                    "You are confirmed as class mentor for %(term)s (document %(number)s).",
                    term=app.term_id.name,
                    number=confirmation.document_number,
                )
            )

    def _notify_applicant(self, body):
        self.ensure_one()
        partner = self.employee_id.sudo().user_id.partner_id
        self.sudo().message_post(
            body=body,
            partner_ids=partner.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def action_print_form(self):
        return self.env.ref("mentorship_odoo.action_report_mentorship_application").report_action(
            self
        )

    @api.model
    def action_apply(self):
        """Open the applicant's form for the open term: theirs if it exists."""
        term = self.env["mentorship.term"]._current_application_term()
        if not term:
            raise UserError(
                self.env._(
                    "No term is open for applications now (R-APP-1); the Student Affairs "
                    "Office opens them at term start."
                )
            )
        employee = self.env.user.employee_id
        if not employee:
            raise UserError(
                self.env._("Your user has no employee record; ask HR to link one before applying.")
            )
        existing = self.search(
            [
                ("employee_id", "=", employee.id),
                ("term_id", "=", term.id),
                ("state", "!=", "withdrawn"),
            ],
            limit=1,
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Apply"),
            "res_model": self._name,
            "view_mode": "form",
            "res_id": existing.id,
            "context": {"default_term_id": term.id, "default_employee_id": employee.id},
        }

    # --------------------------------------------------- review tiers (R-REV-1)
    def _is_own_application(self):
        """The self-review exclusion rests on the employee, not on a user field."""
        self.ensure_one()
        employee = self.sudo().employee_id
        return employee in self.env.user.employee_ids or employee.user_id == self.env.user

    def _check_reviewer(self):
        for app in self:
            if app._is_own_application():
                raise AccessError(self.env._("Nobody reviews their own application."))
            if app.state != "submitted":
                raise UserError(
                    self.env._(
                        "Only submitted applications are under review; %(name)s is %(state)s.",
                        name=app.applicant_name,
                        state=app._state_label(),
                    )
                )
            if not app.can_review:
                app._check_decided_meanwhile()
                raise AccessError(
                    self.env._(
                        "You have no pending review on the application of %(name)s.",
                        name=app.applicant_name,
                    )
                )

    @api.depends_context("uid")
    @api.depends("state")
    def _compute_can_review(self):
        # only a submitted application is under review; a rejected one is not
        res = super()._compute_can_review()
        for app in self:
            if app.state != "submitted":
                app.can_review = False
        return res

    def validate_tier(self):
        self._check_reviewer()
        return super().validate_tier()

    def reject_tier(self):
        self._check_reviewer()
        return super().reject_tier()

    # ----------------------------------------- the review, in our own words
    def _add_tier_validation_buttons(self, node, params):
        """Reviews start by submitting; only officers restart one, while it runs."""
        new_node = super()._add_tier_validation_buttons(node, params)
        for button in new_node.xpath("//button[@name='request_validation']"):
            button.set("invisible", "1")
        is_office = self.env.user.has_group(OFFICE)
        for button in new_node.xpath("//button[@name='restart_validation']"):
            if not is_office:
                # added after the view's group filtering: drop it here
                button.getparent().remove(button)
                continue
            button.set("string", self.env._("Restart Review"))
            button.set("invisible", "state != 'submitted' or not review_ids or hide_reviews")
        return new_node

    def _add_tier_validation_label(self, node, params):
        return etree.fromstring(
            self.env["ir.qweb"]._render("mentorship_odoo.application_review_banner", params)
        )

    def _add_tier_validation_reviews(self, node, params):
        return etree.fromstring(
            self.env["ir.qweb"]._render("mentorship_odoo.application_review_table", params)
        )

    def _tier_names(self, reviews):
        return "、".join(reviews.definition_id.mapped("name"))

    def _get_to_validate_message(self):
        icon = '<i class="fa fa-info-circle me-1"></i>'
        open_reviews = self.sudo().review_ids.filtered(lambda r: r.status in ("waiting", "pending"))
        mine = open_reviews.filtered(lambda r: self.env.user in r.reviewer_ids)
        if mine and self.state == "submitted" and not self._is_own_application():
            return icon + self.env._(
                "Your review is awaited (%(tiers)s): approve or reject with your opinion.",
                tiers=self._tier_names(mine),
            )
        return icon + self.env._(
            "Waiting for the review of: %(tiers)s.", tiers=self._tier_names(open_reviews)
        )

    def _add_comment(self, validate_reject, reviews):
        action = super()._add_comment(validate_reject, reviews)
        view = self.env.ref("mentorship_odoo.comment_wizard_view_form_mentorship")
        action.update(
            {
                "name": self.env._("Approve the Application")
                if validate_reject == "validate"
                else self.env._("Reject the Application"),
                "views": [(view.id, "form")],
                "view_id": view.id,
            }
        )
        return action

    def _notify_created_review_body(self):
        return self.env._("Submitted by %(user)s: the review tiers start.", user=self.env.user.name)

    def _notify_requested_review_body(self, tier_reviews=None):
        return self.env._(
            "Waiting for the review of: %(tiers)s.",
            tiers=self._tier_names(tier_reviews or self.review_ids),
        )

    def _notify_accepted_reviews_body(self):
        return self.env._("%(user)s approved a review tier.", user=self.env.user.name)

    def _notify_rejected_review_body(self):
        return self.env._("%(user)s rejected a review tier.", user=self.env.user.name)

    def _notify_restarted_review_body(self):
        return self.env._("%(user)s restarted the review.", user=self.env.user.name)

    def _notify_review_requested(self, tier_reviews):
        """Reviewers get a to-do (an activity in their inbox and systray)
        instead of an e-mail."""
        activity_type = self.env.ref("mentorship_odoo.mail_activity_type_application_review")
        for app in self.sudo():
            reviews = tier_reviews.filtered(lambda r, a=app: r.res_id == a.id)
            for user in reviews.reviewer_ids:
                tiers = reviews.filtered(lambda r, u=user: u in r.reviewer_ids)
                # a to-do in the reviewer's inbox and systray, without an e-mail
                app.with_context(mail_activity_quick_update=True).activity_schedule(
                    activity_type_id=activity_type.id,
                    user_id=user.id,
                    summary=self.env._("Review: %(tiers)s", tiers=self._tier_names(tiers)),
                )

    def _notify_review_available(self, tier_reviews):
        return

    def _close_review_activities(self, reviews):
        """A decided tier closes the to-dos of every member of its group."""
        activity_type = self.env.ref("mentorship_odoo.mail_activity_type_application_review")
        for app in self.sudo():
            still_open = app.review_ids.filtered(lambda r: r.status in ("waiting", "pending"))
            waiting_users = still_open.reviewer_ids if app.state == "submitted" else None
            app.activity_ids.filtered(
                lambda a, w=waiting_users: a.activity_type_id == activity_type
                and (not w or a.user_id not in w)
            ).action_feedback(feedback=self.env._("Review decided."))

    def _check_decided_meanwhile(self, tiers=False):
        """Someone of the same group decided the tier a moment ago (two
        reviewers at once): say so and by whom, instead of a refusal the
        reviewer cannot place."""
        self.ensure_one()
        decided = self.sudo().review_ids.filtered(
            lambda r: r.status in ("approved", "rejected")
            and self.env.user in r.reviewer_ids
            and r.done_by != self.env.user
        )
        if tiers:
            decided &= tiers.sudo()
        if decided:
            raise UserError(
                self.env._(
                    "%(tiers)s of the application of %(name)s was already decided by "
                    "%(user)s; nothing more to do.",
                    tiers=self._tier_names(decided[:1]),
                    name=self.applicant_name,
                    user=decided[:1].done_by.name,
                )
            )

    def _my_open_reviews(self, tiers=False):
        """The open reviews of this application the current user may decide;
        review ids sent by a client only narrow them down."""
        self.ensure_one()
        mine = self.sudo().review_ids.filtered(
            lambda r: r.status in ("waiting", "pending") and self.env.user in r.reviewer_ids
        )
        if tiers:
            mine &= tiers.sudo()
        if not mine:
            self._check_decided_meanwhile(tiers)
            raise AccessError(
                self.env._(
                    "You have no pending review on the application of %(name)s.",
                    name=self.applicant_name,
                )
            )
        return mine

    def _validate_tier(self, tiers=False):
        self._check_reviewer()
        reviews = self._my_open_reviews(tiers)
        # the reviews are written by the server, never by the client
        res = super(MentorshipApplication, self.sudo())._validate_tier(tiers=reviews)
        self._close_review_activities(reviews)
        return res

    def _decide_with_comment(self, decision, comment, tiers=False):
        """The comment wizard's step, done on the server: the comment goes on
        the user's own open reviews only; the SAO's comment is its opinion."""
        self.ensure_one()
        self._check_reviewer()
        comment = self._check_text_argument(comment, self.env._("comment"), limit=1000)
        reviews = self._my_open_reviews(tiers)
        reviews.write({"comment": comment})
        sao_tier = self.env.ref(
            "mentorship_odoo.tier_definition_application_office", raise_if_not_found=False
        )
        if decision == "validate" and sao_tier and sao_tier in reviews.definition_id:
            self.sudo().write(
                {"sao_opinion": comment, "sao_review_date": fields.Date.context_today(self)}
            )
        if decision == "validate":
            self._validate_tier(reviews)
        else:
            self._rejected_tier(reviews)
        self._update_counter({"review_deleted": True})

    def request_validation(self):
        """Reviews start when an application is submitted, never on request."""
        if not self.env.su:
            raise AccessError(self.env._("Reviews start when the application is submitted."))
        return super().request_validation()

    def restart_validation(self, reason=None):
        """Only officers restart the review, with a reason kept in the history."""
        self._check_office()
        self._check_state(["submitted"], self.env._("Restarting the review"))
        if not reason:
            return self._reason_wizard("restart")
        reason = self._check_text_argument(reason, self.env._("reason"))
        res = super(MentorshipApplication, self.sudo()).restart_validation()
        self.sudo().request_validation()
        for app in self:
            app.message_post(
                body=self.env._(
                    "Review restarted by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                )
            )
        return res

    def _rejected_tier(self, tiers=False):
        self._check_reviewer()
        reviews = self._my_open_reviews(tiers)
        res = super(MentorshipApplication, self.sudo())._rejected_tier(tiers=reviews)
        rejected = self.review_ids.filtered(lambda r: r.status == "rejected")
        if rejected:
            comment = "; ".join(filter(None, rejected.mapped("comment")))
            if not comment:
                raise UserError(self.env._("A rejection needs a reason."))
            self.sudo()._set_rejected(comment)
        self._close_review_activities(reviews)
        return res
