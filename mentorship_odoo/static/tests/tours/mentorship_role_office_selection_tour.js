import { registry } from "@web/core/registry";

// the first term of the next academic year (its years depend on today)
const TERM = "学年第一学期";

// The Student Affairs Office runs the selection after the three tiers
// approved 王晓明: marks the application reviewed, records the President's
// Office Meeting's confirmation, moves the term to matching, matches the
// mentor to a class and starts the term (R-REV-2, R-MATCH-1…4).
registry.category("web_tour.tours").add("mentorship_role_office_selection_tour", {
    steps: () => [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open Class Mentors",
            trigger: ".o_app[data-menu-xmlid='mentorship_odoo.mentorship_menu_root']",
            run: "click",
        },
        {
            content: "The term's card shows its stage",
            trigger: `.o_kanban_record:contains('${TERM}'):contains('阶段：审核中')`,
        },
        {
            content: "One application approved by every tier waits to be marked reviewed",
            trigger: ".o_kanban_record:contains('各环节均已通过：待标记为已审核') span:text(1)",
        },
        {
            content: "Open it",
            trigger: ".o_kanban_record:contains('各环节均已通过：待标记为已审核')",
            run: "click",
        },
        {
            content: "The list may be grouped by term: open the group",
            trigger: ".o_list_view .o_group_header, .o_list_view .o_data_row",
            async run({ queryFirst, click }) {
                const group = queryFirst(`.o_group_header:not(.o_group_open):contains('${TERM}')`);
                if (group) {
                    await click(group);
                }
            },
        },
        {
            content: "The application of 王晓明, submitted and approved by every tier",
            trigger: ".o_list_view .o_data_row:count(1):contains('王晓明'):contains('已提交') td[name=applicant_name]",
            run: "click",
        },
        {
            content: "Mark it reviewed",
            trigger: ".o_statusbar_buttons button[name=action_mark_reviewed]:contains('标记为已审核')",
            run: "click",
        },
        {
            content: "The application is reviewed",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('已审核')",
        },
        // --- the President's Office Meeting's confirmation (R-REV-2)
        {
            content: "Open the Selection menu",
            trigger: ".o_menu_sections [data-menu-xmlid='mentorship_odoo.mentorship_menu_selection']",
            run: "click",
        },
        {
            content: "Open the confirmations",
            trigger: ".dropdown-menu [data-menu-xmlid='mentorship_odoo.mentorship_confirmation_menu']",
            run: "click",
        },
        {
            content: "New confirmation",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "The appointment document number",
            trigger: ".o_field_widget[name=document_number] input",
            run: "edit 聊技师院发〔2026〕18号",
        },
        {
            content: "The term",
            trigger: ".o_field_widget[name=term_id] input",
            run: "edit 第一学期",
        },
        {
            content: "Pick the term under review",
            trigger: `.o-autocomplete--dropdown-item:contains('${TERM}')`,
            run: "click",
        },
        {
            content: "Add the reviewed applications",
            trigger: ".o_statusbar_buttons button[name=action_load_applications]:contains('添加已审核的申报')",
            run: "click",
        },
        {
            content: "王晓明 is listed, approved",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:count(1):contains('王晓明'):contains('同意')",
        },
        {
            content: "One approved",
            trigger: ".o_field_widget[name=approved_count]:contains('1')",
        },
        {
            content: "Done",
            trigger: ".o_statusbar_buttons button[name=action_done]",
            run: "click",
        },
        {
            content: "Confirm the meeting's decision",
            trigger: ".modal:contains('同意的申报人将被认定为导师，是否继续？') .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The confirmation is done",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('已完成')",
        },
        {
            content: "The appointment document can be printed",
            trigger: ".o_statusbar_buttons button[name=action_print_document]:contains('打印聘任文件')",
        },
        // --- the term moves on to matching
        {
            content: "Open the Selection menu",
            trigger: ".o_menu_sections [data-menu-xmlid='mentorship_odoo.mentorship_menu_selection']",
            run: "click",
        },
        {
            content: "Open the terms",
            trigger: ".dropdown-menu [data-menu-xmlid='mentorship_odoo.mentorship_term_menu']",
            run: "click",
        },
        {
            content: "Open the term under review",
            trigger: `.o_list_view .o_data_row:contains('${TERM}'):contains('审核中') td[name=name]`,
            run: "click",
        },
        {
            content: "Start matching",
            trigger: ".o_statusbar_buttons button[name=action_start_matching]:contains('开始匹配')",
            run: "click",
        },
        {
            content: "The term is at matching",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('匹配中')",
        },
        {
            content: "王晓明 is a confirmed mentor of the term",
            trigger: ".o_field_widget[name=mentor_ids] .o_tag:contains('王晓明')",
        },
        {
            content: "Match mentors",
            trigger: ".o_statusbar_buttons button[name=action_open_matching]:contains('匹配导师')",
            run: "click",
        },
        {
            content: "The matching counts one confirmed mentor",
            trigger: ".modal:contains('为班级匹配导师') .o_field_widget[name=mentor_count]:contains('1')",
        },
        {
            content: "The department's share: one of its two classes",
            trigger: ".modal .o_field_widget[name=share_ids] .o_data_row:contains('信息工程系')",
        },
        {
            content: "Propose",
            trigger: ".modal .modal-footer button[name=action_propose]:contains('生成方案')",
            run: "click",
        },
        {
            content: "The wizard reopens with the proposal: open its tab until the lines show",
            trigger: ".modal .o_form_saved .o_notebook_headers a.nav-link[name=proposal]",
            async run({ queryFirst, click }) {
                for (let tries = 0; tries < 100; tries++) {
                    if (queryFirst(".modal .o_field_widget[name=line_ids] .o_data_row")) {
                        return;
                    }
                    const tab = queryFirst(".modal a.nav-link[name=proposal]:not(.active)");
                    if (tab) {
                        await click(tab);
                    }
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
            },
        },
        {
            content: "王晓明 is proposed for a class of his department",
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row:count(1):contains('王晓明'):contains('信息工程系')",
        },
        {
            content: "Confirm the matching",
            trigger: ".modal .modal-footer button[name=action_confirm]:contains('确认匹配')",
            run: "click",
        },
        {
            content: "Create the assignments",
            trigger: ".modal:contains('按此方案创建导师聘任？') .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The assignment of 王晓明",
            trigger: ".o_list_view .o_data_row:count(1):contains('王晓明'):contains('25计算机')",
        },
        {
            content: "Back to the term",
            trigger: `.o_breadcrumb .breadcrumb-item a:contains('${TERM}')`,
            run: "click",
        },
        {
            content: "Start the term",
            trigger: ".o_statusbar_buttons button[name=action_start_running]:contains('学期开始')",
            run: "click",
        },
        {
            content: "The term is running",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('实施中')",
        },
        {
            content: "With one assignment",
            trigger: ".oe_stat_button[name=action_view_assignments]:contains('1'):contains('导师聘任')",
        },
    ],
});
