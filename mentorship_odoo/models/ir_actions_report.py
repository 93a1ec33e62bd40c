import functools
import logging
import subprocess

from odoo import api, models, tools
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

REPORT_PREFIX = "mentorship_odoo."


@functools.lru_cache(1)
def cjk_font_installed():
    """Whether fontconfig, which wkhtmltopdf draws its text with, knows a
    font for Chinese; None when it cannot tell (no ``fc-list``). Asked once
    a process: fonts are installed with the server stopped."""
    try:
        found = subprocess.run(
            ["fc-list", ":lang=zh", "family"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if found.returncode:
        return None
    return bool(found.stdout.strip())


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _register_hook(self):
        super()._register_hook()
        # at server start; not while a database is being installed or upgraded
        if not (tools.config["init"] or tools.config["update"]):
            self._mentorship_check_fonts()

    def report_action(self, docids, data=None, config=True):
        """A print button of the programme says at once when the server
        cannot make the PDF, instead of falling back to a page of HTML."""
        if self._is_mentorship_pdf():
            self._mentorship_check_pdf_tool()
        return super().report_action(docids, data=data, config=config)

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        if self._get_report(report_ref)._is_mentorship_pdf():
            self._mentorship_check_pdf_tool()
            self._mentorship_check_fonts()
        return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)

    @api.model
    def mentorship_check_pdf_tool(self):
        """Asked by the web client before it prints a PDF of the programme
        (print menu): tells whoever prints when the server cannot make it."""
        self._mentorship_check_pdf_tool()
        return True

    def _is_mentorship_pdf(self):
        return bool(self) and all(
            report.report_type == "qweb-pdf" and report.report_name.startswith(REPORT_PREFIX)
            for report in self
        )

    def _mentorship_check_pdf_tool(self):
        """The PDF reports of the programme need wkhtmltopdf on the server:
        without it, whoever prints is told what the administrator installs."""
        if self.get_wkhtmltopdf_state() == "install":
            raise UserError(
                self.env._(
                    "The PDF cannot be made: the PDF tool wkhtmltopdf is not installed on the "
                    "server. Ask the administrator to install it (apt-get install wkhtmltopdf) "
                    "and restart Odoo."
                )
            )

    def _mentorship_check_fonts(self):
        """Without a font for Chinese, wkhtmltopdf draws every Chinese
        character as a square: say so in the log, with what to install."""
        if cjk_font_installed() is False:
            _logger.warning(
                "No font for Chinese is installed on this server: the PDF reports of the "
                "class mentor programme show squares instead of Chinese characters. Install "
                "one (apt-get install fonts-noto-cjk) and restart Odoo."
            )
