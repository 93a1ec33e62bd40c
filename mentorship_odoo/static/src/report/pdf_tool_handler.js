import { registry } from "@web/core/registry";

/**
 * Before a PDF of the programme is made, the server says whether it can
 * make it: without wkhtmltopdf it answers with a translated error naming what
 * the administrator installs, shown instead of the web client's fallback to
 * HTML. Other reports, and PDFs the server can make, go on as usual.
 */
async function mentorshipPdfToolHandler(action, options, env) {
    if (action.report_type === "qweb-pdf" && action.report_name?.startsWith("mentorship_odoo.")) {
        await env.services.orm.call("ir.actions.report", "mentorship_check_pdf_tool", []);
    }
    return false;
}

registry
    .category("ir.actions.report handlers")
    .add("mentorship_odoo_pdf_tool", mentorshipPdfToolHandler);
