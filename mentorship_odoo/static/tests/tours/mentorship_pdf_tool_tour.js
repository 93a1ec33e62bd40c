import { registry } from "@web/core/registry";

// An officer prints the appointment document from the print menu on a server
// without wkhtmltopdf: the server's message says what is missing, in Chinese.
registry.category("web_tour.tours").add("mentorship_pdf_tool_tour", {
    steps: () => [
        {
            content: "Open the actions menu of the confirmation",
            trigger: ".o_form_view .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            content: "Print the appointment document",
            trigger: ".o-dropdown--menu .o_menu_item:has(.fa-print)",
            run: "click",
        },
        {
            content: "The server says the PDF tool is missing and what to install",
            trigger:
                ".modal:contains('服务器上没有安装 PDF 生成工具 wkhtmltopdf'):contains('apt-get install wkhtmltopdf')",
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The confirmation is still open, as it was",
            trigger: ".o_form_view:not(:has(.modal)) .o_breadcrumb",
        },
    ],
});
