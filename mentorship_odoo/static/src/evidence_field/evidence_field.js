import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { getDataURLFromFile } from "@web/core/utils/urls";
import {
    Many2ManyBinaryField,
    many2ManyBinaryField,
} from "@web/views/fields/many2many_binary/many2many_binary_field";

/**
 * Photos and files of a handbook entry. The phone's camera opens directly
 * (``capture="environment"``); what is picked travels with the entry when it
 * is saved, so the entry is stored with its evidence or not at all.
 */
export class MentorshipEvidenceField extends Many2ManyBinaryField {
    static template = "mentorship_odoo.EvidenceField";

    get files() {
        return this.props.record.data[this.props.name].records.map((record) => ({
            ...record.data,
            id: record.resId,
            isNew: !record.resId,
            preview: record.resId ? false : record.data.datas,
            record,
        }));
    }

    isImage(file) {
        return (file.mimetype || "").startsWith("image/");
    }

    async onPick(ev) {
        const list = this.props.record.data[this.props.name];
        for (const file of ev.target.files) {
            const dataUrl = await getDataURLFromFile(file);
            const datas = dataUrl.split(",")[1];
            if (!datas) {
                this.notification.add(_t("The file %s is empty.", file.name), { type: "danger" });
                continue;
            }
            const record = await list.addNewRecord({ position: "bottom" });
            // the type only shows the preview here: the server reads it from the content
            await record.update({ name: file.name, datas, mimetype: file.type });
        }
        ev.target.value = "";
    }

    async onRemoveNew(file) {
        await this.props.record.data[this.props.name].delete(file.record);
    }
}

export const mentorshipEvidenceField = {
    ...many2ManyBinaryField,
    component: MentorshipEvidenceField,
    // sent with the entry when it is saved (related fields are read-only by default)
    relatedFields: [
        { name: "name", type: "char", readonly: false },
        { name: "mimetype", type: "char" },
        { name: "datas", type: "binary", readonly: false },
    ],
};

registry.category("fields").add("mentorship_evidence", mentorshipEvidenceField);
