"""Benchmark of the database work of mentorship_odoo at a chosen scale.

    python scripts/bench.py -c ODOO_CONF -d DATABASE [--scale S] [--runs 5] [--commit] [--json PATH]

Generates a college (mentorship_odoo/tests/college.py) in DATABASE, then
times each operation (median of --runs runs) with its query count, next to a
hand-written SQL anchor measured in the same run (each anchor run right after
one of the operation's), and prints the ratio.
Every run is undone after: with --commit, the generated college is
committed and vacuumed first and each run is a transaction of its own, as a
user's request is; without it, a savepoint of the one transaction. Run it
through ``make bench SCALE=L``, which uses a throw-away database and
--commit.
"""

import argparse
import contextlib
import io
import json
import os
import resource
import statistics
import sys
import time

ANCHOR_SQL = """
    SELECT l.assignment_id, l.task_code, date_trunc('month', l.date) AS month,
           count(DISTINCT l.id), count(DISTINCT r.{student})
      FROM mentorship_log l
 LEFT JOIN {rel} r ON r.{log} = l.id
     WHERE l.term_id = %s
  GROUP BY 1, 2, 3
"""


class Runs:
    """Where each measured run happens. In a committed college (``fresh``),
    every run is a transaction of its own, rolled back after, as a user's
    request is: it starts with nothing of the benchmark's other work pending
    in it. Otherwise (a test's transaction), a savepoint of ``env``'s
    transaction rolled back after."""

    def __init__(self, env, fresh):
        self.env = env
        self.fresh = fresh

    @contextlib.contextmanager
    def transaction(self, rollback=True):
        """An environment for one run, its work undone after when
        ``rollback`` (kept otherwise: committed in a committed college)."""
        if self.fresh:
            with self.env.registry.cursor() as cr:
                yield self.env(cr=cr)
                if rollback:
                    cr.rollback()
                else:
                    cr.commit()
            return
        cr = self.env.cr
        if rollback:
            cr.execute("SAVEPOINT bench_run")
        yield self.env
        if rollback:
            self.env.invalidate_all(flush=False)
            cr.execute("ROLLBACK TO SAVEPOINT bench_run")
        else:
            self.env.flush_all()

    def measure_once(self, function):
        """Seconds and query count of one run of ``function(env)`` with a
        cold cache, its work undone after."""
        with self.transaction() as env:
            env.invalidate_all()
            env.registry.clear_cache()
            cr = env.cr
            before = cr.sql_log_count
            started = time.perf_counter()
            function(env)
            env.flush_all()
            seconds = time.perf_counter() - started
            queries = cr.sql_log_count - before
        return seconds, queries

    def measure(self, function, runs, anchor=None):
        """Median seconds and largest query count of ``function(env)`` over
        ``runs`` runs, and each run's seconds; with ``anchor``, the anchor's
        median and runs too, each of its runs right after one of the
        operation's, so that both see the machine in the same state."""
        times, queries, anchor_times = [], [], []
        for _ in range(runs):
            seconds, count = self.measure_once(function)
            times.append(seconds)
            queries.append(count)
            if anchor:
                anchor_times.append(self.measure_once(anchor)[0])
        return (
            statistics.median(times),
            max(queries),
            statistics.median(anchor_times) if anchor else None,
            times,
            anchor_times,
        )


