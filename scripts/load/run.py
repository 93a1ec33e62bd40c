"""Load test of mentorship_odoo on Odoo's multi-process server (`make load`).

    python scripts/load/run.py -c ODOO_CONF -d DATABASE --locust PATH
        [--topology one|two|both] [--users 50] [--seconds 60]
        [--fault none|pg-restart|worker-kill|server-restart] [--races-only]

In DATABASE (a throw-away database with the addon installed, made by
scripts/dev.sh), it generates a college through the ORM
(mentorship_odoo/tests/college.py) with one login per mentor, an officer and
a second college whose term is at evaluation; then, for each topology, it
starts Odoo's prefork server(s) on loopback ports sharing the database and
the data directory, runs Locust headless (scripts/load/locustfile.py) for
--seconds, runs the concurrency invariants (scripts/load/races.py), stops
the servers and prints the report: requests, throughput, p50/p95/p99 per
operation, 5xx count, and the acknowledged writes against the rows in the
database. The report is also written as JSON under .local/load/.
With --fault, one fault is injected in the middle of the run (see
scripts/load/faults.py) and the report adds its timeline.
"""

import argparse
import csv
import datetime
import json
import os
import pathlib
import signal
import socket
import subprocess
import sys
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts" / "load"))

PASSWORD = "load-Mentor-2026"
TOPOLOGIES = {"one": [4], "two": [2, 2]}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ------------------------------------------------------------------ the data
def prepare(env, mentors):
    """The load college (running term, one login per mentor), the officer
    and a second college at evaluation for the grades. Returns the plan."""
    from odoo.addons.mentorship_odoo.tests.college import generate_college

    college = generate_college(env, (4, 2 * mentors, 30, mentors, 20 * mentors), prefix="LOAD")
    grading = generate_college(env, (2, 20, 20, 10, 300), prefix="GRADE")
    grading["term"].write({"state": "evaluation"})
    Users = env["res.users"].with_context(no_reset_password=True)
    staff = [env.ref("base.group_user").id, env.ref("mentorship_odoo.group_mentorship_user").id]
    company = college["company"]
    without_user = college["mentors"].filtered(lambda m: not m.user_id)
    new_users = Users.create(
        [
            {
                "name": employee.name,
                "login": f"load_mentor_{n:03}",
                "company_id": company.id,
                "company_ids": [(6, 0, company.ids)],
                "group_ids": [(6, 0, staff)],
                "lang": "zh_CN",
                "tz": "Asia/Shanghai",
            }
            for n, employee in enumerate(without_user, start=1)
        ]
    )
    for employee, user in zip(without_user, new_users, strict=True):
        employee.user_id = user
    companies = college["company"] | grading["company"]
    officer = Users.create(
        {
            "name": "负载测试学生工作处",
            "login": "load_officer",
            "company_id": company.id,
            "company_ids": [(6, 0, companies.ids)],
            "group_ids": [(6, 0, [*staff, env.ref("mentorship_odoo.group_mentorship_office").id])],
            "lang": "zh_CN",
            "tz": "Asia/Shanghai",
        }
    )
    users = college["mentors"].user_id | officer
    # one hash for every load login (same password): hashing each would take
    # most of the preparation
    env.flush_all()
    env.cr.execute(
        "UPDATE res_users SET password = %s WHERE id = ANY(%s)",
        (Users._crypt_context().hash(PASSWORD), users.ids),
    )
    today = college["term"].date_start.__class__.today()
    plan_mentors = []
    for employee in college["mentors"]:
        assignments = college["assignments"].filtered(
            lambda a, e=employee: a.employee_id == e
            and a.state == "active"
            and a.date_start <= today <= a.date_end
        )
        if not assignments:
            continue
        plan_mentors.append(
            {
                "login": employee.user_id.login,
                "assignments": [
                    {
                        "id": a.id,
                        "students": a.class_id.student_ids.ids,
                        "dormitory": a.class_id.dormitory_ids[:1].id,
                    }
                    for a in assignments
                ],
            }
        )
    return {
        "db": env.cr.dbname,
        "today": str(today),
        "password": PASSWORD,
        "officer": officer.login,
        "mentors": plan_mentors,
        "company": company.id,
        "term": college["term"].id,
        "evaluation_term": grading["term"].id,
        "task_types": college["task_types"],
        "areas": college["guidance_areas"].ids,
    }


