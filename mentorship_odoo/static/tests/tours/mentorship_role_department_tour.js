import { registry } from "@web/core/registry";

const TERM = "2025-2026学年第一学期";

function newEvaluation(className) {
    return [
        {
            content: "New student evaluation",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "The class",
            trigger: ".o_field_widget[name=class_id] input",
            run: `edit ${className}`,
        },
        {
            content: `Pick ${className}`,
            trigger: `.o-autocomplete--dropdown-item:contains('${className}')`,
            run: "click",
        },
        {
            content: "The term",
            trigger: ".o_field_widget[name=term_id] input",
            run: "edit 2025-2026",
        },
        {
            content: "Pick the term at evaluation",
            trigger: `.o-autocomplete--dropdown-item:contains('${TERM}')`,
            run: "click",
        },
    ];
}

// A department user runs the student evaluations of the term (R-EVAL-3):
// single-use codes for class 1, and class 2 entered by hand with the
// department's signed report attached.
registry.category("web_tour.tours").add("mentorship_role_department_tour", {
    steps: () => [
        {
            content: "Two classes wait for their student evaluation",
            trigger: `.o_kanban_record:contains('待组织的学生评价'):contains('${TERM}') span:text(2)`,
        },
        {
            content: "Open them",
            trigger: ".o_kanban_record:contains('待组织的学生评价')",
            run: "click",
        },
        // --- class 1: single-use codes
        ...newEvaluation("25计算机1班"),
        {
            content: "By survey with single-use codes (the default)",
            trigger: ".o_field_widget[name=source] .o_radio_item:contains('一次性评价码问卷') input:checked",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Issue the codes",
            trigger: ".o_statusbar_buttons button[name=action_issue_codes]:contains('生成评价码')",
            run: "click",
        },
        {
            content: "Six codes, one per enrolled student",
            trigger: ".o_field_widget[name=code_count]:contains('6')",
        },
        {
            content: "Six students, nobody answered yet: not valid",
            trigger: ".o_form_view:has(.o_field_widget[name=class_size]:contains('6')) .ribbon:contains('无效')",
        },
        {
            content: "The code slips can be printed",
            trigger: ".o_statusbar_buttons button[name=action_print_codes]:contains('打印评价码')",
        },
        {
            content: "Codes are issued once",
            trigger: ".o_form_view:not(:has(button[name=action_issue_codes]))",
        },
        {
            content: "Back to the list",
            trigger: ".o_breadcrumb .breadcrumb-item a:last",
            run: "click",
        },
        {
            content: "Class 1 is listed",
            trigger: ".o_list_view .o_data_row:count(1):contains('25计算机1班')",
        },
        // --- class 2: entered by hand, signed report attached
        ...newEvaluation("25计算机2班"),
        {
            content: "Entered by the department",
            trigger: ".o_field_widget[name=source] .o_radio_item:contains('系部填报') input",
            run: "click",
        },
        {
            content: "Class size",
            trigger: ".o_field_widget[name=manual_class_size] input",
            run: "edit 7",
        },
        {
            content: "Participants",
            trigger: ".o_field_widget[name=manual_participant_count] input",
            run: "edit 6",
        },
        {
            content: "Mean score",
            trigger: ".o_field_widget[name=manual_mean_score] input",
            run: "edit 85.5",
        },
        {
            content: "Attach the signed report",
            trigger: ".o_field_widget[name=report_file]",
            async run({ queryFirst }) {
                const input = queryFirst(".o_field_widget[name=report_file] input[type=file]");
                const transfer = new DataTransfer();
                transfer.items.add(
                    new File(["%PDF-1.4 signed report"], "系部评价报告.pdf", {
                        type: "application/pdf",
                    })
                );
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The report is attached",
            trigger: [
                ".o_field_widget[name=report_file]:contains('系部评价报告.pdf')",
                ".o_field_widget[name=report_file] input:value(系部评价报告.pdf)",
            ].join(", "),
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "6 of 7 took part: valid",
            trigger: ".o_form_view .ribbon:contains('有效')",
        },
        {
            content: "The figures entered",
            trigger: ".o_field_widget[name=mean_score]:contains('85.50')",
        },
        {
            content: "Back to the list",
            trigger: ".o_breadcrumb .breadcrumb-item a:last",
            run: "click",
        },
        {
            content: "Both classes are listed, class 2 valid",
            trigger: ".o_list_view:has(.o_data_row:count(2)) .o_data_row:contains('25计算机2班'):contains('85.50')",
        },
    ],
});
