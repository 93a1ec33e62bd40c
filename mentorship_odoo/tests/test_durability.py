import re
from contextlib import closing

from odoo.sql_db import db_connect
from odoo.tests import TransactionCase

# Databases that scripts/dev.sh creates for a test run and drops afterwards.
THROWAWAY = re.compile(r"^mentorship_odoo_test_\d+(_demo|_demo_restored)?$")
RELAXING = re.compile(r"^(fsync|full_page_writes|synchronous_commit)=(off|false|0|local)$", re.I)


class TestDurability(TransactionCase):
    """The cluster that holds the college's data keeps PostgreSQL's durable
    defaults; only throw-away test databases relax synchronous_commit.

    The test database lives in the same cluster as the data (make test uses
    the cluster of make run), so what this test reads is the data's cluster.
    """

    def test_cluster_settings_are_durable(self):
        cr = self.env.cr
        for name in ("fsync", "full_page_writes"):
            cr.execute("SELECT setting, source FROM pg_settings WHERE name = %s", (name,))
            setting, source = cr.fetchone()
            self.assertEqual(setting, "on", f"{name} is {setting} (from {source}): data at risk")
        # The cluster's own synchronous_commit, as any database without an
        # override of its own (the maintenance database) sees it.
        with closing(db_connect("postgres").cursor()) as pcr:
            pcr.execute("SELECT setting, source FROM pg_settings WHERE name = 'synchronous_commit'")
            setting, source = pcr.fetchone()
        self.assertEqual(setting, "on", f"synchronous_commit is {setting} (from {source})")

    def test_only_throwaway_databases_relax_durability(self):
        cr = self.env.cr
        cr.execute(
            """SELECT coalesce(d.datname, '(every database)'), s.setconfig
                 FROM pg_db_role_setting s LEFT JOIN pg_database d ON d.oid = s.setdatabase"""
        )
        for datname, config in cr.fetchall():
            relaxed = [c for c in config or [] if RELAXING.match(c)]
            if relaxed:
                self.assertRegex(
                    datname, THROWAWAY, f"{datname} holds real data but sets {relaxed}"
                )
        cr.execute("SELECT current_database(), current_setting('synchronous_commit')")
        datname, setting = cr.fetchone()
        if not THROWAWAY.match(datname):
            self.assertEqual(setting, "on", f"{datname} runs with synchronous_commit={setting}")
