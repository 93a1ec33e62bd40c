from odoo import api, fields, models
from odoo.exceptions import AccessError


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
    def _refresh(self):
        """Rebuild the rows of every active assignment of running terms."""
        assignments = (
            self.env["mentorship.assignment"]
            .sudo()
            .search([("state", "=", "active"), ("term_id.state", "in", ("running", "evaluation"))])
        )
        progress = assignments._quota_progress()
        task_types = {t.code: t.id for t in self.env["mentorship.task.type"].sudo().search([])}
        today = fields.Date.context_today(self)
        this_month = (today.year, today.month)
        values = []
        for assignment in assignments:
            term_over = today > min(assignment.date_end, assignment.term_id.date_end)
            for item in progress.get(assignment.id, []):
                if item.month and item.month > this_month:
                    continue  # months that have not come yet are not shortfalls
                if item.met:
                    status = "met"
                elif (item.month and item.month < this_month) or (not item.month and term_over):
                    status = "behind"
                else:
                    status = "open"
                values.append(
                    {
                        "assignment_id": assignment.id,
                        "term_id": assignment.term_id.id,
                        "employee_id": assignment.employee_id.id,
                        "class_id": assignment.class_id.id,
                        "department_id": assignment.department_id.id,
                        "company_id": assignment.company_id.id,
                        "month": "{:04d}-{:02d}".format(*item.month) if item.month else False,
                        "period": "month" if item.month else "term",
                        "rule": item.quota.rule,
                        "task_type_id": task_types.get(item.quota.task),
                        "done": item.done,
                        "required": item.required,
                        "missing": item.missing,
                        "met": item.met,
                        "status": status,
                    }
                )
        self.sudo().search([]).unlink()
        self.sudo().create(values)
        return True

    @api.model
    def action_refresh(self):
        if not self.env.user.has_group("mentorship_odoo.group_mentorship_office"):
            raise AccessError(self.env._("Only the Student Affairs Office refreshes compliance."))
        self._refresh()
        return {"type": "ir.actions.client", "tag": "reload"}
