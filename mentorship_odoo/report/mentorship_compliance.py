"""Quota compliance (R-TASK): one row per active assignment, quota and
month up to the current one, met, behind or in progress.

The rows are a report over the assignments: the refresh (nightly, or the
office's button) measures each assignment's quotas with lib/regulation.py and
keeps its rows as one compact array of integers (a row
``[month as YYYYMM or 0, policy quota, done, required, status]`` each) in
``mentorship_compliance_document``, one line per assignment with the stamp of
what the rows were computed from. This model is a view that spreads those
arrays into rows next to the assignment's term, mentor, class, department and
company and the quota's rule and task type, so the list, the pivot and the
dashboard group them by department, month or quarter like any other model.

The documents are derived data, not records anyone reads or writes: a narrow
table of the report (created by ``init()``, dropped on uninstall), outside the
ORM so that no API reaches it, and so that a first build (tens of thousands of
rows at a large college) is one statement that neither checks a foreign key
per row nor rewrites the assignments' wide rows and their indexes. An array
of integers is what PostgreSQL reads fastest: a JSON document of the same
rows takes it several times longer to parse."""

import hashlib
import json

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..models.bulk import array_text, paused_gc

# a row's place in its assignment's document makes its id: assignment * SPAN + n
SPAN = 1000
# the table of the documents the view spreads into rows
DOCUMENTS = "mentorship_compliance_document"
# a row's status in its document
STATUS_CODES = {"met": 1, "behind": 2, "open": 3}


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
    quota_id = fields.Many2one("mentorship.policy.quota", string="Quota", readonly=True)
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
                    rows integer[] NOT NULL
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
                           CASE WHEN r.month > 0
                                THEN to_char(make_date(r.month / 100, r.month %% 100, 1), 'YYYY-MM')
                            END AS month,
                           CASE WHEN r.month > 0
                                THEN make_date(r.month / 100, r.month %% 100, 1)
                            END AS month_start,
                           CASE WHEN r.month > 0 THEN 'month' ELSE 'term' END AS period,
                           q.id AS quota_id, COALESCE(q.rule, '') AS rule, q.task_type_id,
                           r.done, r.required, GREATEST(r.required - r.done, 0) AS missing,
                           r.status = %(met)s AS met,
                           CASE r.status WHEN %(met)s THEN 'met' WHEN %(behind)s THEN 'behind'
                                ELSE 'open' END AS status
                      FROM %(documents)s d
                      JOIN mentorship_assignment a ON a.id = d.assignment_id
                CROSS JOIN LATERAL (
                        SELECT n, d.rows[n][1] AS month, d.rows[n][2] AS quota_id,
                               d.rows[n][3] AS done, d.rows[n][4] AS required,
                               d.rows[n][5] AS status
                          FROM generate_subscripts(d.rows, 1) AS n
                      ) r
                      JOIN mentorship_policy_quota q ON q.id = r.quota_id
                )
                """,
                view=SQL.identifier(self._table),
                documents=SQL.identifier(DOCUMENTS),
                span=SPAN,
                met=STATUS_CODES["met"],
                behind=STATUS_CODES["behind"],
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
        does not grow with the number of assignments. The garbage collector
        pauses meanwhile (``bulk.paused_gc``)."""
        with paused_gc():
            return self._refresh_documents(companies)

    @api.model
    def _refresh_documents(self, companies=None):
        """See ``_refresh``."""
        Assignment = self.env["mentorship.assignment"].sudo()
        # the assignments under way, their figures read as text: only those
        # measured again are decoded
        facts = Assignment._quota_facts(
            under_way=True,
            companies=None if companies is None else companies.ids,
            digest=True,
        )
        settings = Assignment._quota_settings({f.policy for f in facts.values()})
        inputs = self._input_digests(facts, settings)
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
        to_measure = {
            assignment_id: facts[assignment_id]._replace(
                figures=json.loads(facts[assignment_id].figures or "null")
            )
            for assignment_id, digest in inputs.items()
            if stamps.get(assignment_id) != digest
        }
        rows = self._compliance_items(to_measure, settings)
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
            self.env.cr.execute(
                SQL(
                    """
                    INSERT INTO %(documents)s (assignment_id, fingerprint, rows)
                    SELECT s.assignment_id, s.fingerprint, s.rows::integer[]
                      FROM unnest(%(ids)s::integer[], %(fingerprints)s::varchar[],
                                  %(rows)s::text[]) AS s(assignment_id, fingerprint, rows)
                        ON CONFLICT (assignment_id)
                        DO UPDATE SET fingerprint = excluded.fingerprint, rows = excluded.rows
                    """,
                    documents=documents,
                    ids=array_text(list(rows)),
                    fingerprints="{" + ",".join(inputs[a] for a in rows) + "}",
                    rows="{" + ",".join(f'"{array_text(items)}"' for items in rows.values()) + "}",
                )
            )
        self.invalidate_model()
        return True

    @api.model
    def _input_digests(self, facts, settings):
        """``{assignment: digest}`` of everything its rows are computed from:
        its facts with the digest of its stored handbook figures
        (``_quota_facts(digest=True)``), its policy's quotas, the task types
        that count, the current month and whether its term is over."""
        quotas_of, counted = settings
        policies = {
            policy: repr(
                (
                    [(q.id, q.rule, q.task, q.period, q.measure, q.minimum) for q in quotas],
                    min_days,
                    talk_ratio,
                )
            )
            for policy, (quotas, min_days, talk_ratio) in quotas_of.items()
        }
        today = fields.Date.context_today(self)
        common = repr((sorted(counted), today.year, today.month))
        digests = {}
        for assignment_id, fact in facts.items():
            over = bool(fact.end and fact.term_end and today > min(fact.end, fact.term_end))
            digests[assignment_id] = hashlib.sha1(
                repr(
                    (tuple(fact._replace(figures=None)), over, policies.get(fact.policy), common)
                ).encode(),
                usedforsecurity=False,
            ).hexdigest()
        return digests

    @api.model
    def _compliance_items(self, facts, settings=None):
        """``{assignment: rows}``: the rows each assignment of ``facts``
        (``{assignment: QuotaFacts}``) should have, every quota up to this
        month (R-TASK), in progress for a term quota until the term or the
        appointment ends; a row is ``[month as YYYYMM or 0, policy quota,
        done, required, status code]``."""
        if not facts:
            return {}
        progress = self.env["mentorship.assignment"]._measure_quotas(facts, settings)
        today = fields.Date.context_today(self)
        this_month = (today.year, today.month)
        met, behind, open_ = STATUS_CODES["met"], STATUS_CODES["behind"], STATUS_CODES["open"]
        result = {}
        for assignment_id, fact in facts.items():
            if assignment_id not in progress:
                continue
            term_over = today > min(fact.end, fact.term_end)
            items = []
            for item in progress[assignment_id]:
                month = item.month
                if month is None:
                    code = 0
                    status = met if item.met else behind if term_over else open_
                elif month > this_month:
                    continue  # months that have not come yet are not shortfalls
                else:
                    code = month[0] * 100 + month[1]
                    status = met if item.met else behind if month < this_month else open_
                items.append([code, item.quota.id, item.done, item.required, status])
            result[assignment_id] = items
        return result

    @api.model
    def action_refresh(self):
        if not self.env.user.has_group("mentorship_odoo.group_mentorship_office"):
            raise AccessError(self.env._("Only the Student Affairs Office refreshes compliance."))
        self._refresh(self.env.companies)
        return {"type": "ir.actions.client", "tag": "reload"}
