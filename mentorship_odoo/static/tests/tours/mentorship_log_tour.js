import { registry } from "@web/core/registry";

// A mentor, on a phone, logs a class observation and sees the month's
// progress of R-TASK-4 go from 0/2 to 1/2.
registry.category("web_tour.tours").add("mentorship_log_observation_tour", {
    steps: () => [
        {
            content: "Open the class I mentor",
            trigger: ".o_kanban_record:contains('Tour Class')",
            run: "click",
        },
        {
            content: "No observation yet this month",
            trigger: ".o_mentorship_progress tr:contains('R-TASK-4') .o_mentorship_done:contains('0/2')",
        },
        {
            content: "Log work",
            trigger: "button[name='action_log_work']",
            run: "click",
        },
        {
            content: "Open the compact list of types",
            trigger: ".o_field_widget[name='task_type_id'] input",
            run: "click",
        },
        {
            content: "Pick the class observation",
            trigger: ".o_select_menu_item:contains('Class observation')",
            run: "click",
        },
        {
            content: "The form tells which quota the entry counts toward",
            trigger: ".o_field_widget[name='quota_hint']:contains('R-TASK-4'):contains('0 of 2')",
        },
        {
            content: "Academic coaching",
            trigger: ".o_field_widget[name='guidance_area_ids'] .form-check:contains('Academic coaching') input",
            run: "click",
        },
        {
            content: "The lesson observed",
            trigger: ".o_field_widget[name='lesson'] input",
            run: "edit Databases, Mr Li",
        },
        {
            content: "The students' state",
            trigger: ".o_field_widget[name='students_state'] textarea",
            run: "edit Attentive; two students at the back distracted",
        },
        {
            content: "Save: one clear button",
            trigger: "button[name='action_save_and_show_progress']",
            run: "click",
        },
        {
            content: "The entry is confirmed",
            trigger: ".o_notification:contains('R-TASK-4')",
        },
        {
            content: "One observation of two this month",
            trigger: ".o_mentorship_progress tr:contains('R-TASK-4') .o_mentorship_done:contains('1/2')",
        },
    ],
});
