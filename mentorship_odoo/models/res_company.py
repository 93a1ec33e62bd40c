from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    mentorship_document_code = fields.Char(
        string="Issuing Code",
        help="The issuing authority's code at the head of a document number (发文机关代字), "
        "e.g. 聊技师院发 gives 聊技师院发〔2026〕3号.",
    )
    mentorship_seal = fields.Image(
        string="Seal",
        max_width=512,
        max_height=512,
        help="Optional image of the seal, printed over the issuing authority's name on the "
        "appointment document.",
    )
    mentorship_copy_to = fields.Char(
        string="Copy To",
        help="抄送: who receives a copy of an appointment document, printed in its imprint.",
    )
    mentorship_printing_office = fields.Char(
        string="Printing Office",
        help="印发机关: the office that prints and sends the documents, printed in the imprint.",
    )
