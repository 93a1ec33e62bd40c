"""19.0.1.4.0: quota compliance became a report (a database view) over the
rows each assignment stores as one document, instead of a table with one
record per row. The table goes; its rows are derived data, rebuilt by the
first refresh after the upgrade (the nightly one, or the office's button),
which measures every assignment once because their stamps are cleared."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("SELECT 1 FROM pg_class WHERE relname = 'mentorship_compliance' AND relkind = 'r'")
    if cr.fetchone():
        cr.execute("DROP TABLE mentorship_compliance CASCADE")
    cr.execute("UPDATE mentorship_assignment SET compliance_fingerprint = NULL")
