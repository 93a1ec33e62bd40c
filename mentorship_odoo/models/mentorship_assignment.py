import calendar
import datetime
import functools
import typing

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..lib.regulation import (
    Quota,
    appointment_start,
    counted_months,
    due_and_behind,
    quota_progress_from_totals,
)
from .bulk import JsonText

OFFICE = "mentorship_odoo.group_mentorship_office"
MANAGER = "mentorship_odoo.group_mentorship_manager"


@functools.lru_cache(maxsize=4096)
def _figure_key(key):
    """``'talk'`` → ``('talk', None)``; ``'talk|2026-09'`` → ``('talk', (2026, 9))``."""
    task, _bar, month = key.partition("|")
    return (task, (int(month[:4]), int(month[5:7])) if month else None)


class QuotaFacts(typing.NamedTuple):
    """What measuring an assignment's quotas needs besides the quotas."""

    policy: int
    term_start: datetime.date
    term_end: datetime.date
    start: datetime.date
    end: datetime.date
    class_size: int
    figures: dict
    under_way: bool
    # with ``_quota_facts(digest=True)``: the figures' digest, and the
    # figures as their JSON text, decoded only for what is measured
    figures_digest: str | None = None


# the columns ``_quota_fact_columns`` selects without the digest
QUOTA_FACT_COLUMNS = len(QuotaFacts._fields) - 1


def _figures_by_key(figures, counted):
    """The stored figures of the types that count (R-TASK-1), keyed as
    lib/regulation.py reads them."""
    result = {}
    for key, value in (figures or {}).items():
        task, month = _figure_key(key)
        if task in counted:
            result[(task, month)] = value
    return result


