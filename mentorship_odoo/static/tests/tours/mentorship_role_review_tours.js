import { registry } from "@web/core/registry";

// A reviewer (院纪委 / 组织人事处 / 学生工作处) opens the home card of the
// applications waiting for their tier, opens 王晓明's application and
// approves their tier with a comment (R-REV-1).
function reviewSteps({ tier, others, comment, allApproved }) {
    const steps = [
        {
            content: "One application waits for my tier",
            trigger: ".o_kanban_record:contains('待我审核的申报') span:text(1)",
        },
        {
            content: "Open the applications to review",
            trigger: ".o_kanban_record:contains('待我审核的申报')",
            run: "click",
        },
        {
            content: "Open the application of 王晓明",
            trigger: ".o_list_view .o_data_row:count(1) td[name=applicant_name]:contains('王晓明')",
            run: "click",
        },
        {
            content: "The banner asks for my tier's review",
            trigger: `.o_form_view .alert-warning:contains('请您审核'):contains('${tier}')`,
        },
        {
            content: "Approve",
            trigger: ".o_form_view .alert-warning button[name=validate_tier]:contains('同意')",
            run: "click",
        },
        {
            content: "The approval dialog asks for my opinion",
            trigger: ".modal .modal-title:contains('通过申报')",
        },
        {
            content: "Write my opinion",
            trigger: ".modal .o_field_widget[name=comment] input",
            run: `edit ${comment}`,
        },
        {
            content: "Approve with the opinion",
            trigger: ".modal .modal-footer button[name=add_comment]:contains('同意')",
            run: "click",
        },
        {
            content: "My tier is approved, by me, with my opinion",
            trigger: `.o_field_widget[name=review_ids] .o_data_row:contains('${tier}'):contains('已通过'):contains('${comment}')`,
        },
        {
            content: "No approve button is left for me",
            trigger: ".o_form_view:not(:has(button[name=validate_tier]))",
        },
    ];
    if (allApproved) {
        steps.push({
            content: "Every tier approved the application",
            trigger: ".o_form_view .alert-success:contains('各审核环节均已通过该申报')",
        });
    } else {
        steps.push({
            content: "The other tiers still wait",
            trigger: `.o_form_view .alert-warning:contains('等待以下环节审核')${others
                .map((other) => `:contains('${other}')`)
                .join("")}:not(:contains('${tier}'))`,
        });
    }
    return steps;
}

registry.category("web_tour.tours").add("mentorship_role_discipline_review_tour", {
    steps: () =>
        reviewSteps({
            tier: "院纪委审核",
            others: ["组织人事处审核", "学生工作处审核"],
            comment: "同意，无违纪记录",
        }),
});

registry.category("web_tour.tours").add("mentorship_role_hr_review_tour", {
    steps: () =>
        reviewSteps({
            tier: "组织人事处审核",
            others: ["院纪委审核", "学生工作处审核"],
            comment: "同意，条件符合",
        }),
});

registry.category("web_tour.tours").add("mentorship_role_office_review_tour", {
    steps: () => [
        ...reviewSteps({
            tier: "学生工作处审核",
            others: [],
            comment: "同意推荐为班级导师",
            allApproved: true,
        }),
        {
            content: "The SAO's opinion is on the application",
            trigger: ".o_notebook_headers a.nav-link[name=sao]",
            run: "click",
        },
        {
            content: "The opinion and its date",
            trigger: ".o_field_widget[name=sao_opinion] textarea:value(同意推荐为班级导师)",
        },
        {
            content: "Now the office can mark it reviewed",
            trigger: ".o_statusbar_buttons button[name=action_mark_reviewed]:contains('标记为已审核')",
        },
    ],
});
