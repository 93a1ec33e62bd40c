from odoo import models


class TermResultsXlsx(models.AbstractModel):
    _name = "report.mentorship_odoo.term_results_xlsx"
    _description = "Term Results Spreadsheet"
    _inherit = "report.report_xlsx.abstract"

    def generate_xlsx_report(self, workbook, data, terms):
        bold = workbook.add_format({"bold": True})
        percent = workbook.add_format({"num_format": "0%"})
        yes, no = self.env._("Yes"), self.env._("No")
        results = dict(
            self.env["mentorship.evaluation"]._fields["result"]._description_selection(self.env)
        )
        for term in terms:
            sheet = workbook.add_worksheet(term.name[:31])
            headers = [
                self.env._("Mentor"),
                self.env._("Department"),
                self.env._("Class"),
                self.env._("Performance"),
                self.env._("Student Evaluation"),
                self.env._("Class Quantification"),
                self.env._("Result"),
                self.env._("Reasons"),
                # record integrity (R-EVAL-2): signals for the reader, not part of the grade
                self.env._("Late Entries"),
                self.env._("Bunched at Month End"),
                self.env._("With Evidence"),
            ]
            sheet.write_row(0, 0, headers, bold)
            for row, evaluation in enumerate(term.evaluation_ids.sorted("department_id"), start=1):
                sheet.write_row(
                    row,
                    0,
                    [
                        evaluation.employee_id.name,
                        evaluation.department_id.name or "",
                        evaluation.class_names or "",
                        yes if evaluation.performance_ok else no,
                        yes if evaluation.student_ok else no,
                        yes if evaluation.quantification_ok else no,
                        results.get(evaluation.result, ""),
                        evaluation.reasons or "",
                    ],
                )
                sheet.write_row(
                    row,
                    8,
                    [
                        evaluation.late_entry_share,
                        evaluation.bunched_entry_share,
                        evaluation.evidence_entry_share,
                    ],
                    percent,
                )
            sheet.set_column(0, 2, 16)
            sheet.set_column(7, 7, 80)
            sheet.set_column(8, 10, 12)


class TitlePointsXlsx(models.AbstractModel):
    _name = "report.mentorship_odoo.title_points_xlsx"
    _description = "Title-Evaluation Points Spreadsheet"
    _inherit = "report.report_xlsx.abstract"

    def generate_xlsx_report(self, workbook, data, evaluations):
        """R-USE-1, R-USE-2: final results for HR with the points each earns,
        and one line per person over every term."""
        bold = workbook.add_format({"bold": True})
        yes, no = self.env._("Yes"), self.env._("No")
        results = dict(
            self.env["mentorship.evaluation"]._fields["result"]._description_selection(self.env)
        )

        def points(evaluation):
            if not evaluation.title_points_eligible:
                return 0
            return evaluation.term_id.policy_id.title_points

        final = evaluations.filtered(lambda e: e.state == "final")
        sheet = workbook.add_worksheet(self.env._("Title Evaluation"))
        sheet.write_row(
            0,
            0,
            [
                self.env._("Employee"),
                self.env._("Staff Number"),
                self.env._("Department"),
                self.env._("Term"),
                self.env._("Result"),
                self.env._("Full Term"),
                self.env._("Points Eligible"),
                self.env._("Points"),
            ],
            bold,
        )
        for row, evaluation in enumerate(
            final.sorted(lambda e: (e.term_id.date_start, e.employee_id.name)), start=1
        ):
            employee = evaluation.employee_id.sudo()
            sheet.write_row(
                row,
                0,
                [
                    employee.name,
                    # the staff number (badge), never the national ID
                    employee.barcode or "",
                    evaluation.department_id.name or employee.department_id.name or "",
                    evaluation.term_id.name,
                    results.get(evaluation.result, ""),
                    yes if evaluation.full_term else no,
                    yes if evaluation.title_points_eligible else no,
                    points(evaluation),
                ],
            )
        sheet.set_column(0, 3, 16)

        # one line per person: every final term result on record
        history = self.env["mentorship.evaluation"].search(
            [("employee_id", "in", final.employee_id.ids), ("state", "=", "final")]
        )
        sheet = workbook.add_worksheet(self.env._("History per Person"))
        sheet.write_row(
            0,
            0,
            [
                self.env._("Employee"),
                self.env._("Staff Number"),
                self.env._("Terms Mentored"),
                self.env._("Passes"),
                self.env._("Fails"),
                self.env._("Full-Term Passes"),
                self.env._("Total Points"),
                self.env._("Terms"),
            ],
            bold,
        )
        by_person = {}
        for evaluation in history.sorted(lambda e: e.term_id.date_start):
            by_person.setdefault(evaluation.employee_id, []).append(evaluation)
        for row, (employee, items) in enumerate(
            sorted(by_person.items(), key=lambda item: item[0].name), start=1
        ):
            sheet.write_row(
                row,
                0,
                [
                    employee.name,
                    employee.sudo().barcode or "",
                    len(items),
                    sum(1 for e in items if e.result == "pass"),
                    sum(1 for e in items if e.result == "fail"),
                    sum(1 for e in items if e.title_points_eligible),
                    sum(points(e) for e in items),
                    "; ".join(f"{e.term_id.name} {results.get(e.result, '')}" for e in items),
                ],
            )
        sheet.set_column(0, 1, 16)
        sheet.set_column(7, 7, 60)
