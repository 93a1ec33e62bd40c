import { registry } from "@web/core/registry";

const TERM = "2025-2026学年第一学期";
const REASON = "十月因病住院，听课次数经核实予以认可";

// The Student Affairs Office grades the term (R-EVAL-1…5): computes the
// grades, overrides 李红's fail with a written reason, reports the results
// to the President's Office Meeting and finalises them.
registry.category("web_tour.tours").add("mentorship_role_office_grades_tour", {
    steps: () => [
        {
            content: "Two mentors' grades wait to be computed",
            trigger: `.o_kanban_record:contains('待计算的考核结果'):contains('${TERM}') span:text(2)`,
        },
        {
            content: "Open the term at evaluation from its card",
            trigger: `.o_kanban_record:contains('${TERM}'):contains('阶段：考核')`,
            run: "click",
        },
        {
            content: "The term is at evaluation",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('考核')",
        },
        {
            content: "Compute the grades",
            trigger: ".o_statusbar_buttons button[name=action_compute_grades]:contains('计算考核结果')",
            run: "click",
        },
        {
            content: "王晓明 passes",
            trigger: ".o_list_view .o_data_row:contains('王晓明') td[name=result]:text(合格)",
        },
        {
            content: "李红 fails",
            trigger: ".o_list_view .o_data_row:contains('李红') td[name=result]:text(不合格)",
        },
        {
            content: "Open 李红's grade",
            trigger: ".o_list_view .o_data_row td[name=employee_id]:contains('李红')",
            run: "click",
        },
        {
            content: "The reasons name the rules and figures",
            trigger: ".o_field_widget[name=reasons]:contains('R-TASK-4'):contains('R-EVAL-3'):contains('R-EVAL-4')",
        },
        {
            content: "Computed: fail",
            trigger: ".o_form_view .ribbon:text(不合格)",
        },
        {
            content: "Override the result",
            trigger: ".o_field_widget[name=override_result] input",
            run: "click",
        },
        {
            content: "Pass",
            trigger: ".o_select_menu_item:text(合格)",
            run: "click",
        },
        {
            content: "The written reason",
            trigger: ".o_field_widget[name=override_reason] textarea",
            run: `edit ${REASON}`,
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: the result is now a pass",
            trigger: ".o_form_view:has(.o_form_saved) .ribbon:text(合格)",
        },
        {
            content: "The computed result stays on record",
            trigger: ".o_field_widget[name=computed_result]:contains('不合格')",
        },
        {
            content: "Back to the term",
            trigger: `.o_breadcrumb .breadcrumb-item a:contains('${TERM}')`,
            run: "click",
        },
        {
            content: "Two grades",
            trigger: ".oe_stat_button[name=action_view_evaluations]:contains('2')",
        },
        {
            content: "Report the results to the President's Office Meeting",
            trigger: ".o_statusbar_buttons button[name=action_report_grades]:contains('上报')",
            run: "click",
        },
        {
            content: "Finalize",
            trigger: ".o_statusbar_buttons button[name=action_finalize_grades]:contains('定稿')",
            run: "click",
        },
        {
            content: "Confirm: final grades are locked",
            trigger: ".modal:contains('定稿后考核结果将被锁定') .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Open the grades",
            trigger: ".oe_stat_button[name=action_view_evaluations]",
            run: "click",
        },
        {
            content: "Both grades are final, both pass",
            trigger: ".o_list_view:has(.o_data_row:count(2)) .o_data_row:contains('李红'):contains('已定稿') td[name=result]:text(合格)",
        },
        {
            content: "王晓明's grade is final too",
            trigger: ".o_list_view .o_data_row:contains('王晓明'):contains('已定稿') td[name=result]:text(合格)",
        },
    ],
});
