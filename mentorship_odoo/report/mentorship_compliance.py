"""Quota compliance (R-TASK): one row per active assignment, quota and
month up to the current one, met, behind or in progress.

The rows are a report over the assignments: the refresh (nightly, or the
office's button) measures each assignment's quotas with lib/regulation.py and
keeps its rows as one compact JSON document (a list of
``[month, rule, task type, done, required, status]``) in
``mentorship_compliance_document``, one line per assignment with the stamp of
what the rows were computed from. This model is a view that spreads those
documents into rows next to the assignment's term, mentor, class, department
and company, so the list, the pivot and the dashboard group them by
department, month or quarter like any other model.

The documents are derived data, not records anyone reads or writes: a narrow
table of the report (created by ``init()``, dropped on uninstall), outside the
ORM so that no API reaches it, and so that a first build (tens of thousands of
rows at a large college) is one statement that neither checks a foreign key
per row nor rewrites the assignments' wide rows and their indexes."""

import hashlib

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..models.bulk import compact_json

# a row's place in its assignment's document makes its id: assignment * SPAN + n
SPAN = 1000
# the table of the documents the view spreads into rows
DOCUMENTS = "mentorship_compliance_document"


class MentorshipCompliance(models.Model):
    _name = "mentorship.compliance"
    _description = "Quota Compliance"
    _auto = False
    _order = "month desc, department_id, employee_id, rule"
    _depends = {
        "mentorship.assignment": [
            "term_id",
            "employee_id",
            "class_id",
            "department_id",
            "company_id",
        ],
    }

    assignment_id = fields.Many2one("mentorship.assignment", readonly=True)
    term_id = fields.Many2one("mentorship.term", string="Term", readonly=True)
    employee_id = fields.Many2one("hr.employee", string="Mentor", readonly=True)
    class_id = fields.Many2one("school.class", string="Class", readonly=True)
    department_id = fields.Many2one("hr.department", string="Department", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    month = fields.Char(readonly=True, help="YYYY-MM; empty for a term quota.")
    month_start = fields.Date(
        string="Month (date)",
        readonly=True,
        help="The first day of the month, to group by month, quarter or year; empty for a "
        "term quota.",
    )
    period = fields.Selection([("month", "Per month"), ("term", "Per term")], readonly=True)
    rule = fields.Char(readonly=True)
    task_type_id = fields.Many2one("mentorship.task.type", string="Task Type", readonly=True)
    done = fields.Integer(string="Done (count)", readonly=True)
    required = fields.Integer(string="Required (count)", readonly=True)
    missing = fields.Integer(string="Missing (count)", readonly=True)
    met = fields.Boolean(string="Quota Met", readonly=True)
    status = fields.Selection(
        [("met", "Met"), ("behind", "Behind"), ("open", "In Progress")],
        readonly=True,
        help="A term quota is in progress until the term (or the appointment) ends.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE TABLE IF NOT EXISTS %(documents)s (
                    assignment_id integer PRIMARY KEY
                        REFERENCES mentorship_assignment (id) ON DELETE CASCADE,
                    fingerprint varchar NOT NULL,
                    rows jsonb NOT NULL
                )
                """,
                documents=SQL.identifier(DOCUMENTS),
            )
        )
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(view)s AS (
                    SELECT a.id * %(span)s + r.n AS id,
                           a.id AS assignment_id, a.term_id, a.employee_id, a.class_id,
                           a.department_id, a.company_id,
                           r.v->>0 AS month,
                           to_date((r.v->>0) || '-01', 'YYYY-MM-DD') AS month_start,
                           CASE WHEN r.v->>0 IS NULL THEN 'term' ELSE 'month' END AS period,
                           r.v->>1 AS rule, (r.v->>2)::integer AS task_type_id,
                           (r.v->>3)::integer AS done, (r.v->>4)::integer AS required,
                           GREATEST((r.v->>4)::integer - (r.v->>3)::integer, 0) AS missing,
                           r.v->>5 = 'met' AS met, r.v->>5 AS status
                      FROM %(documents)s d
                      JOIN mentorship_assignment a ON a.id = d.assignment_id
                CROSS JOIN LATERAL jsonb_array_elements(d.rows) WITH ORDINALITY AS r(v, n)
                )
                """,
                view=SQL.identifier(self._table),
                documents=SQL.identifier(DOCUMENTS),
                span=SPAN,
            )
        )

    @api.model
    def _refresh(self, companies=None):
        """Bring the rows of the companies (all when not given) up to date
        with the active assignments of their running terms. Each assignment
        keeps a stamp of what its rows were computed from (its stored
        handbook figures, dates, class size, policy, the month of the
        refresh): only the assignments whose stamp differs are measured again
        (R-TASK) and their rows rewritten, all in one statement; the rows of
        assignments no longer under way are removed. The number of queries
        does not grow with the number of assignments."""
        Assignment = self.env["mentorship.assignment"].sudo()
        domain = [("state", "=", "active"), ("term_id.state", "in", ("running", "evaluation"))]
        if companies is not None:
            domain.append(("company_id", "in", companies.ids))
        assignments = Assignment.search(domain)
        inputs = self._input_digests(assignments)
        documents = SQL.identifier(DOCUMENTS)
        # a document removed behind the refresh's back is measured again
        stamps = dict(
            self.env.execute_query(
                SQL(
                    "SELECT assignment_id, fingerprint FROM %s WHERE assignment_id = ANY(%s)",
                    documents,
                    list(inputs),
                )
            )
        )
        to_measure = assignments.browse(
            [a for a, digest in inputs.items() if stamps.get(a) != digest]
        )
        rows = self._compliance_items(to_measure)
        # the assignments no longer under way lose their rows
        self.env.cr.execute(
            SQL(
                """
                DELETE FROM %(documents)s d
                 USING mentorship_assignment a
                 WHERE a.id = d.assignment_id AND NOT d.assignment_id = ANY(%(under_way)s)
                   AND %(scope)s
                """,
                documents=documents,
                under_way=list(inputs),
                scope=SQL("a.company_id = ANY(%s)", companies.ids)
                if companies is not None
                else SQL("TRUE"),
            )
        )
        if rows:
            data = [
                {"assignment_id": a, "fingerprint": inputs[a], "rows": items}
                for a, items in rows.items()
            ]
            self.env.cr.execute(
                SQL(
                    """
                    INSERT INTO %(documents)s (assignment_id, fingerprint, rows)
                    SELECT * FROM jsonb_to_recordset(%(data)s::jsonb)
                           AS s(assignment_id integer, fingerprint varchar, rows jsonb)
                        ON CONFLICT (assignment_id)
                        DO UPDATE SET fingerprint = excluded.fingerprint, rows = excluded.rows
                    """,
                    documents=documents,
                    data=compact_json(data),
                )
            )
        self.invalidate_model()
        return True

    @api.model
    def _input_digests(self, assignments):
        """``{assignment: digest}`` of everything its rows are computed from:
        its facts and the digest of its stored handbook figures (one query,
        nothing decoded), its policy's quotas, the task types that count,
        the current month and whether its term is over."""
        facts = assignments._quota_facts(digest=True)
        settings, counted = assignments._quota_settings({f.policy for f in facts.values()})
        policies = {
            policy: repr(
                (
                    [(q.rule, q.task, q.period, q.measure, q.minimum) for q in quotas],
                    min_days,
                    talk_ratio,
                )
            )
            for policy, (quotas, min_days, talk_ratio) in settings.items()
        }
        today = fields.Date.context_today(self)
        common = repr((sorted(counted), today.year, today.month))
        digests = {}
        for assignment_id in assignments.ids:
            fact = facts.get(assignment_id)
            if not fact:
                continue
            over = bool(fact.end and fact.term_end and today > min(fact.end, fact.term_end))
            digests[assignment_id] = hashlib.sha1(
                repr((tuple(fact), over, policies.get(fact.policy), common)).encode(),
                usedforsecurity=False,
            ).hexdigest()
        return digests

    @api.model
    def _compliance_items(self, assignments):
        """``{assignment: rows}``: the rows each assignment should have, every
        quota up to this month (R-TASK), in progress for a term quota until
        the term or the appointment ends."""
        if not assignments:
            return {}
        progress, facts = assignments._quota_figures()
        task_types = {
            t.code: t.id
            for t in self.env["mentorship.task.type"]
            .sudo()
            .with_context(active_test=False)
            .search_fetch([], ["code"])
        }
        today = fields.Date.context_today(self)
        this_month = (today.year, today.month)
        # the few months of a term, spelt once
        month_names = {}
        result = {}
        for assignment_id in assignments.ids:
            fact = facts.get(assignment_id)
            if not fact:
                continue
            term_over = today > min(fact.end, fact.term_end)
            items = []
            for item in progress.get(assignment_id, ()):
                month = item.month
                if month and month > this_month:
                    continue  # months that have not come yet are not shortfalls
                if item.met:
                    status = "met"
                elif (month and month < this_month) or (not month and term_over):
                    status = "behind"
                else:
                    status = "open"
                if month and month not in month_names:
                    month_names[month] = "{:04d}-{:02d}".format(*month)
                # one compact row: [month, rule, task type, done, required, status]
                items.append(
                    [
                        month_names[month] if month else None,
                        item.quota.rule,
                        task_types.get(item.quota.task),
                        item.done,
                        item.required,
                        status,
                    ]
                )
            result[assignment_id] = items
        return result

    @api.model
    def action_refresh(self):
        if not self.env.user.has_group("mentorship_odoo.group_mentorship_office"):
            raise AccessError(self.env._("Only the Student Affairs Office refreshes compliance."))
        self._refresh(self.env.companies)
        return {"type": "ir.actions.client", "tag": "reload"}