# --------------------------------------------------------------- the servers
class Server:
    """One Odoo prefork server process on loopback."""

    def __init__(self, conf, db, workers, log_dir, http_port=None):
        self.conf, self.db, self.workers = conf, db, workers
        self.port = http_port or free_port()
        self.gevent_port = free_port()
        self.log = log_dir / f"server-{self.port}.log"
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        odoo_bin = os.environ["ODOO_BIN"]
        self.process = subprocess.Popen(
            [
                sys.executable,
                odoo_bin,
                "-c",
                self.conf,
                "-d",
                self.db,
                f"--db-filter=^{self.db}$",
                f"--http-port={self.port}",
                f"--gevent-port={self.gevent_port}",
                f"--workers={self.workers}",
                "--max-cron-threads=0",
                "--limit-time-real=300",
                "--limit-time-cpu=240",
                "--no-database-list",
                f"--logfile={self.log}",
                "--log-level=warn",
            ],
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        return self

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server on port {self.port} stopped; log: {self.log}")
            try:
                with urllib.request.urlopen(f"{self.url}/web/health", timeout=2) as answer:
                    if answer.status == 200:
                        return time.monotonic()
            except OSError:
                pass
            time.sleep(0.25)
        raise RuntimeError(f"the server on port {self.port} did not answer within {timeout} s")

    def worker_pids(self):
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.process.pid)],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        return [int(pid) for pid in out.split()]

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def warm_up(servers, plan):
    """Load the registry in every worker before the clock starts."""
    from races import Client

    for server in servers:
        for _ in range(server.workers * 2):
            Client(server.url, plan["db"]).login(plan["officer"], plan["password"])


# -------------------------------------------------------------- the run
def run_locust(args, plan, servers, out_dir, run):
    plan = dict(
        plan,
        run=run,
        hosts=[s.url for s in servers],
        results_file=str(out_dir / f"{run}-results.json"),
        second_phase_after=args.seconds / 2,
    )
    plan_file = out_dir / f"{run}-plan.json"
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    users = len(plan["mentors"]) + 1
    command = [
        args.locust,
        "-f",
        str(ROOT / "scripts" / "load" / "locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(max(10, users // 5)),
        "--run-time",
        f"{args.seconds}s",
        "--stop-timeout",
        "30",
        "--csv",
        str(out_dir / run),
        "--only-summary",
        "--loglevel",
        "ERROR",
        "--exit-code-on-error",
        "0",
    ]
    env = dict(os.environ, LOAD_PLAN=str(plan_file))
    started = time.monotonic()
    process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL)
    return process, started


def read_stats(out_dir, run):
    rows = {}
    with open(out_dir / f"{run}_stats.csv", encoding="utf-8") as stats:
        for row in csv.DictReader(stats):
            rows[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50": float(row["50%"] or 0),
                "p95": float(row["95%"] or 0),
                "p99": float(row["99%"] or 0),
            }
    return rows


def check_writes(env, run, results):
    """Every acknowledged entry is in the database, once, with its token."""
    env.cr.rollback()
    env.cr.execute(
        "SELECT note, array_agg(id) FROM mentorship_log WHERE note LIKE %s GROUP BY note",
        (f"{run}:%",),
    )
    stored = dict(env.cr.fetchall())
    acknowledged = dict(results["acknowledged"])
    lost = sorted(t for t, entry_id in acknowledged.items() if entry_id not in stored.get(t, []))
    duplicated = sorted(t for t, ids in stored.items() if len(ids) > 1)
    return {
        "acknowledged": len(acknowledged),
        "rows": sum(len(ids) for ids in stored.values()),
        "lost": len(lost),
        "duplicated": len(duplicated),
        "unacknowledged_rows": len(set(stored) - set(acknowledged)),
        "lost_tokens": lost[:10],
    }


