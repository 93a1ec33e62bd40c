import { registry } from "@web/core/registry";

// 1x1 PNG, as the phone's camera input would hand it over
const PNG =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

// A mentor, on a phone, records a class activity with a photo taken on the
// spot: the photo is saved with the entry, as its attachment.
registry.category("web_tour.tours").add("mentorship_log_photo_tour", {
    steps: () => [
        {
            content: "Open the class I mentor",
            trigger: ".o_kanban_record:contains('Photo Class')",
            run: "click",
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
            content: "Pick the class activity",
            trigger: ".o_select_menu_item:contains('Class featured activity')",
            run: "click",
        },
        {
            content: "Ideals and beliefs",
            trigger: ".o_field_widget[name='guidance_area_ids'] .form-check:first input",
            run: "click",
        },
        {
            content: "The activity",
            trigger: ".o_field_widget[name='topic'] input",
            run: "edit Basketball match",
        },
        {
            content: "The camera opens directly from the form",
            trigger:
                ".o_mentorship_take_photo:has(input[type='file'][accept='image/*'][capture='environment'])",
            run() {
                const input = this.anchor.querySelector("input[type='file']");
                const bytes = Uint8Array.from(atob(PNG), (c) => c.charCodeAt(0));
                const transfer = new DataTransfer();
                transfer.items.add(new File([bytes], "match.png", { type: "image/png" }));
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The photo waits to be saved with the entry",
            trigger: ".o_mentorship_evidence_item:contains('match.png') img",
        },
        {
            content: "Save",
            trigger: "button[name='action_save_and_show_progress']",
            run: "click",
        },
        {
            content: "The entry is confirmed",
            trigger: ".o_notification:contains('Recorded')",
        },
    ],
});
