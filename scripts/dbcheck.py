"""Data checks of scripts/dev.sh: backup round trips and upgrades keep the data.

    dbcheck.py counts SRC DST --filestore DIR [--attachments N]
        every table has as many rows in DST as in SRC, and N attachments of
        the filestore (0: all) are byte for byte the same in both databases.
    dbcheck.py snapshot DB OUT.json
        a fingerprint of the programme's records (applications, handbook
        entries, grades and the rows they hang on), without write_date/write_uid.
    dbcheck.py same BEFORE.json AFTER.json
        the two fingerprints are equal.

Connects with DB_HOST, DB_PORT, DB_USER and DB_PASSWORD (set by dev.sh).
"""

import hashlib
import json
import os
import pathlib
import sys

import psycopg2
from psycopg2 import sql

# Records a college must never lose at an upgrade (R-SEL, R-DUTY, R-EVAL).
KEPT_TABLES = (
    "mentorship_application",
    "mentorship_log",
    "mentorship_evaluation",
    "mentorship_assignment",
    "mentorship_confirmation",
    "mentorship_confirmation_line",
    "mentorship_term",
    "tier_review",
)
VOLATILE_COLUMNS = {"write_date", "write_uid"}


def connect(db):
    return psycopg2.connect(
        dbname=db,
        host=os.environ.get("DB_HOST") or None,
        port=os.environ.get("DB_PORT") or None,
        user=os.environ.get("DB_USER") or None,
        password=os.environ.get("DB_PASSWORD") or None,
    )


def table_counts(cr):
    cr.execute(
        "SELECT table_name FROM information_schema.tables"
        " WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
    )
    counts = {}
    for (table,) in cr.fetchall():
        cr.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        counts[table] = cr.fetchone()[0]
    return counts


def attachments(cr, limit):
    # the programme's own attachments first (statements, evidence), then any
    cr.execute(
        "SELECT id, store_fname, checksum FROM ir_attachment WHERE store_fname IS NOT NULL"
        " ORDER BY (res_model LIKE 'mentorship.%%') DESC, id LIMIT %s",
        (limit or None,),
    )
    return cr.fetchall()


def cmd_counts(src, dst, filestore, limit=5):
    with connect(src) as a, connect(dst) as b, a.cursor() as ca, b.cursor() as cb:
        before, after = table_counts(ca), table_counts(cb)
        diff = {
            t: (before.get(t), after.get(t))
            for t in before.keys() | after.keys()
            if before.get(t) != after.get(t)
        }
        if diff:
            sys.exit(f"row counts differ (table: source, restored): {diff}")
        rows = attachments(ca, limit)
        if not rows:
            sys.exit(f"{src} has no attachment in its filestore to compare")
        cb.execute(
            "SELECT id, store_fname, checksum FROM ir_attachment WHERE id = ANY(%s)",
            ([r[0] for r in rows],),
        )
        restored = {r[0]: r for r in cb.fetchall()}
    root = pathlib.Path(filestore)
    for att_id, fname, checksum in rows:
        if restored.get(att_id) != (att_id, fname, checksum):
            sys.exit(f"attachment {att_id} differs in the restored database")
        old = (root / src / fname).read_bytes()
        new = (root / dst / fname).read_bytes()
        if old != new or hashlib.sha1(new).hexdigest() != checksum:
            sys.exit(f"attachment {att_id} ({fname}) differs byte for byte")
    print(
        f"{len(before)} tables, {sum(before.values())} rows and "
        f"{len(rows)} attachments identical in {src} and {dst}"
    )


def cmd_snapshot(db, out):
    fingerprint = {}
    with connect(db) as cnx, cnx.cursor() as cr:
        for table in KEPT_TABLES:
            cr.execute(
                "SELECT column_name FROM information_schema.columns"
                " WHERE table_schema = 'public' AND table_name = %s ORDER BY column_name",
                (table,),
            )
            columns = [c for (c,) in cr.fetchall() if c not in VOLATILE_COLUMNS]
            if not columns:
                sys.exit(f"{db} has no table {table}")
            cr.execute(
                sql.SQL("SELECT {} FROM {} ORDER BY id").format(
                    sql.SQL(", ").join(map(sql.Identifier, columns)), sql.Identifier(table)
                )
            )
            rows = cr.fetchall()
            digest = hashlib.sha256(repr(rows).encode()).hexdigest()
            fingerprint[table] = {"rows": len(rows), "sha256": digest}
    pathlib.Path(out).write_text(json.dumps(fingerprint, indent=1, sort_keys=True))
    print(", ".join(f"{t}: {v['rows']}" for t, v in fingerprint.items()))


def cmd_same(before, after):
    a = json.loads(pathlib.Path(before).read_text())
    b = json.loads(pathlib.Path(after).read_text())
    changed = sorted(t for t in a.keys() | b.keys() if a.get(t) != b.get(t))
    if changed:
        sys.exit(f"the upgrade changed: {', '.join(changed)}")
    if not a.get("mentorship_application", {}).get("rows"):
        sys.exit("no application to compare: was the demo data loaded?")
    print("applications, handbook entries and grades unchanged by the upgrade")


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["counts"] and len(args) in (5, 7) and args[3] == "--filestore":
        limit = int(args[6]) if len(args) == 7 else 5
        cmd_counts(args[1], args[2], args[4], limit)
    elif args[:1] == ["snapshot"] and len(args) == 3:
        cmd_snapshot(args[1], args[2])
    elif args[:1] == ["same"] and len(args) == 3:
        cmd_same(args[1], args[2])
    else:
        sys.exit(__doc__)
