"""Faults injected in the middle of a load run (`make load FAULT=...`).

* ``pg-restart``: PostgreSQL is restarted (fast shutdown, then start);
* ``worker-kill``: one HTTP worker of the first server gets SIGKILL (Odoo's
  prefork server starts a new one);
* ``server-restart``: every Odoo server of the run is stopped and started
  again on the same port (sessions live in the data directory).

A probe session (the officer's login) asks the server for a record every
quarter of a second from the fault on; the outage lasts until the first
answer after the fault. The fault's timeline, the outage and whether the
server came back by itself within 30 s go into the report.
"""

import os
import signal
import subprocess
import threading
import time

RECOVERY_LIMIT = 30.0


class Fault:
    def __init__(self, kind, servers, clock, seconds):
        self.kind, self.servers, self.clock = kind, servers, clock
        self.at = seconds / 2
        self.timeline = []
        self.outage = None
        self.recovered = False
        self.thread = threading.Thread(target=self._run, daemon=True)

    def note(self, event):
        self.timeline.append((time.monotonic() - self.clock, event))

    def _run(self):
        from races import Client

        plan_db = self.servers[0].db
        probe = Client(self.servers[0].url, plan_db)
        time.sleep(max(0.0, self.at - (time.monotonic() - self.clock)))
        login, password = os.environ["LOAD_PROBE_LOGIN"], os.environ["LOAD_PROBE_PASSWORD"]
        probe.login(login, password)
        started = time.monotonic()
        self.note(f"fault: {self.kind}")
        getattr(self, "_" + self.kind.replace("-", "_"))()
        self.note("fault injected")
        while time.monotonic() - started < 120:
            try:
                answer = probe.call("res.users", "read", [[probe.uid], ["login"]])
                if "result" in answer:
                    self.outage = time.monotonic() - started
                    self.note("the server answers again")
                    break
            except (OSError, ValueError):  # refused, reset or not JSON while it is down
                pass
            time.sleep(0.25)
        self.recovered = self.outage is not None and self.outage <= RECOVERY_LIMIT

    def _pg_restart(self):
        command = os.environ.get("LOAD_PG_RESTART")
        if not command:
            raise RuntimeError("pg-restart needs the local cluster (LOAD_PG_RESTART)")
        subprocess.run(["bash", "-c", command], check=True, capture_output=True)
        self.note("PostgreSQL restarted (fast shutdown, then start)")

    def _worker_kill(self):
        server = self.servers[0]
        # the evented (websocket) process is started with the argument "gevent";
        # HTTP workers are forks of the server and carry its own arguments
        workers = [pid for pid in server.worker_pids() if "gevent" not in _arguments(pid)]
        os.kill(workers[0], signal.SIGKILL)
        self.note(f"SIGKILL to worker {workers[0]} of the server on port {server.port}")

    def _server_restart(self):
        for server in self.servers:
            server.stop()
            self.note(f"the server on port {server.port} stopped")
        for server in self.servers:
            server.start()
            self.note(f"the server on port {server.port} started again")

    def report(self, operations):
        failed = sum(row["failures"] for name, row in operations.items() if name != "Aggregated")
        return {
            "fault": self.kind,
            "timeline": [(round(t, 1), event) for t, event in self.timeline],
            "outage_seconds": self.outage if self.outage is not None else float("inf"),
            "failed_requests": failed,
            "recovered_within_30s": self.recovered,
        }


def _arguments(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().decode().split("\0")
    except OSError:
        return []


def inject(kind, servers, clock, seconds):
    fault = Fault(kind, servers, clock, seconds)
    fault.thread.start()
    return fault
