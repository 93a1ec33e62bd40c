"""Month-end logging, as Locust users (run by scripts/load/run.py, `make load`).

Each mentor user logs in with its own password on one of the servers of the
plan (sessions are spread over them), then repeatedly opens its quota
progress, logs a handbook entry of a random type that satisfies the
regulation's constraints, and reads it back. One officer refreshes the quota
compliance and, in the second phase of the run, computes the grades of a
term at evaluation.

Every entry carries a token of its own in its note; each entry the server
acknowledged (returned an id for) is written, with its token, to the results
file at the end, so that run.py can compare them with the rows in the
database. A create whose answer was lost (connection refused or reset, 5xx)
is retried with the same token only after looking the token up, so a retry
never stores an entry twice.

The plan (LOAD_PLAN, JSON) is written by run.py: hosts, database, logins,
the mentors' assignments with their students and dormitories, the task types
and guidance areas.
"""

import itertools
import json
import os
import random
import time

from locust import HttpUser, between, events, task
from locust.exception import StopUser

PLAN = json.loads(open(os.environ["LOAD_PLAN"], encoding="utf-8").read())
STARTED = time.monotonic()
_mentor_numbers = itertools.count()
RESULTS = {
    "acknowledged": [],
    "status_5xx": 0,
    "connection_errors": 0,
    "sessions_lost": 0,
    "errors": {},
}

# what each type needs besides the common fields (mentorship.log REQUIRED_BY_TYPE)
TYPES = ("class_meeting", "student_pairing", "talk", "dormitory", "observation", "activity")


class RpcError(Exception):
    """The server answered with a JSON-RPC error (a refusal, not an outage)."""


class Outage(Exception):
    """No answer, or a 5xx: the request may or may not have been done."""


class SessionLost(Outage):
    """The session ended: while its database could not be reached, Odoo
    logged it out. The user logs in again; what was asked may or may not
    have been done."""


@events.request.add_listener
def _count_status(response=None, exception=None, **_kwargs):
    if response is not None and getattr(response, "status_code", 0) >= 500:
        RESULTS["status_5xx"] += 1
    elif exception is not None and (response is None or not response.status_code):
        RESULTS["connection_errors"] += 1


@events.test_stop.add_listener
def _write_results(**_kwargs):
    with open(PLAN["results_file"], "w", encoding="utf-8") as out:
        json.dump(RESULTS, out)


class OdooUser(HttpUser):
    abstract = True
    host = PLAN["hosts"][0]
    wait_time = between(0.2, 1.0)

    def call(self, name, model, method, args, kwargs=None, route="call_kw"):
        """One JSON-RPC call of the web client; returns its result."""
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": random.randrange(1 << 30),
            "params": {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": dict(kwargs or {}, context=self.odoo_context),
            },
        }
        try:
            return self._post(name, f"/web/dataset/{route}/{model}/{method}", payload)
        except SessionLost:
            self.login(*self.credentials)
            raise

    def _post(self, name, path, payload):
        with self.client.post(path, json=payload, name=name, catch_response=True) as response:
            if not response.status_code or response.status_code >= 500:
                response.failure(f"HTTP {response.status_code or 'no answer'}")
                raise Outage(name)
            try:
                body = response.json()
            except ValueError:
                response.failure(f"not JSON (HTTP {response.status_code})")
                raise Outage(name) from None
            if "error" in body:
                data = body["error"].get("data", {})
                message = data.get("message") or body["error"]["message"]
                response.failure(message)
                if data.get("name") == "odoo.http.SessionExpiredException":
                    RESULTS["sessions_lost"] += 1
                    raise SessionLost(name)
                RESULTS["errors"][message] = RESULTS["errors"].get(message, 0) + 1
                raise RpcError(message)
            response.success()
            return body["result"]

    def login(self, login, password):
        self.credentials = (login, password)
        for attempt in range(10):
            try:
                info = self._post(
                    "login",
                    "/web/session/authenticate",
                    {
                        "jsonrpc": "2.0",
                        "method": "call",
                        "params": {"db": PLAN["db"], "login": login, "password": password},
                    },
                )
                break
            except (Outage, RpcError):
                time.sleep(min(2**attempt, 5))
        else:
            raise StopUser()
        self.uid = info["uid"]
        self.odoo_context = {
            "lang": "zh_CN",
            "tz": "Asia/Shanghai",
            "allowed_company_ids": [int(c) for c in info["user_companies"]["allowed_companies"]],
        }