def print_report(report):
    line = "| {:<22} | {:>8} | {:>8} | {:>7} | {:>7} | {:>7} | {:>7} |"
    print()
    print(
        f"== load: {report['topology']} ({report['servers']}), {report['users']} users, "
        f"{report['seconds']} s" + (f", fault {report['fault']}" if report.get("fault") else "")
    )
    print(line.format("operation", "requests", "failures", "req/s", "p50 ms", "p95 ms", "p99 ms"))
    print(line.format("-" * 22, *["-" * 8] * 2, *["-" * 7] * 4))
    for name, row in report["operations"].items():
        print(
            line.format(
                name,
                row["requests"],
                row["failures"],
                f"{row['rps']:.1f}",
                f"{row['p50']:.0f}",
                f"{row['p95']:.0f}",
                f"{row['p99']:.0f}",
            )
        )
    writes = report["writes"]
    print(
        f"5xx: {report['status_5xx']}, connection errors: {report['connection_errors']}, "
        f"sessions ended (logged in again): {report['sessions_lost']}; "
        f"writes acknowledged: {writes['acknowledged']}, rows in the database: {writes['rows']}, "
        f"lost: {writes['lost']}, duplicated: {writes['duplicated']}, "
        f"stored but unacknowledged: {writes['unacknowledged_rows']}"
    )
    if report["errors"]:
        print("refusals and errors seen by the clients:")
        for message, count in sorted(report["errors"].items(), key=lambda item: -item[1])[:8]:
            print(f"  {count:>5} × {message[:140]}")
    for race in report.get("races", []):
        print(f"race: {race['name']}: {race['verdict']} — {race['detail']}")
    if report.get("fault"):
        for moment, event in report["timeline"]:
            print(f"  t={moment:6.1f} s  {event}")
        print(
            f"outage: {report['outage_seconds']:.1f} s; requests failed during the run: "
            f"{report['failed_requests']}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--locust", required=True)
    parser.add_argument("--topology", choices=("one", "two", "both"), default="both")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument(
        "--fault", choices=("none", "pg-restart", "worker-kill", "server-restart"), default="none"
    )
    parser.add_argument("--races-only", action="store_true")
    parser.add_argument("--out", default=str(ROOT / ".local" / "load"))
    args = parser.parse_args()

    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    out_dir = pathlib.Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    registry = Registry(args.database)
    import races

    failed = False
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if args.races_only:
            # the data first, so the server starts with it (languages included)
            data = races.prepare_all(env)
            server = Server(args.config, args.database, 2, out_dir).start()
            try:
                server.wait_ready()
                results = races.run_all(env, [server.url], args.database, data=data)
            finally:
                server.stop()
            for race in results:
                print(f"race: {race['name']}: {race['verdict']} — {race['detail']}")
            failed = any(race["verdict"] != "ok" for race in results)
            print(
                f"{sum(r['verdict'] == 'ok' for r in results)} passed, "
                f"{sum(r['verdict'] != 'ok' for r in results)} failed: concurrency invariants"
            )
            sys.exit(1 if failed else 0)
        started = time.monotonic()
        plan = prepare(env, args.users)
        cr.commit()
        print(
            f"[load] college generated in {time.monotonic() - started:.0f} s: "
            f"{len(plan['mentors'])} mentors with an open assignment today"
        )
        topologies = ["one", "two"] if args.topology == "both" else [args.topology]
        for topology in topologies:
            run = f"{topology}-{datetime.datetime.now():%H%M%S}"
            servers = [
                Server(args.config, args.database, workers, out_dir).start()
                for workers in TOPOLOGIES[topology]
            ]
            fault = None
            try:
                for server in servers:
                    server.wait_ready()
                warm_up(servers, plan)
                process, clock = run_locust(args, plan, servers, out_dir, run)
                if args.fault != "none":
                    from faults import inject

                    os.environ.update(
                        LOAD_PROBE_LOGIN=plan["officer"], LOAD_PROBE_PASSWORD=plan["password"]
                    )
                    fault = inject(args.fault, servers, clock, args.seconds)
                process.wait()
                if fault:
                    fault.thread.join(150)
                results = json.loads((out_dir / f"{run}-results.json").read_text("utf-8"))
                # a cursor of its own: the one above may have lived through a
                # restart of PostgreSQL
                with registry.cursor() as check_cr:
                    check_env = odoo.api.Environment(check_cr, odoo.SUPERUSER_ID, {})
                    writes = check_writes(check_env, run, results)
                    race_results = races.run_all(
                        check_env, [s.url for s in servers], args.database, run
                    )
            finally:
                for server in servers:
                    server.stop()
            operations = read_stats(out_dir, run)
            report = {
                "topology": topology,
                "servers": " + ".join(f"{w} workers" for w in TOPOLOGIES[topology]),
                "users": len(plan["mentors"]) + 1,
                "seconds": args.seconds,
                "operations": operations,
                "status_5xx": results["status_5xx"],
                "connection_errors": results["connection_errors"],
                "sessions_lost": results["sessions_lost"],
                "errors": results["errors"],
                "writes": writes,
                "races": race_results,
                "machine": f"{os.cpu_count()} cores",
            }
            if fault:
                report.update(fault.report(operations))
            print_report(report)
            (out_dir / f"load-{topology}{'-' + args.fault if fault else ''}.json").write_text(
                json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8"
            )
            ok = writes["lost"] == 0 and writes["duplicated"] == 0
            ok = ok and all(r["verdict"] == "ok" for r in race_results)
            if fault:
                ok = ok and fault.recovered
            else:
                ok = ok and results["status_5xx"] == 0
            failed = failed or not ok
            print(f"[load] {topology}: {'PASS' if ok else 'FAIL'}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
