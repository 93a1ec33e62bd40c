import { registry } from "@web/core/registry";

const CLASS = "25计算机1班";

// The type is a compact list or radio buttons, depending on the form's
// widget: pick it by its label either way.
const TYPE = ".o_field_widget[name=task_type_id]";
function pickType(label) {
    return [
        {
            content: `Pick the type: ${label}`,
            trigger: TYPE,
            async run({ queryFirst, selectByLabel, click, waitFor }) {
                const select = queryFirst(`${TYPE} select`);
                if (select) {
                    await selectByLabel(label, select);
                    return;
                }
                const radio = queryFirst(`${TYPE} .o_radio_item:contains('${label}') input`);
                if (radio) {
                    await click(radio);
                    return;
                }
                await click(queryFirst(`${TYPE} input`));
                await click(await waitFor(`.o_select_menu_item:contains('${label}')`));
            },
        },
        {
            content: `${label} is picked`,
            trigger: [
                `${TYPE} input:value(${label})`,
                `${TYPE} select:has(option:selected:contains('${label}'))`,
                `${TYPE} .o_radio_item:contains('${label}') input:checked`,
            ].join(", "),
        },
    ];
}

function logWork(steps) {
    return [
        {
            content: "Log work from my class's home card",
            trigger: `.o_kanban_record:contains('${CLASS}') button[name=action_log_work]:contains('记录工作')`,
            run: "click",
        },
        {
            content: "The quick entry form, on my class",
            trigger: `.o_form_view .o_field_widget[name=assignment_id] input:value(${CLASS})`,
        },
        ...steps,
        {
            content: "Academic coaching",
            trigger: ".o_field_widget[name=guidance_area_ids] .form-check:contains('学业辅导') input",
            run: "check",
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
            content: "Back home",
            trigger: ".o_back_button",
            run: "click",
        },
    ];
}

// A mentor (王晓明), on a phone, logs a class observation from the home
// card, then the end-of-term work summary (R-TASK-2c), and submits the
// handbook (R-EVAL-2).
registry.category("web_tour.tours").add("mentorship_role_mentor_tour", {
    steps: () => [
        {
            content: "My class on the home, with its quotas",
            trigger: `.o_kanban_record:contains('${CLASS}'):contains('指标完成率')`,
        },
        ...logWork([
            ...pickType("推门听课"),
            {
                content: "The lesson observed",
                trigger: ".o_field_widget[name=lesson] input",
                run: "edit 数据库 李老师",
            },
            {
                content: "The students' state",
                trigger: ".o_field_widget[name=students_state] textarea",
                run: "edit 认真听讲，后排两名同学走神",
            },
        ]),
        ...logWork([
            ...pickType("工作总结"),
            {
                content: "Only what a summary needs: no lesson",
                trigger: ".o_form_view:not(:has(.o_field_widget[name=lesson]))",
            },
            {
                content: "The summary",
                trigger: ".o_field_widget[name=note] textarea",
                run: "edit 本学期完成推门听课、结对辅导和主题班会。",
            },
        ]),
        {
            content: "Open my class",
            trigger: `.o_kanban_record span:text(${CLASS})`,
            run: "click",
        },
        {
            content: "The observation counts: one of two this month",
            trigger: ".o_mentorship_progress tr:contains('R-TASK-4'):contains('推门听课'):contains('本月') .o_mentorship_done:contains('1/2')",
        },
        {
            content: "The work summary is there",
            trigger: ".o_mentorship_progress tr:contains('R-TASK-2c'):contains('本学期') .o_mentorship_done:contains('1/1')",
        },
        {
            content: "The handbook is open",
            trigger: ".o_field_widget[name=handbook_state]:contains('进行中')",
        },
        {
            content: "On a phone, more actions are behind the ⋮ button",
            trigger: ".o_statusbar_buttons button:has(.oi-ellipsis-v)",
            run: "click",
        },
        {
            content: "Submit the handbook",
            trigger: ".dropdown-menu button[name=action_submit_handbook]:contains('提交工作手册')",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal:contains('提交后工作手册将不能再修改，确认提交？') .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The handbook is submitted",
            trigger: ".o_field_widget[name=handbook_state]:contains('已提交')",
        },
        {
            content: "No more logging on a submitted handbook",
            trigger: ".o_form_view:not(:has(button[name=action_log_work]))",
        },
    ],
});