class Mentor(OdooUser):
    weight = 50

    def on_start(self):
        number = next(_mentor_numbers)
        self.mentor = PLAN["mentors"][number % len(PLAN["mentors"])]
        self.client.base_url = PLAN["hosts"][number % len(PLAN["hosts"])]
        self.sequence = itertools.count()
        self.login(self.mentor["login"], PLAN["password"])

    @task(3)
    def open_progress(self):
        try:
            self.call(
                "open progress",
                "mentorship.assignment",
                "web_search_read",
                [[["user_id", "=", self.uid], ["state", "=", "active"]]],
                {
                    "specification": {
                        "name": {},
                        "progress_rate": {},
                        "progress_html": {},
                        "behind_summary": {},
                    }
                },
            )
        except (RpcError, Outage):
            pass

    @task(2)
    def log_entry(self):
        assignment = random.choice(self.mentor["assignments"])
        code = random.choice(TYPES)
        token = f"{PLAN['run']}:{self.mentor['login']}:{next(self.sequence)}"
        values = {
            "assignment_id": assignment["id"],
            "task_type_id": PLAN["task_types"][code],
            "date": PLAN["today"],
            "setting": random.choice(("class", "online", "dormitory")),
            "guidance_area_ids": [[6, 0, random.sample(PLAN["areas"], 2)]],
            "note": token,
        }
        if code in ("class_meeting", "activity"):
            values["topic"] = "月度主题：学风建设"
        elif code in ("student_pairing", "talk"):
            values["student_ids"] = [[6, 0, random.sample(assignment["students"], 2)]]
            if code == "student_pairing":
                values.update(agreed_head_teacher=True, agreed_teachers=True, agreed_league=True)
        elif code == "dormitory":
            values["dormitory_id"] = assignment["dormitory"]
        elif code == "observation":
            values.update(lesson="数学", students_state="认真听讲")
        entry_id = self._create_once(token, values)
        if entry_id:
            try:
                read = self.call(
                    "read back", "mentorship.log", "read", [[entry_id], ["note", "task_code"]]
                )
                if not read or read[0]["note"] != token:
                    RESULTS["errors"]["read back differs"] = (
                        RESULTS["errors"].get("read back differs", 0) + 1
                    )
            except (RpcError, Outage):
                pass

    def _create_once(self, token, values):
        """Create the entry; after an outage, look the token up before trying
        again, so an entry is stored once whatever the network did."""
        for attempt in range(6):
            try:
                if attempt:
                    found = self.call(
                        "look up after outage",
                        "mentorship.log",
                        "search",
                        [[["note", "=", token]]],
                    )
                    if found:
                        RESULTS["acknowledged"].append([token, found[0]])
                        return found[0]
                entry_id = self.call("log entry", "mentorship.log", "create", [values])
                RESULTS["acknowledged"].append([token, entry_id])
                return entry_id
            except RpcError:
                return None
            except Outage:
                time.sleep(min(2**attempt, 8) * random.uniform(0.5, 1.0))
        return None


class Officer(OdooUser):
    fixed_count = 1
    wait_time = between(2, 4)

    def on_start(self):
        self.client.base_url = PLAN["hosts"][0]
        self.login(PLAN["officer"], PLAN["password"])

    @task
    def officer_work(self):
        second_phase = time.monotonic() - STARTED > PLAN["second_phase_after"]
        try:
            if second_phase:
                self.call(
                    "compute grades",
                    "mentorship.term",
                    "action_compute_grades",
                    [[PLAN["evaluation_term"]]],
                    route="call_button",
                )
            else:
                self.call(
                    "refresh compliance",
                    "mentorship.compliance",
                    "action_refresh",
                    [],
                    route="call_button",
                )
        except (RpcError, Outage):
            pass
