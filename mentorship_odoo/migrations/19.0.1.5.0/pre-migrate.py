"""19.0.1.5.0: a compliance document became an array of integers (a row
``[month, policy quota, done, required, status]`` each) instead of a JSON
document. The documents are derived data: the table of JSON documents goes,
with the view over it, and the module's ``init()`` creates the new table; the
post-migration script measures the assignments under way again."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        SELECT 1 FROM information_schema.columns
         WHERE table_name = 'mentorship_compliance_document' AND column_name = 'rows'
           AND data_type = 'jsonb'
        """
    )
    if cr.fetchone():
        cr.execute("DROP TABLE mentorship_compliance_document CASCADE")
