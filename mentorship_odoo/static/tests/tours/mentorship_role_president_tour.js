import { registry } from "@web/core/registry";

const TERM = "2025-2026学年第一学期";

// The President's Office (院长办公会) opens its home: what awaits the
// meeting's decision, and the latest term results, read-only.
registry.category("web_tour.tours").add("mentorship_role_president_tour", {
    steps: () => [
        {
            content: "Nothing awaits the meeting's decision",
            trigger: ".o_kanban_record:contains('待院长办公会认定') span:text(0)",
        },
        {
            content: "The latest results: the term and its two grades",
            trigger: `.o_kanban_record:contains('最新考核结果'):contains('${TERM}') span:text(2)`,
        },
        {
            content: "Open the latest results",
            trigger: ".o_kanban_record:contains('最新考核结果')",
            run: "click",
        },
        {
            content: "王晓明 passed",
            trigger: ".o_list_view .o_data_row:contains('王晓明'):contains('已定稿') td[name=result]:text(合格)",
        },
        {
            content: "李红 failed",
            trigger: ".o_list_view:has(.o_data_row:count(2)) .o_data_row:contains('李红'):contains('已定稿') td[name=result]:text(不合格)",
        },
        {
            content: "The President's Office reads, it does not create grades",
            trigger: ".o_control_panel:not(:has(.o_list_button_add))",
        },
        {
            content: "Open 李红's result",
            trigger: ".o_list_view .o_data_row td[name=employee_id]:contains('李红')",
            run: "click",
        },
        {
            content: "The reasons of the fail, with their rules",
            trigger: ".o_field_widget[name=reasons]:contains('R-EVAL-3')",
        },
        {
            content: "Read-only: no grade action, no override",
            trigger: ".o_form_view:not(:has(.o_statusbar_buttons button[name])):not(:has(.o_field_widget[name=override_result]))",
        },
        {
            content: "Final",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('已定稿')",
        },
    ],
});
