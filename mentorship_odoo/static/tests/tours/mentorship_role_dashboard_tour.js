import { registry } from "@web/core/registry";

// The Student Affairs Office and the President's Office open the programme
// dashboard in the Dashboards app: it loads with its term and department
// filters, without an error.
registry.category("web_tour.tours").add("mentorship_role_dashboard_tour", {
    steps: () => [
        {
            content: "The programme's dashboard is listed",
            trigger: ".o_search_panel_category_value[data-name='班级导师']",
            run: "click",
        },
        {
            content: "It is the one open",
            trigger: ".o_search_panel_category_value.active[data-name='班级导师']",
        },
        {
            content: "It loads, with the term and department filters",
            trigger: ".o_spreadsheet_dashboard_action:not(:has(.dashboard-loading-status)) .o_sp_dashboard_search",
        },
        {
            content: "The spreadsheet is drawn",
            trigger: ".o_spreadsheet_dashboard_action .o_renderer .o-spreadsheet",
        },
    ],
});