def run(env, scale, runs, commit=False):
    """The table at ``scale``. With ``commit`` (a throw-away database), the
    generated college is committed and vacuumed first, so that operations
    read data as a college's database holds it, not rows still being
    written by one open transaction, and each run is a transaction of its
    own (see ``Runs``)."""
    from odoo.addons.mentorship_odoo.tests.college import generate_college

    started = time.perf_counter()
    college = generate_college(env, scale, prefix=f"Bench{scale}")
    generated = time.perf_counter() - started
    if commit:
        env.cr.commit()
        with env.registry.cursor() as cr:
            cr._cnx.autocommit = True
            cr._obj.execute("VACUUM ANALYZE")
            cr._cnx.autocommit = False
    else:
        env.cr.execute("ANALYZE")
    company = college["company"]
    env = env(context=dict(env.context, allowed_company_ids=[company.id]))
    runs_in = Runs(env, fresh=commit)
    term_id = college["term"].id
    field = env["mentorship.log"]._fields["student_ids"]
    anchor_sql = ANCHOR_SQL.format(rel=field.relation, log=field.column1, student=field.column2)

    def term_of(env):
        return env["mentorship.term"].sudo().browse(term_id)

    def assignments(env):
        return env["mentorship.assignment"].sudo()

    def anchor(env):
        env.cr.execute(anchor_sql, [term_id])
        env.cr.fetchall()

    def quota(env):
        assignments(env).search([("term_id", "=", term_id)])._quota_progress()

    def kanban(env):
        assignments(env).web_search_read(
            [("term_id", "=", term_id)],
            # the fields of the kanban view (mentorship_assignment_views.xml)
            {
                "behind": {},
                "mentor_name": {},
                "handbook_state": {},
                "class_name": {},
                "department_name": {},
                "progress_rate": {},
                "behind_summary": {},
            },
        )

    def behind(env):
        assignments(env).search([("term_id", "=", term_id), ("behind", "=", True)])

    def compliance(env):
        env["mentorship.compliance"].sudo()._refresh()

    def xlsx_anchor(env):
        import xlsxwriter

        term = term_of(env)
        rows = [
            [
                e.employee_id.name,
                e.department_id.name or "",
                e.class_names or "",
                e.performance_ok,
                e.student_ok,
                e.quantification_ok,
                e.result or "",
                e.reasons or "",
            ]
            for e in term.evaluation_ids
        ]
        workbook = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
        sheet = workbook.add_worksheet(term.name[:31])
        for row, values in enumerate(rows, start=1):
            sheet.write_row(row, 0, values)
        workbook.close()

    def xlsx(env):
        env["ir.actions.report"].sudo()._render_xlsx(
            "mentorship_odoo.term_results_xlsx", [term_id], {}
        )

    results = []

    def record(name, function, anchor_function=anchor):
        seconds, queries, anchor_seconds, times, anchor_times = runs_in.measure(
            function, runs, anchor=anchor_function
        )
        results.append(
            {
                "operation": name,
                "seconds": seconds,
                "queries": queries,
                "anchor_seconds": anchor_seconds,
                "ratio": seconds / anchor_seconds if anchor_seconds else None,
                # every run, in order, to see a warm-up or an outlier
                "run_seconds": times,
                "anchor_run_seconds": anchor_times,
            }
        )

    def keep(function):
        """Run ``function(env)`` once and keep what it did (the state the
        next operations start from)."""
        with runs_in.transaction(rollback=False) as env:
            function(env)

    def regroup(env):
        assignments(env).search([("term_id", "=", term_id)])._group_entries()

    record("entry figures grouped (stored when entries change)", regroup)
    record("quota progress (all assignments of the term)", quota)
    record("kanban (progress of every assignment)", kanban)
    record("'Behind Quota' filter", behind)
    record("compliance build (no rows yet)", compliance)
    keep(compliance)
    record("compliance refresh (rows in place)", compliance)

    def create_entry(env):
        assignment = college["assignments"][:1]
        env["mentorship.log"].with_user(college["mentor_user"]).with_company(company).create(
            {
                "assignment_id": assignment.id,
                "task_type_id": college["task_types"]["class_meeting"],
                "topic": "bench",
                "guidance_area_ids": [(6, 0, college["guidance_areas"][:1].ids)],
            }
        )

    record("create one handbook entry", create_entry, anchor_function=None)
    keep(lambda env: term_of(env).write({"state": "evaluation"}))

    def grades(env):
        env["mentorship.evaluation"]._compute_for_term(term_of(env))

    record("compute grades (first run)", grades)
    keep(grades)
    record("compute grades again (update path)", grades)
    record("term results XLSX", xlsx, anchor_function=xlsx_anchor)
    return {
        "scale": scale,
        "generated_seconds": generated,
        "counts": {
            "classes": len(college["classes"]),
            "mentors": len(college["mentors"]),
            "entries": env["mentorship.log"].sudo().search_count([("term_id", "=", term_id)]),
            "students": env["school.student"]
            .sudo()
            .with_context(active_test=False)
            .search_count([("company_id", "=", company.id)]),
        },
        "runs": runs,
        "cpus": os.cpu_count(),
        # the process's peak resident memory, generation included (kB on Linux)
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "results": results,
    }


def print_table(report):
    counts = report["counts"]
    print(
        f"scale {report['scale']}: {counts['classes']} classes, {counts['students']} students, "
        f"{counts['mentors']} mentors, {counts['entries']} entries "
        f"(generated in {report['generated_seconds']:.1f} s; median of {report['runs']} runs, "
        f"{report['cpus']} CPUs; peak RSS {report['peak_rss_mb']:.0f} MB)"
    )
    print(f"{'operation':48} {'ms':>9} {'queries':>8} {'raw ms':>9} {'ratio':>7}")
    for row in report["results"]:
        anchor = f"{row['anchor_seconds'] * 1000:9.1f}" if row["anchor_seconds"] else f"{'-':>9}"
        ratio = f"{row['ratio']:6.1f}x" if row["ratio"] else f"{'-':>7}"
        print(
            f"{row['operation']:48} {row['seconds'] * 1000:9.1f} {row['queries']:8d} "
            f"{anchor} {ratio}"
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--scale", default="S")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", help="write the table as JSON to this file")
    parser.add_argument(
        "--commit",
        action="store_true",
        help="commit and vacuum the generated college (only in a throw-away database)",
    )
    args = parser.parse_args(argv)

    import odoo
    from odoo.modules.registry import Registry
    from odoo.tools import config

    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        report = run(env, args.scale.upper(), max(1, args.runs), commit=args.commit)
        # nothing more is kept (with --commit, the throw-away database already
        # holds the college and the states the operations started from)
        cr.rollback()
    print_table(report)
    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(report, handle, indent=2)
        print(f"written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
