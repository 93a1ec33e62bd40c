from odoo import models


class TermResultsXlsx(models.AbstractModel):
    _name = "report.mentorship_odoo.term_results_xlsx"
    _description = "Term Results Spreadsheet"
    _inherit = "report.report_xlsx.abstract"

    def generate_xlsx_report(self, workbook, data, terms):
        bold = workbook.add_format({"bold": True})
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
            sheet.set_column(0, 2, 16)
            sheet.set_column(7, 7, 80)


class TitlePointsXlsx(models.AbstractModel):
    _name = "report.mentorship_odoo.title_points_xlsx"
    _description = "Title-Evaluation Points Spreadsheet"
    _inherit = "report.report_xlsx.abstract"

    def generate_xlsx_report(self, workbook, data, evaluations):
        """R-USE-1, R-USE-2: final results for HR, and each person's history."""
        bold = workbook.add_format({"bold": True})
        yes, no = self.env._("Yes"), self.env._("No")
        results = dict(
            self.env["mentorship.evaluation"]._fields["result"]._description_selection(self.env)
        )
        headers = [
            self.env._("Employee"),
            self.env._("Staff Number"),
            self.env._("Department"),
            self.env._("Term"),
            self.env._("Result"),
            self.env._("Full Term"),
            self.env._("Points Eligible"),
        ]

        def row_of(evaluation):
            employee = evaluation.employee_id.sudo()
            return [
                employee.name,
                # the staff number (badge), never the national ID
                employee.barcode or "",
                evaluation.department_id.name or employee.department_id.name or "",
                evaluation.term_id.name,
                results.get(evaluation.result, ""),
                yes if evaluation.full_term else no,
                yes if evaluation.title_points_eligible else no,
            ]

        final = evaluations.filtered(lambda e: e.state == "final")
        sheet = workbook.add_worksheet(self.env._("Title Evaluation"))
        sheet.write_row(0, 0, headers, bold)
        for row, evaluation in enumerate(
            final.sorted(lambda e: (e.term_id.date_start, e.employee_id.name)), start=1
        ):
            sheet.write_row(row, 0, row_of(evaluation))
        history = self.env["mentorship.evaluation"].search(
            [("employee_id", "in", final.employee_id.ids), ("state", "=", "final")]
        )
        sheet = workbook.add_worksheet(self.env._("History"))
        sheet.write_row(0, 0, headers, bold)
        for row, evaluation in enumerate(
            history.sorted(lambda e: (e.employee_id.name, e.term_id.date_start)), start=1
        ):
            sheet.write_row(row, 0, row_of(evaluation))
