import { registry } from "@web/core/registry";

const TERM = "2025-2026学年第一学期";

// HR (组织人事处) opens the final results from the home and finds the
// title-evaluation points export in the print menu (R-USE-1, R-USE-2).
registry.category("web_tour.tours").add("mentorship_role_hr_tour", {
    steps: () => [
        {
            content: "Two final results for the title evaluation",
            trigger: ".o_kanban_record:contains('用于职称评聘的最终考核结果') span:text(2)",
        },
        {
            content: "Open them",
            trigger: ".o_kanban_record:contains('用于职称评聘的最终考核结果')",
            run: "click",
        },
        {
            content: "The results may be grouped by term: open the term",
            trigger: ".o_list_view .o_group_header, .o_list_view .o_data_row",
            async run({ queryFirst, click }) {
                const group = queryFirst(`.o_group_header:not(.o_group_open):contains('${TERM}')`);
                if (group) {
                    await click(group);
                }
            },
        },
        {
            content: "王晓明 passed a full term: points eligible",
            trigger: ".o_list_view .o_data_row:contains('王晓明'):contains('已定稿') td[name=result]:text(合格)",
        },
        {
            content: "李红 failed",
            trigger: ".o_list_view .o_data_row:contains('李红'):contains('已定稿') td[name=result]:text(不合格)",
        },
        {
            content: "HR reads, it does not create grades",
            trigger: ".o_control_panel:not(:has(.o_list_button_add))",
        },
        {
            content: "Select both results",
            trigger: ".o_list_view thead .o_list_record_selector input",
            run: "check",
        },
        {
            content: "Two selected",
            trigger: ".o_control_panel .o_selection_container:contains('2')",
        },
        {
            content: "Open the print menu",
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-print)",
            run: "click",
        },
        {
            content: "The title-evaluation points export is there",
            trigger: ".o-dropdown--menu .o-dropdown-item:contains('职称评聘赋分（XLSX）')",
        },
    ],
});