class MentorshipAssignment(models.Model):
    _name = "mentorship.assignment"
    _description = "Mentor Assignment"
    _inherit = ["mentorship.guard.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "term_id desc, department_id, class_id"
    _protected_fields = (
        "state",
        "handbook_state",
        "handbook_submit_date",
        "leave_date",
    )
    _identity_fields = ("term_id", "employee_id", "class_id")

    name = fields.Char(compute="_compute_name", store=True, string="Reference")
    term_id = fields.Many2one("mentorship.term", string="Term", required=True, index=True)
    employee_id = fields.Many2one(
        "hr.employee", string="Mentor", required=True, index=True, tracking=True
    )
    user_id = fields.Many2one(related="employee_id.user_id", store=True, string="User")
    class_id = fields.Many2one(
        "school.class", string="Class", required=True, index=True, tracking=True
    )
    department_id = fields.Many2one(
        related="class_id.department_id", store=True, string="Department"
    )
    # the names the progress cards show, stored with the assignment: a
    # board of every class reads no employee, class or department for them
    mentor_name = fields.Char(related="employee_id.name", store=True, string="Mentor Name")
    class_name = fields.Char(related="class_id.name", store=True, string="Class Name")
    department_name = fields.Char(
        related="department_id.complete_name", store=True, string="Department Name"
    )
    head_teacher_id = fields.Many2one(related="class_id.head_teacher_id", string="Head Teacher")
    student_ids = fields.One2many(related="class_id.student_ids", string="Students")
    dormitory_ids = fields.One2many(related="class_id.dormitory_ids", string="Dormitories")
    application_id = fields.Many2one("mentorship.application", string="Application")
    company_id = fields.Many2one(
        "res.company", related="term_id.company_id", store=True, index=True, precompute=True
    )
    date_start = fields.Date(
        string="Start",
        compute="_compute_dates",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        tracking=True,
        help="R-REV-3: an appointment starts on the later of the term's first day, the day it "
        "is made and the mentor's confirmation; months before it do not count.",
    )
    date_end = fields.Date(
        string="End",
        compute="_compute_dates",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        tracking=True,
        help="The term's last day, or the day the mentor left (R-APP-3).",
    )
    leave_date = fields.Date(
        string="Left On",
        readonly=True,
        copy=False,
        tracking=True,
        help="R-APP-3: the mentor left on this day, with a written explanation; the "
        "appointment ended then and the term is not served in full (R-USE-2).",
    )
    history_reason = fields.Text(
        string="Reason for Recording History",
        tracking=True,
        help="R-REV-3: only the programme administrator records an assignment with the dates "
        "it really had (a term run before the college used the system, an import, a "
        "correction); the reason is kept in the record's history.",
    )
    priority_data = fields.Json(
        readonly=True, help="R-MATCH-3 findings: rule ID, key and figures of each."
    )
    priority_reasons = fields.Text(
        string="Priority Reasons",
        compute="_compute_priority_reasons",
        help="Why the class was served first (R-MATCH-3).",
    )
    state = fields.Selection(
        [("active", "Active"), ("ended", "Ended")],
        default="active",
        required=True,
        copy=False,
        readonly=True,
        index=True,
        tracking=True,
    )
    handbook_state = fields.Selection(
        [("open", "Open"), ("submitted", "Submitted")],
        string="Handbook",
        default="open",
        required=True,
        copy=False,
        readonly=True,
        index=True,
        tracking=True,
    )
    summary = fields.Html(string="Work Summary")
    log_ids = fields.One2many("mentorship.log", "assignment_id", string="Handbook Entries")
    log_count = fields.Integer(compute="_compute_log_count", string="Entries")
    entry_figures = JsonText(
        compute="_compute_entry_figures",
        store=True,
        readonly=True,
        copy=False,
        prefetch=False,
        string="Handbook Figures",
        help="R-TASK: the handbook's entries and the distinct students they name, by task "
        "type, over the term and in each counted month, as the database groups them; the "
        "quotas are measured against these figures.",
    )
    former_student_count = fields.Integer(
        compute="_compute_former_student_count",
        store=True,
        string="Named Students Who Left",
        help="R-TASK-2b: students named in the handbook who are no longer enrolled in the "
        "class; they still count in the class during the term.",
    )
    handbook_submit_date = fields.Date(readonly=True, copy=False, tracking=True)
    progress_html = fields.Html(
        compute="_compute_progress_html", string="Quota Progress", sanitize=False
    )
    progress_rate = fields.Integer(
        compute="_compute_progress",
        string="Quotas Met (%)",
        help="Share of the quotas due so far that are met.",
    )
    behind = fields.Boolean(
        compute="_compute_progress",
        search="_search_behind",
        string="Behind Quota",
        help="A quota of the current month, or a term quota at term end, is not met.",
    )
    behind_summary = fields.Char(compute="_compute_progress", string="Missing")
    is_mine = fields.Boolean(compute="_compute_is_mine")

    _class_term_active_unique = models.UniqueIndex(
        "(term_id, class_id) WHERE state = 'active'",
        "This class already has a mentor for this term.",
    )
    _dates_order = models.Constraint(
        "CHECK(date_start <= date_end)", "An assignment must end after it starts."
    )

    @api.depends("term_id", "application_id")
    def _compute_dates(self):
        """A new appointment starts no earlier than today and ends with the
        term (R-REV-3); existing dates stay as they are."""
        today = fields.Date.context_today(self)
        for assignment in self:
            term = assignment.term_id
            if assignment._origin.id or not term:
                assignment.date_start = assignment.date_start
                assignment.date_end = assignment.date_end
                continue
            assignment.date_start = appointment_start(
                term.date_start,
                today,
                assignment.sudo().application_id.confirmation_id.meeting_date,
            )
            assignment.date_end = term.date_end

    @api.depends("employee_id", "class_id")
    def _compute_name(self):
        for assignment in self:
            assignment.name = self.env._(
                "%(mentor)s, %(class_name)s",
                mentor=assignment.employee_id.name or "",
                class_name=assignment.class_id.name or "",
            )

    @api.constrains("priority_data")
    def _check_priority_data(self):
        """R-MATCH-3 findings keep their shape: a list of rule findings."""
        for assignment in self:
            items = assignment.priority_data or []
            if not isinstance(items, list) or not all(
                isinstance(item, dict)
                and isinstance(item.get("rule"), str)
                and item.get("key") in ("new_head_teacher", "bottom_third", "legacy")
                and isinstance(item.get("facts", {}), dict)
                for item in items
            ):
                raise ValidationError(
                    self.env._(
                        "The priority reasons of %(name)s are not valid.", name=assignment.name
                    )
                )

    @api.depends("priority_data")
    @api.depends_context("lang")
    def _compute_priority_reasons(self):
        for assignment in self:
            assignment.priority_reasons = self._priority_text(assignment.priority_data)

    @api.model
    def _priority_text(self, items):
        """R-MATCH-3 findings in the reader's language."""
        texts = []
        for item in items or []:
            facts = item.get("facts", {})
            if item.get("key") == "legacy":
                texts.append(facts.get("text") or "")  # written before reasons were facts
            elif item.get("key") == "new_head_teacher":
                texts.append(
                    self.env._(
                        "%(rule)s(a): the head teacher is newly hired", rule=item.get("rule")
                    )
                )
            else:
                texts.append(
                    self.env._(
                        "%(rule)s(b): ranked %(rank)s of %(size)s in its department last term",
                        rule=item.get("rule"),
                        rank=facts.get("rank"),
                        size=facts.get("size"),
                    )
                )
        return "\n".join(texts)

    def _compute_log_count(self):
        counts = dict(
            self.env["mentorship.log"]._read_group(
                [("assignment_id", "in", self.ids)], ["assignment_id"], ["__count"]
            )
        )
        for assignment in self:
            assignment.log_count = counts.get(assignment, 0)

    @api.depends("log_ids.task_code", "log_ids.counted_month", "log_ids.student_ids")
    def _compute_entry_figures(self):
        """One grouped query for the whole set (``_group_entries``)."""
        stored = self.filtered("id")
        (self - stored).entry_figures = {}
        figures = stored._group_entries() if stored else {}
        for assignment in stored:
            assignment.entry_figures = figures.get(assignment.id, {})

    @api.depends(
        "class_id",
        "log_ids.student_ids",
        "log_ids.student_ids.class_id",
        "log_ids.student_ids.active",
    )
    def _compute_former_student_count(self):
        """One query for the whole set: the distinct students named in each
        assignment's entries who are now in another class or archived."""
        stored = self.filtered("id")
        (self - stored).former_student_count = 0
        if not stored:
            return
        Log = self.env["mentorship.log"]
        Log.flush_model(["assignment_id", "student_ids"])
        self.env["school.student"].flush_model(["class_id", "active"])
        field = Log._fields["student_ids"]
        counts = dict(
            self.env.execute_query(
                SQL(
                    """
                    SELECT l.assignment_id, COUNT(DISTINCT r.%(student)s)
                      FROM unnest(%(ids)s::int[], %(classes)s::int[]) AS a(id, class_id)
                      JOIN mentorship_log l ON l.assignment_id = a.id
                      JOIN %(relation)s r ON r.%(log)s = l.id
                      JOIN school_student s ON s.id = r.%(student)s
                     WHERE s.class_id IS DISTINCT FROM a.class_id OR NOT s.active
                  GROUP BY l.assignment_id
                    """,
                    student=SQL.identifier(field.column2),
                    relation=SQL.identifier(field.relation),
                    log=SQL.identifier(field.column1),
                    ids=stored.ids,
                    classes=[assignment.class_id.id or 0 for assignment in stored],
                )
            )
        )
        for assignment in stored:
            assignment.former_student_count = counts.get(assignment.id, 0)

    @api.depends_context("uid")
    def _compute_is_mine(self):
        for assignment in self:
            assignment.is_mine = assignment.user_id == self.env.user

    @api.depends_context("lang")
    def _compute_progress(self):
        today = fields.Date.context_today(self)
        progress, facts = self._quota_figures()
        templates = self._progress_templates()
        # equal values are assigned together: a board of every class sets
        # a few groups, not three fields one record at a time
        values = {"progress_rate": {}, "behind": {}, "behind_summary": {}}
        for assignment_id in self._ids:
            fact = facts.get(assignment_id)
            due, behind = (
                due_and_behind(progress.get(assignment_id, ()), today, fact.end)
                if fact and fact.end
                else ((), ())
            )
            rate = round(100 * sum(p.met for p in due) / len(due)) if due else 100
            values["progress_rate"].setdefault(rate, []).append(assignment_id)
            # "Behind Quota" is a warning for the terms under way (as its search)
            values["behind"].setdefault(bool(behind) and fact.under_way, []).append(assignment_id)
            summary = "; ".join(self._progress_label(p, templates) for p in behind)
            values["behind_summary"].setdefault(summary, []).append(assignment_id)
        for name, groups in values.items():
            for value, ids in groups.items():
                self.browse(ids)[name] = value

    @api.depends_context("lang")
    def _compute_progress_html(self):
        """The progress card of the form; lists and kanban cards need only
        the figures (``_compute_progress``)."""
        today = fields.Date.context_today(self)
        progress = self._quota_progress()
        for assignment in self:
            rows = progress.get(assignment.id, [])
            assignment.progress_html = self.env["ir.qweb"]._render(
                "mentorship_odoo.assignment_progress",
                {
                    "assignment": assignment,
                    "rows": assignment._progress_rows(rows, today),
                },
            )

    def _search_behind(self, operator, value):
        if operator in ("=", "!="):
            operator, value = ("in" if operator == "=" else "not in"), [value]
        if operator not in ("in", "not in"):
            raise UserError(self.env._("Unsupported search on “Behind Quota”."))
        wanted = {bool(v) for v in value}
        if wanted == {True, False}:
            return [(1, "=", 1)] if operator == "in" else [(0, "=", 1)]
        # the figures only: no progress card is rendered to filter; only the
        # terms under way: past terms' assignments are not searched
        today = fields.Date.context_today(self)
        progress, facts = self._quota_figures(under_way=True)
        behind_ids = [
            assignment_id
            for assignment_id, fact in facts.items()
            if fact.end and due_and_behind(progress.get(assignment_id, ()), today, fact.end)[1]
        ]
        want_behind = (True in wanted) == (operator == "in")
        return [("id", "in" if want_behind else "not in", behind_ids)]

    def _progress_templates(self):
        """The labels of a shortfall in the reader's language, translated
        once for a whole set of assignments."""
        return {
            "month": self.env._("%(rule)s: %(done)s/%(required)s %(task)s in %(month)s"),
            "term": self.env._("%(rule)s: %(done)s/%(required)s %(task)s this term"),
        }

    def _progress_label(self, progress, templates=None):
        templates = templates or self._progress_templates()
        values = {
            "rule": progress.quota.rule,
            "done": progress.done,
            "required": progress.required,
            "task": progress.quota.task_name,
        }
        if progress.month:
            return templates["month"] % dict(values, month="{:04d}-{:02d}".format(*progress.month))
        return templates["term"] % values

    def _progress_rows(self, rows, today):
        current = (today.year, today.month)
        # a term quota with months to go is not yet a shortfall
        behind = due_and_behind(rows, today, self.date_end)[1]
        result = []
        for progress in rows:
            if progress.month is not None and progress.month != current:
                continue
            if progress.month is not None:
                last_day = calendar.monthrange(*progress.month)[1]
                days_left = last_day - today.day
                period = self.env._("This month")
            else:
                days_left = (self.date_end - today).days
                period = self.env._("This term")
            result.append(
                {
                    "rule": progress.quota.rule,
                    "task": progress.quota.task_name,
                    "period": period,
                    "done": progress.done,
                    "required": progress.required,
                    "met": progress.met,
                    "behind": progress in behind,
                    "days_left": max(0, days_left),
                }
            )
        return result

    def _quota_progress(self):
        """``{assignment: [Progress]}``, see ``_quota_figures``."""
        return self._quota_figures()[0]

    def _quota_figures(self, under_way=False):
        """Progress of every quota for each assignment, with a constant number
        of queries whatever the number of assignments. The database groups
        the entries and their distinct students when they change
        (``entry_figures``, one grouped query for any set of assignments);
        lib/regulation.py measures the quotas against those figures here,
        because what is due depends on the day.

        Returns ``({assignment: [Progress]}, {assignment: QuotaFacts})``, for
        the assignments of ``self``, or with ``under_way`` for every active
        assignment of a term under way in the user's companies."""
        assignments = self.sudo()
        if not assignments and not under_way:
            return {}, {}
        # under way: in the companies the user works in, as the search's rules
        companies = None if self.env.su else self.env.companies.ids
        facts = assignments._quota_facts(under_way, companies)
        return self._measure_quotas(facts), facts

    @api.model
    def _measure_quotas(self, facts, settings=None):
        """``{assignment: [Progress]}`` of the assignments of ``facts``
        (``{assignment: QuotaFacts}``), measured by lib/regulation.py with
        ``settings`` (what ``_quota_settings`` returns, read when not
        given)."""
        if settings is None:
            settings = self._quota_settings({f.policy for f in facts.values()})
        policies, counted = settings
        result = {}
        for assignment_id, fact in facts.items():
            dates = (fact.term_start, fact.term_end, fact.start, fact.end)
            if not all(dates):
                continue
            policy_quotas, min_days, talk_ratio = policies.get(fact.policy, ([], 15, 0.5))
            result[assignment_id] = quota_progress_from_totals(
                policy_quotas,
                _figures_by_key(fact.figures, counted),
                counted_months(*dates, min_days),
                # R-TASK-2b: the class during the term, leavers talked to included
                fact.class_size,
                talk_ratio,
            )
        return result

    @api.model
    def _quota_settings(self, policy_ids):
        """What the quotas are measured with besides an assignment's facts:
        ``({policy: (quotas, partial-month days, talk ratio)}, codes of the
        task types that count)``, in one query whatever the number of
        policies (the quotas as ``mentorship.policy._regulation_quotas``
        reads them, the task's name in the reader's language)."""
        self.env["mentorship.policy"].flush_model(["partial_month_min_days", "talk_ratio"])
        self.env["mentorship.policy.quota"].flush_model(
            ["policy_id", "rule", "task_type_id", "period", "measure", "min_count"]
        )
        self.env["mentorship.task.type"].flush_model(["code", "name", "counts_toward_quota"])
        lang = self.env.lang or "en_US"
        rows = self.env.execute_query(
            SQL(
                """
                SELECT p.id, p.partial_month_min_days, p.talk_ratio, q.id, q.rule, t.code,
                       q.period, q.measure, q.min_count,
                       COALESCE(t.name->>%(lang)s, t.name->>'en_US'),
                       -- R-TASK-1: the types that count (not attended meetings, other work)
                       ARRAY(SELECT code FROM mentorship_task_type WHERE counts_toward_quota)
                  FROM mentorship_policy p
             LEFT JOIN mentorship_policy_quota q ON q.policy_id = p.id
             LEFT JOIN mentorship_task_type t ON t.id = q.task_type_id
                 WHERE p.id = ANY(%(ids)s)
              ORDER BY p.id, %(order)s
                """,
                lang=lang,
                ids=[policy_id for policy_id in policy_ids if policy_id],
                # the quotas in their model's order
                order=SQL("q.period DESC, q.sequence, q.id"),
            )
        )
        settings = {}
        counted = set(rows[0][-1]) if rows else set()
        for policy_id, min_days, talk_ratio, quota_id, rule, code, period, *measured in rows:
            quotas = settings.setdefault(policy_id, ([], min_days or 15, talk_ratio or 0.5))[0]
            if period:
                measure, minimum, name, _counted = measured
                quota = Quota(rule or "", code, period, measure, minimum)
                quota.id = quota_id
                quota.task_name = name
                quotas.append(quota)
        return settings, counted

    def _quota_facts(self, under_way=False, companies=None, digest=False):
        """One query: ``{assignment: QuotaFacts}``; with ``under_way``, of
        every assignment under way in the ``companies`` (all when ``None``).
        The class size is the enrolment during the term (R-TASK-2b): the
        students enrolled now, and those named in an entry who are no longer
        enrolled in the class. With ``digest``, ``figures`` is the stored
        figures' JSON text, not decoded, and ``figures_digest`` its digest."""
        self._flush_quota_facts()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT a.id, %(facts)s
                  FROM mentorship_assignment a
                  JOIN mentorship_term t ON t.id = a.term_id
             LEFT JOIN school_class c ON c.id = a.class_id
                 WHERE %(where)s
                """,
                facts=self._quota_fact_columns("a", "t", "c", digest),
                where=SQL(
                    "a.state = 'active' AND t.state IN ('running', 'evaluation') AND %s",
                    SQL("TRUE") if companies is None else SQL("a.company_id = ANY(%s)", companies),
                )
                if under_way
                else SQL("a.id = ANY(%s)", list(self.ids)),
            )
        )
        return {row[0]: QuotaFacts(*row[1:]) for row in rows}

    @api.model
    def _flush_quota_facts(self):
        """Flush what ``_quota_fact_columns`` reads."""
        self.flush_model(
            [
                "class_id",
                "term_id",
                "state",
                "date_start",
                "date_end",
                "former_student_count",
                "entry_figures",
            ]
        )
        self.env["mentorship.term"].flush_model(["date_start", "date_end", "policy_id", "state"])
        self.env["school.class"].flush_model(["student_count"])

    @api.model
    def _quota_fact_columns(self, assignment, term, school_class, digest=False):
        """The columns of ``QuotaFacts``, in its order, read from the tables
        of the assignment, its term and its class under the aliases given
        (see ``_quota_facts``)."""
        return SQL(
            """%(t)s.policy_id, %(t)s.date_start, %(t)s.date_end, %(a)s.date_start,
               %(a)s.date_end,
               COALESCE(%(c)s.student_count, 0) + COALESCE(%(a)s.former_student_count, 0),
               %(figures)s,
               %(a)s.state = 'active' AND %(t)s.state IN ('running', 'evaluation')%(digest)s""",
            a=SQL.identifier(assignment),
            t=SQL.identifier(term),
            c=SQL.identifier(school_class),
            figures=SQL(
                "%s::text" if digest else "%s", SQL.identifier(assignment, "entry_figures")
            ),
            digest=SQL(", md5(%s::text)", SQL.identifier(assignment, "entry_figures"))
            if digest
            else SQL(),
        )

    def _group_entries(self):
        """One grouped query, whatever the number of assignments:
        ``{assignment: {key: [entries, distinct students]}}`` where the key
        is the task type's code for the whole term, and ``code|YYYY-MM`` for
        a month whose entries lie inside the appointment and the term (the
        entry's ``counted_month``)."""
        Log = self.env["mentorship.log"]
        Log.flush_model(["assignment_id", "task_code", "counted_month", "student_ids"])
        field = Log._fields["student_ids"]
        rows = self.env.execute_query(
            SQL(
                """
                SELECT l.assignment_id, l.task_code, to_char(l.counted_month, 'YYYY-MM'),
                       GROUPING(l.counted_month),
                       COUNT(DISTINCT l.id), COUNT(DISTINCT r.%(student)s)
                  FROM mentorship_log l
             LEFT JOIN %(relation)s r ON r.%(log)s = l.id
                 WHERE l.assignment_id = ANY(%(ids)s)
              GROUP BY GROUPING SETS ((l.assignment_id, l.task_code, l.counted_month),
                                      (l.assignment_id, l.task_code))
                """,
                student=SQL.identifier(field.column2),
                relation=SQL.identifier(field.relation),
                log=SQL.identifier(field.column1),
                ids=list(self.ids),
            )
        )
        figures = {}
        for assignment_id, task, month, whole_term, entries, students in rows:
            if whole_term:
                figures.setdefault(assignment_id, {})[task] = [entries, students]
            elif month:  # entries outside the appointment count for the term only
                figures.setdefault(assignment_id, {})[f"{task}|{month}"] = [entries, students]
        return figures

    @api.constrains("employee_id", "class_id")
    def _check_not_own_class(self):
        for assignment in self:
            if assignment.class_id.head_teacher_id == assignment.employee_id:
                raise ValidationError(
                    self.env._(
                        "%(mentor)s is head teacher of %(class_name)s and cannot also be its "
                        "mentor (R-MATCH-2).",
                        mentor=assignment.employee_id.name,
                        class_name=assignment.class_id.name,
                    )
                )

    @api.constrains("employee_id", "term_id", "state")
    def _check_classes_per_mentor(self):
        counts = {
            (employee.id, term.id): count
            for employee, term, count in self._read_group(
                [
                    ("employee_id", "in", self.employee_id.ids),
                    ("term_id", "in", self.term_id.ids),
                    ("state", "=", "active"),
                ],
                ["employee_id", "term_id"],
                ["__count"],
            )
        }
        for assignment in self:
            limit = assignment.term_id.policy_id.max_classes_per_mentor or 1
            if counts.get((assignment.employee_id.id, assignment.term_id.id), 0) > limit:
                raise ValidationError(
                    self.env._(
                        "%(mentor)s would mentor more than %(limit)s class(es) in %(term)s.",
                        mentor=assignment.employee_id.name,
                        limit=limit,
                        term=assignment.term_id.name,
                    )
                )

    @api.constrains("date_start", "date_end", "term_id")
    def _check_dates_in_term(self):
        for assignment in self:
            term = assignment.term_id
            if assignment.date_start > assignment.date_end:
                raise ValidationError(
                    self.env._(
                        "The assignment of %(mentor)s must end after it starts.",
                        mentor=assignment.employee_id.name,
                    )
                )
            if assignment.date_start < term.date_start or assignment.date_end > term.date_end:
                raise ValidationError(
                    self.env._(
                        "The assignment of %(mentor)s must lie within %(term)s "
                        "(%(start)s to %(end)s).",
                        mentor=assignment.employee_id.name,
                        term=term.name,
                        start=term.date_start,
                        end=term.date_end,
                    )
                )

    @api.constrains("term_id", "class_id", "employee_id")
    def _check_same_company(self):
        for assignment in self:
            company = assignment.term_id.company_id
            employee_company = assignment.employee_id.sudo().company_id
            if assignment.class_id.company_id != company or (
                employee_company and employee_company != company
            ):
                raise ValidationError(
                    self.env._(
                        "%(mentor)s, %(class_name)s and %(term)s must belong to the same company.",
                        mentor=assignment.employee_id.name,
                        class_name=assignment.class_id.name,
                        term=assignment.term_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        assignments = super().create(vals_list)
        assignments._check_term_open()
        if not self.env.su:
            assignments._check_appointment()
            for assignment in assignments.filtered("history_reason"):
                assignment.sudo().message_post(
                    body=self.env._(
                        "Recorded as history by %(user)s (R-REV-3): %(reason)s",
                        user=self.env.user.name,
                        reason=assignment.history_reason,
                    )
                )
        return assignments

    def write(self, vals):
        self._check_term_open()
        res = super().write(vals)
        if not self.env.su and {"date_start", "application_id", "history_reason"} & set(vals):
            self._check_appointment(check_dates="date_start" in vals)
        return res

    def _check_appointment(self, check_dates=True):
        """R-REV-3: only confirmed mentors of the term are appointed, never
        before the later of the term's first day, today and their
        confirmation; R-ELIG-6: never a mentor who failed the previous term.
        History differs from appointing: the programme administrator may
        record the dates an assignment really had, with a written reason."""
        is_manager = self.env.user.has_group(MANAGER)
        if not is_manager and any((a.history_reason or "").strip() for a in self):
            raise AccessError(
                self.env._("Only the programme administrator records history (R-REV-3).")
            )
        today = fields.Date.context_today(self)
        Application = self.env["mentorship.application"].sudo()
        for assignment in self.sudo():
            term = assignment.term_id
            history = is_manager and (assignment.history_reason or "").strip()
            application = assignment.application_id
            if not (
                application.state == "confirmed"
                and application.term_id == term
                and application.employee_id == assignment.employee_id
            ):
                application = Application.search(
                    [
                        ("term_id", "=", term.id),
                        ("employee_id", "=", assignment.employee_id.id),
                        ("state", "=", "confirmed"),
                    ],
                    limit=1,
                )
            if history:
                continue
            if not application:
                raise UserError(
                    self.env._(
                        "R-REV-3: only mentors confirmed for %(term)s are matched to its classes; "
                        "%(name)s is not.",
                        term=term.name,
                        name=assignment.employee_id.name,
                    )
                )
            application.with_env(self.env)._check_fail_bar(self.env._("matching"))
            if assignment.application_id != application:
                assignment.application_id = application
            earliest = appointment_start(
                term.date_start, today, application.confirmation_id.meeting_date
            )
            if check_dates and assignment.date_start < earliest:
                raise UserError(
                    self.env._(
                        "R-REV-3: the appointment of %(name)s starts on %(date)s at the earliest "
                        "(the later of the term's first day, today and the confirmation); "
                        "appointments are never backdated.",
                        name=assignment.employee_id.name,
                        date=earliest,
                    )
                )

    def _end_on(self, date):
        """R-APP-3: leaving ends the appointment on the leaving date -- no quota
        month after it counts and the term is not served in full (R-USE-2)."""
        for assignment in self:
            if date < assignment.date_start:
                raise ValidationError(
                    self.env._(
                        "%(name)s started on %(start)s; the leaving date %(date)s cannot be "
                        "earlier (R-APP-3).",
                        name=assignment.name,
                        start=assignment.date_start,
                        date=date,
                    )
                )
            assignment.sudo().write(
                {"date_end": min(date, assignment.date_end), "leave_date": date}
            )
        self._end_left_assignments()

    def _end_left_assignments(self):
        """Assignments whose mentor's leaving date has come end, and their
        quota reminders stop."""
        today = fields.Date.context_today(self)
        left = self.sudo().filtered(
            lambda a: a.state == "active" and a.leave_date and a.leave_date <= today
        )
        if left:
            left.write({"state": "ended"})
            left.activity_unlink(["mentorship_odoo.mail_activity_type_quota_reminder"])

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        self._check_term_open()
        if not self.env.su and self.sudo().log_ids:
            raise UserError(
                self.env._("An assignment with handbook entries cannot be deleted; end it instead.")
            )

    def _check_term_open(self):
        if self.env.su:
            return
        for term in self.term_id:
            if term.state == "closed":
                raise UserError(
                    self.env._("%(term)s is closed: its assignments are locked.", term=term.name)
                )

    # --------------------------------------------------------------- actions
    def action_log_work(self):
        """Open the quick entry form on this assignment."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log Work"),
            "res_model": "mentorship.log",
            "view_mode": "form",
            "views": [(self.env.ref("mentorship_odoo.mentorship_log_view_form_quick").id, "form")],
            "target": "current",
            "context": {"default_assignment_id": self.id, "form_view_initial_mode": "edit"},
        }

    def action_view_logs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mentorship_odoo.mentorship_log_action"
        )
        action["domain"] = [("assignment_id", "=", self.id)]
        action["context"] = {"default_assignment_id": self.id}
        return action

    def action_submit_handbook(self):
        """R-EVAL-2: the mentor submits the handbook with the work summary (R-TASK-2c)."""
        is_office = self.env.user.has_group(OFFICE)
        self._check_term_open()
        for assignment in self:
            if not is_office and assignment.user_id != self.env.user:
                raise AccessError(self.env._("You can only submit your own handbook."))
            if assignment.handbook_state != "open":
                raise UserError(
                    self.env._(
                        "The handbook of %(name)s is already submitted.", name=assignment.name
                    )
                )
            if "summary" not in assignment.log_ids.mapped("task_code"):
                raise UserError(
                    self.env._(
                        "Add the end-of-term work summary to the handbook before submitting "
                        "(R-TASK-2c)."
                    )
                )
        self.sudo().write(
            {"handbook_state": "submitted", "handbook_submit_date": fields.Date.context_today(self)}
        )
        return True

    def action_reopen_handbook(self, reason=None):
        """The Student Affairs Office reopens a submitted handbook, with a reason."""
        if not self.env.user.has_group(OFFICE):
            raise AccessError(self.env._("Only the Student Affairs Office reopens a handbook."))
        if reason:
            reason = self._check_text_argument(reason, self.env._("reason"))
        if not reason:
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Reopen Handbook"),
                "res_model": "mentorship.handbook.reopen",
                "view_mode": "form",
                "target": "new",
                "context": {"default_assignment_ids": self.ids},
            }
        for assignment in self:
            if assignment.handbook_state != "submitted":
                raise UserError(
                    self.env._("The handbook of %(name)s is not submitted.", name=assignment.name)
                )
            if assignment.term_id.state == "closed":
                raise UserError(
                    self.env._(
                        "%(term)s is closed: its handbooks stay locked.",
                        term=assignment.term_id.name,
                    )
                )
        self.sudo().write({"handbook_state": "open"})
        for assignment in self:
            assignment.message_post(
                body=self.env._(
                    "Handbook reopened by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                )
            )
        return True

    def action_print_handbook(self):
        return self.env.ref("mentorship_odoo.action_report_mentorship_handbook").report_action(self)

    # ------------------------------------------------------------- reminders
    @api.model
    def _cron_quota_reminders(self):
        """Daily: an activity for each mentor behind a monthly quota in the last
        days of the month; activities of met quotas are marked done."""
        today = fields.Date.context_today(self)
        self.search([("state", "=", "active"), ("leave_date", "<=", today)])._end_left_assignments()
        activity_type = self.env.ref("mentorship_odoo.mail_activity_type_quota_reminder")
        last_day = today.replace(day=calendar.monthrange(today.year, today.month)[1])
        assignments = self.search(
            [
                ("state", "=", "active"),
                ("handbook_state", "=", "open"),
                ("term_id.state", "=", "running"),
                ("date_start", "<=", today),
                ("date_end", ">=", today),
            ]
        )
        progress = assignments._quota_progress()
        existing = self.env["mail.activity"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", assignments.ids),
                ("activity_type_id", "=", activity_type.id),
                ("date_deadline", "=", last_day),
            ]
        )
        existing_by_assignment = {activity.res_id: activity for activity in existing}
        for assignment in assignments:
            days = assignment.term_id.policy_id.reminder_days or 7
            missing = [
                p
                for p in progress.get(assignment.id, [])
                if p.month == (today.year, today.month) and not p.met
            ]
            activity = existing_by_assignment.get(assignment.id)
            if not missing:
                if activity:
                    activity.action_feedback(feedback=self.env._("Quotas of the month met."))
                continue
            if (last_day - today).days >= days or activity or not assignment.user_id:
                continue
            assignment.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=last_day,
                user_id=assignment.user_id.id,
                summary=self.env._("Monthly quotas behind"),
                note="<br/>".join(assignment._progress_label(p) for p in missing),
            )
