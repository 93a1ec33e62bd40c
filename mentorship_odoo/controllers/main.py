import re

from odoo import http
from odoo.http import request

CODE = re.compile(r"^[0-9A-Fa-f]{8}$")


class StudentEvaluationLink(http.Controller):
    """The short link printed on each evaluation slip: the student types the
    address and the code (or scans the QR code) and lands on the
    questionnaire of that code, which answers once."""

    @http.route("/e/<string:code>", type="http", auth="public", sitemap=False)
    def open_code(self, code):
        if not CODE.match(code or ""):
            return request.not_found()
        answers = (
            request.env["survey.user_input"]
            .sudo()
            .search([("access_token", "=like", f"{code.lower()}%")], limit=2)
        )
        answers = answers.filtered(
            lambda answer: answer.survey_id.id
            in request.env["mentorship.student.evaluation"].sudo()._survey_ids_of_codes()
        )
        if len(answers) != 1:
            return request.not_found()
        survey = answers.survey_id
        return request.redirect(f"{survey.get_start_url()}?answer_token={answers.access_token}")
