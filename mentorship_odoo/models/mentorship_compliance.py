import json

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

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
        with the active assignments of their running terms: rows that did not
        change stay as they are, changed rows are updated in groups of equal
        values, new rows are created and rows no longer due are removed. The
        number of queries does not grow with the number of assignments."""
        Compliance = self.sudo()
        domain = [("state", "=", "active"), ("term_id.state", "in", ("running", "evaluation"))]
        if companies is not None:
            domain.append(("company_id", "in", companies.ids))
        assignments = self.env["mentorship.assignment"].sudo().search(domain)
        wanted = self._compliance_values(assignments)
        # the rows in place, as plain values: thousands of rows compare fast
        Compliance.flush_model()
        columns = ROW_KEY + ROW_FIGURES + ROW_FACTS
        rows = self.env.execute_query(
            SQL(
                "SELECT id, %s FROM mentorship_compliance WHERE %s",
                SQL(", ").join(SQL.identifier(name) for name in columns),
                SQL("company_id = ANY(%s)", companies.ids)
                if companies is not None
                else SQL("TRUE"),
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
        Compliance._insert_rows(list(wanted.values()))
        return True

    @api.model
    def _insert_rows(self, rows):
        """Insert snapshot rows in one statement. The rows have no computed
        fields, no tracking and no relations to fill: the ORM's ``create()``
        spent most of a first build on them, one batch per 100 rows."""
        if not rows:
            return
        columns = ROW_KEY + ROW_FIGURES + ROW_FACTS
        types = {name: self._fields[name].column_type[1] for name in columns}
        data = [
            {
                name: (row[name] if row[name] is not False or types[name] == "bool" else None)
                for name in columns
            }
            for row in rows
        ]
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO mentorship_compliance (%(names)s, create_uid, create_date,
                                                   write_uid, write_date)
                SELECT %(names)s, %(uid)s, NOW() AT TIME ZONE 'UTC',
                       %(uid)s, NOW() AT TIME ZONE 'UTC'
                  FROM jsonb_to_recordset(%(data)s::jsonb) AS r(%(typed)s)
                """,
                names=SQL(", ").join(SQL.identifier(name) for name in columns),
                typed=SQL(", ").join(
                    SQL("%s %s", SQL.identifier(name), SQL(types[name])) for name in columns
                ),
                uid=self.env.uid,
                data=json.dumps(data),
            )
        )

    @api.model
    def _compliance_values(self, assignments):
        """The rows the assignments should have, by their key: every quota
        up to this month (R-TASK), in progress for a term quota until the
        term or the appointment ends."""
        progress = assignments._quota_progress()
        task_types = {
            t.code: t.id
            for t in self.env["mentorship.task.type"]
            .sudo()
            .with_context(active_test=False)
            .search([])
        }
        today = fields.Date.context_today(self)
        this_month = (today.year, today.month)
        wanted = {}
        for assignment in assignments:
            term_over = today > min(assignment.date_end, assignment.term_id.date_end)
            # the assignment's facts, read once for all its rows
            facts = {
                "assignment_id": assignment.id,
                "term_id": assignment.term_id.id,
                "employee_id": assignment.employee_id.id,
                "class_id": assignment.class_id.id,
                "department_id": assignment.department_id.id,
                "company_id": assignment.company_id.id,
            }
            for item in progress.get(assignment.id, []):
                if item.month and item.month > this_month:
                    continue  # months that have not come yet are not shortfalls
                if item.met:
                    status = "met"
                elif (item.month and item.month < this_month) or (not item.month and term_over):
                    status = "behind"
                else:
                    status = "open"
                values = {
                    **facts,
                    "month": "{:04d}-{:02d}".format(*item.month) if item.month else False,
                    "period": "month" if item.month else "term",
                    "rule": item.quota.rule,
                    "task_type_id": task_types.get(item.quota.task, False),
                    "done": item.done,
                    "required": item.required,
                    "missing": item.missing,
                    "met": item.met,
                    "status": status,
                }
                wanted[tuple(values[name] or False for name in ROW_KEY)] = values
        return wanted

    @api.model
    def action_refresh(self):
        if not self.env.user.has_group("mentorship_odoo.group_mentorship_office"):
            raise AccessError(self.env._("Only the Student Affairs Office refreshes compliance."))
        self._refresh(self.env.companies)
        return {"type": "ir.actions.client", "tag": "reload"}
