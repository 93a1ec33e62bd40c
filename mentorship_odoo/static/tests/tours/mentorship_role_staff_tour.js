import { registry } from "@web/core/registry";

// Staff (王晓明) opens the app's home, finds the apply card, fills the
// application form (R-ELIG-5 declarations, a five-educations specialty) and
// submits it: the three review tiers start.
registry.category("web_tour.tours").add("mentorship_role_staff_tour", {
    steps: () => [
        {
            content: "The home says applications are open for the term",
            trigger:
                ".o_kanban_record:contains('申报班级导师'):contains('学年第一学期正在接受申报。')",
        },
        {
            content: "Open the apply card",
            trigger: ".o_kanban_record:contains('申报班级导师')",
            run: "click",
        },
        {
            content: "My application form, pre-filled from HR",
            trigger: ".o_form_view .o_field_widget[name=applicant_name] input:value(王晓明)",
        },
        {
            content: "The eligibility box says I may apply, with its rule",
            trigger: ".o_form_view .alert-success:contains('符合申报条件'):contains('R-ELIG-1')",
        },
        {
            content: "Open the declarations",
            trigger: ".o_notebook_headers a.nav-link[name=declarations]:contains('承诺事项')",
            run: "click",
        },
        {
            content: "Devoted to student development",
            trigger: ".o_field_widget[name=declare_devotion] input",
            run: "check",
        },
        {
            content: "Good teacher ethics",
            trigger: ".o_field_widget[name=declare_ethics] input",
            run: "check",
        },
        {
            content: "Physically and mentally fit",
            trigger: ".o_field_widget[name=declare_fitness] input",
            run: "check",
        },
        {
            content: "Open the five-educations specialties",
            trigger: ".o_field_widget[name=five_education_specialty] input",
            run: "click",
        },
        {
            content: "Labour education",
            trigger: ".o_select_menu_item:contains('劳育')",
            run: "click",
        },
        {
            content: "The specialty is picked",
            trigger: ".o_field_widget[name=five_education_specialty] input:value(劳育)",
        },
        {
            content: "Submit",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_submit]:contains('提交')",
            run: "click",
        },
        {
            content: "The application is submitted",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('已提交')",
        },
        {
            content: "Submitted: the form is no longer editable",
            trigger: ".o_form_view:not(:has(button[name=action_submit]))",
        },
        {
            content: "The three review tiers wait",
            trigger:
                ".o_form_view .alert-warning:contains('等待以下环节审核'):contains('院纪委审核'):contains('组织人事处审核'):contains('学生工作处审核')",
        },
        {
            content: "The review table lists three tiers to review",
            trigger: ".o_field_widget[name=review_ids] .o_data_row:contains('待审核'):count(3)",
        },
    ],
});
