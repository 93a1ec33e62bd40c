"""19.0.1.1.0: grade reasons and matching priorities became facts rendered
in the reader's language. Reasons written before keep their text, as one
"legacy" finding, so nothing a college recorded is lost."""

from odoo.tools import SQL


def migrate(cr, version):
    if not version:
        return
    for table, old, new in (
        ("mentorship_evaluation", "reasons", "reason_data"),
        ("mentorship_assignment", "priority_reasons", "priority_data"),
    ):
        cr.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
            (table, old),
        )
        if not cr.fetchone():
            continue
        cr.execute(
            SQL(
                """
                UPDATE %(table)s
                   SET %(new)s = jsonb_build_array(jsonb_build_object(
                           'rule', '', 'key', 'legacy',
                           'facts', jsonb_build_object('text', %(old)s)))
                 WHERE %(old)s IS NOT NULL AND %(old)s != '' AND %(new)s IS NULL
                """,
                table=SQL.identifier(table),
                old=SQL.identifier(old),
                new=SQL.identifier(new),
            )
        )
