import hashlib

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from .bulk import insert_rows

# what identifies a row, what the refresh computes, what it copies
ROW_KEY = ("assignment_id", "period", "month", "rule", "task_type_id")
ROW_FIGURES = ("done", "required", "missing", "met", "status")
ROW_FACTS = ("term_id", "employee_id", "class_id", "department_id", "company_id")


class MentorshipCompliance(models.Model):
    _name = "mentorship.compliance"
    _description = "Quota Compliance"
    _order = "month desc, department_id, employee_id, rule"

    assignment_id = fields.Many2one(
        "mentorship.assignment", required=True, index=True, ondelete="cascade"
    )
    term_id = fields.Many2one("mentorship.term", string="Term", index=True)
    employee_id = fields.Many2one("hr.employee", string="Mentor", index=True)
    class_id = fields.Many2one("school.class", string="Class")
    department_id = fields.Many2one("hr.department", string="Department", index=True)
    company_id = fields.Many2one("res.company", index=True)
    month = fields.Char(help="YYYY-MM; empty for a term quota.")
    period = fields.Selection([("month", "Per month"), ("term", "Per term")])
    rule = fields.Char()
    task_type_id = fields.Many2one("mentorship.task.type", string="Task Type")
    done = fields.Integer(string="Done (count)")
    required = fields.Integer(string="Required (count)")
    missing = fields.Integer(string="Missing (count)")
    met = fields.Boolean(string="Quota Met")
    status = fields.Selection(
        [("met", "Met"), ("behind", "Behind"), ("open", "In Progress")],
        help="A term quota is in progress until the term (or the appointment) ends.",
    )

    @api.model
    def _refresh(self, companies=None):
        """Bring the rows of the companies (all when not given) up to date
        with the active assignments of their running terms. Each assignment
        keeps a stamp of what its rows were computed from (its stored
        handbook figures, dates, class size, policy, the month of the
        refresh) and how many there are: only the assignments whose stamp
        differs are measured again (R-TASK) and compared row by row, their
        changed rows updated in groups of equal values and their new rows
        inserted; the rows of assignments no longer under way are removed.
        The number of queries does not grow with the number of assignments."""
        Compliance = self.sudo()
        Assignment = self.env["mentorship.assignment"].sudo()
        domain = [("state", "=", "active"), ("term_id.state", "in", ("running", "evaluation"))]
        if companies is not None:
            domain.append(("company_id", "in", companies.ids))
        assignments = Assignment.search_fetch(
            domain, ["term_id", "employee_id", "class_id", "department_id", "company_id"]
        )
        inputs = self._input_digests(assignments)
        Compliance.flush_model()
        Assignment.flush_model(["compliance_fingerprint"])
        scope = SQL("company_id = ANY(%s)", companies.ids) if companies is not None else SQL("TRUE")
        in_place = dict(
            self.env.execute_query(
                SQL(
                    "SELECT assignment_id, COUNT(*) FROM mentorship_compliance "
                    "WHERE %s GROUP BY assignment_id",
                    scope,
                )
            )
        )
        stamps = dict(
            self.env.execute_query(
                SQL(
                    "SELECT id, compliance_fingerprint FROM mentorship_assignment "
                    "WHERE id = ANY(%s)",
                    list(inputs),
                )
            )
        )
        to_measure = assignments.browse(
            [
                assignment_id
                for assignment_id, digest in inputs.items()
                if stamps.get(assignment_id) != f"{digest}:{in_place.get(assignment_id, 0)}"
            ]
        )
        wanted = self._compliance_items(to_measure)
        changed = {
            assignment_id: self._row_values(items, common)
            for assignment_id, (items, common) in wanted.items()
        }
        gone = [assignment_id for assignment_id in in_place if assignment_id not in inputs]
        if gone:
            Compliance.search([("assignment_id", "in", gone)]).unlink()
        if changed:
            self._refresh_rows(changed)
        self.env.cr.execute(
            SQL(
                """
                UPDATE mentorship_assignment a SET compliance_fingerprint = s.fingerprint
                  FROM unnest(%(ids)s::int[], %(stamps)s::varchar[]) AS s(id, fingerprint)
                 WHERE a.id = s.id
                """,
                ids=[*changed, *gone],
                stamps=[
                    *(f"{inputs[a]}:{len(items)}" for a, items in changed.items()),
                    *(None for _a in gone),
                ],
            )
        )
        Assignment.invalidate_model(["compliance_fingerprint"])
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
        for assignment in assignments:
            fact = facts.get(assignment.id)
            if not fact:
                continue
            over = bool(fact.end and fact.term_end and today > min(fact.end, fact.term_end))
            identity = (
                assignment.term_id.id,
                assignment.employee_id.id,
                assignment.class_id.id,
                assignment.department_id.id,
                assignment.company_id.id,
            )
            digests[assignment.id] = hashlib.sha1(
                repr((tuple(fact), identity, over, policies.get(fact.policy), common)).encode(),
                usedforsecurity=False,
            ).hexdigest()
        return digests

    @api.model
    def _refresh_rows(self, wanted_by_assignment):
        """Compare the rows of these assignments with the rows they should
        have (``{assignment: [values]}``): equal rows stay, changed ones are
        written, missing ones inserted, extra ones removed."""
        Compliance = self.sudo()
        columns = ROW_KEY + ROW_FIGURES + ROW_FACTS
        wanted = {
            tuple(values[name] or False for name in ROW_KEY): values
            for items in wanted_by_assignment.values()
            for values in items
        }
        rows = self.env.execute_query(
            SQL(
                "SELECT id, %s FROM mentorship_compliance WHERE assignment_id = ANY(%s)",
                SQL(", ").join(SQL.identifier(name) for name in columns),
                list(wanted_by_assignment),
            )
        )
        to_unlink = []
        updates = {}
        for row_id, *row in rows:
            current = dict(zip(columns, row, strict=True))
            values = wanted.pop(tuple(current[name] or False for name in ROW_KEY), None)
            if values is None:
                to_unlink.append(row_id)
                continue
            changed = {
                name: values[name]
                for name in ROW_FIGURES + ROW_FACTS
                if (current[name] or False) != (values[name] or False)
            }
            if changed:
                updates.setdefault(tuple(sorted(changed.items())), []).append(row_id)
        Compliance.browse(to_unlink).unlink()
        for changed, ids in updates.items():
            Compliance.browse(ids).write(dict(changed))
        insert_rows(Compliance, list(wanted.values()))

    @api.model
    def _compliance_items(self, assignments):
        """``{assignment: (items, facts)}``: the rows each assignment should
        have (``_row_values``), every quota up to this month (R-TASK), in
        progress for a term quota until the term or the appointment ends."""
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
        result = {}
        for assignment in assignments:
            fact = facts.get(assignment.id)
            if not fact:
                continue
            term_over = today > min(fact.end, fact.term_end)
            # the assignment's facts, read once for all its rows
            common = {
                "assignment_id": assignment.id,
                "term_id": assignment.term_id.id,
                "employee_id": assignment.employee_id.id,
                "class_id": assignment.class_id.id,
                "department_id": assignment.department_id.id,
                "company_id": assignment.company_id.id,
            }
            items = []
            for item in progress.get(assignment.id, ()):
                month = item.month
                if month and month > this_month:
                    continue  # months that have not come yet are not shortfalls
                if item.met:
                    status = "met"
                elif (month and month < this_month) or (not month and term_over):
                    status = "behind"
                else:
                    status = "open"
                items.append(
                    (
                        "{:04d}-{:02d}".format(*month) if month else False,
                        item.quota.rule,
                        task_types.get(item.quota.task, False),
                        item.done,
                        item.required,
                        status,
                    )
                )
            result[assignment.id] = (items, common)
        return result

    @staticmethod
    def _row_values(items, common):
        return [
            {
                **common,
                "month": month,
                "period": "month" if month else "term",
                "rule": rule,
                "task_type_id": task_type_id,
                "done": done,
                "required": required,
                "missing": max(0, required - done),
                "met": status == "met",
                "status": status,
            }
            for month, rule, task_type_id, done, required, status in items
        ]

    @api.model
    def action_refresh(self):
        if not self.env.user.has_group("mentorship_odoo.group_mentorship_office"):
            raise AccessError(self.env._("Only the Student Affairs Office refreshes compliance."))
        self._refresh(self.env.companies)
        return {"type": "ir.actions.client", "tag": "reload"}
