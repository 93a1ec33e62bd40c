"""19.0.1.4.0: quota compliance became a report (a database view) over one
document of rows per assignment, instead of a table with one record per
row. The table goes, and with it the assignment's stamp of what its rows
were computed from (the stamp now lies next to the document): the rows are
derived data, rebuilt by the first refresh after the upgrade (the nightly
one, or the office's button), which measures every assignment once."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("SELECT 1 FROM pg_class WHERE relname = 'mentorship_compliance' AND relkind = 'r'")
    if cr.fetchone():
        cr.execute("DROP TABLE mentorship_compliance CASCADE")
    cr.execute("ALTER TABLE mentorship_assignment DROP COLUMN IF EXISTS compliance_fingerprint")
    cr.execute("ALTER TABLE mentorship_assignment DROP COLUMN IF EXISTS compliance_rows")
