"""Concurrency invariants, over HTTP against Odoo's multi-process server.

Three races that month end and term end bring:

* two Discipline Committee reviewers approve the same tier of one
  application at the same moment;
* two officers record the same President's Office confirmation as done at
  the same moment;
* a mentor logs a handbook entry while an officer closes the term.

To make the two requests really overlap (not one after the other by
chance), the row both of them must write is held locked by a third
connection until both requests are inside the server and waiting for it;
then the lock is let go. Each race checks: exactly one wins (or, for the
entry, it is stored before the close or refused), the other gets a clean
Chinese message (a JSON-RPC error, never a 5xx or a serialization failure),
and nothing is half done.

The data of each race is made through the ORM as the superuser in a
company of its own, so a race never meets the load college or the demo.
"""

import datetime
import threading
import time

import psycopg2
import requests

PASSWORD = "race-Mentor-2026"


class Client:
    """A logged-in JSON-RPC session of the web client."""

    def __init__(self, url, db):
        self.url, self.db = url, db
        self.session = requests.Session()
        self.context = {}

    def _post(self, path, params):
        response = self.session.post(
            f"{self.url}{path}",
            json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params},
            timeout=120,
        )
        if response.status_code >= 500:
            return {"status": response.status_code, "error": f"HTTP {response.status_code}"}
        body = response.json()
        if "error" in body:
            data = body["error"].get("data", {})
            return {
                "status": response.status_code,
                "error": data.get("message") or body["error"]["message"],
                "kind": data.get("name", ""),
            }
        return {"status": response.status_code, "result": body["result"]}

    def login(self, login, password):
        answer = self._post(
            "/web/session/authenticate", {"db": self.db, "login": login, "password": password}
        )
        if "error" in answer:
            raise RuntimeError(f"login {login}: {answer['error']}")
        info = answer["result"]
        self.uid = info["uid"]
        self.login_name = login
        self.context = {
            "lang": "zh_CN",
            "tz": "Asia/Shanghai",
            "allowed_company_ids": [int(c) for c in info["user_companies"]["allowed_companies"]],
        }
        return self

    def call(self, model, method, args, button=False, context=None):
        route = "call_button" if button else "call_kw"
        return self._post(
            f"/web/dataset/{route}/{model}/{method}",
            {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": {"context": dict(self.context, **(context or {}))},
            },
        )


# ------------------------------------------------------------- the data
def _users(env, company, prefix, groups):
    Users = env["res.users"].with_context(no_reset_password=True)
    users = Users.create(
        [
            {
                "name": f"{prefix}{n}",
                "login": f"{prefix.lower()}_{n}",
                "company_id": company.id,
                "company_ids": [(6, 0, company.ids)],
                "group_ids": [(6, 0, [env.ref(g).id for g in ("base.group_user", *groups)])],
                "lang": "zh_CN",
                "tz": "Asia/Shanghai",
            }
            for n in (1, 2)
        ]
    )
    env.flush_all()
    env.cr.execute(
        "UPDATE res_users SET password = %s WHERE id = ANY(%s)",
        (Users._crypt_context().hash(PASSWORD), users.ids),
    )
    return users


def prepare(env, tag):
    """The records of the three races, in a company named after ``tag``."""
    from odoo.addons.mentorship_odoo.tests.college import generate_college

    # the users work in Chinese
    if not env["res.lang"]._lang_get("zh_CN"):
        env["res.lang"]._activate_lang("zh_CN")
        env["ir.module.module"].search([("name", "=", "mentorship_odoo")])._update_translations(
            ["zh_CN"]
        )

    # the running term at evaluation, with a mentor whose handbook is open
    college = generate_college(env, "XS", prefix=f"RACE{tag}")
    company = college["company"]
    term_closing = college["term"]
    term_closing.write({"state": "evaluation"})
    mentor = college["mentor_user"]
    today = datetime.date.today()
    entry_assignment = college["assignments"].filtered(
        lambda a: a.user_id == mentor
        and a.state == "active"
        and a.date_start <= today <= a.date_end
    )[:1]
    officers = _users(env, company, f"竞态学工{tag}", ["mentorship_odoo.group_mentorship_office"])
    reviewers = _users(
        env, company, f"竞态纪委{tag}", ["mentorship_odoo.group_mentorship_reviewer_discipline"]
    )
    env.cr.execute(
        "UPDATE res_users SET password = (SELECT password FROM res_users WHERE id = %s) "
        "WHERE id = %s",
        (officers[0].id, mentor.id),
    )
    # a term open for applications, far enough ahead for a confirmation on time
    year = today.year + 1
    next_term = env["mentorship.term"].create(
        {
            "academic_year": f"{year}-{year + 1}",
            "term_number": "1",
            "date_start": datetime.date(year, 9, 1),
            "date_end": datetime.date(year + 1, 1, 20),
            "company_id": company.id,
            "state": "application",
        }
    )
    department = env["hr.department"].create({"name": f"竞态系{tag}", "company_id": company.id})
    Employee = env["hr.employee"]

    def applicant(name, login):
        user = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": name,
                    "login": login,
                    "company_id": company.id,
                    "company_ids": [(6, 0, company.ids)],
                    "group_ids": [(6, 0, [env.ref("base.group_user").id])],
                }
            )
        )
        return Employee.create(
            {
                "name": name,
                "user_id": user.id,
                "company_id": company.id,
                "department_id": department.id,
                "mentor_title_level": "associate_senior",
                "mentor_education": "master",
                "mentor_head_teacher_years": 5,
                "birthday": datetime.date(year - 45, 6, 15),
                "mentor_hire_date": datetime.date(2010, 9, 1),
            }
        )

    # an application under review: the applicant submits it as themself
    reviewed = applicant(f"竞态申报{tag}", f"race{tag}_applicant".lower())
    application = (
        env["mentorship.application"]
        .with_user(reviewed.user_id)
        .with_company(company)
        .create(
            {
                "term_id": next_term.id,
                "declare_devotion": True,
                "declare_ethics": True,
                "declare_fitness": True,
                "five_education_specialty": "labour",
                "study_work_history": "2001-2005 山东大学 本科",
                "achievements": "优秀班主任",
            }
        )
    )
    application.with_user(reviewed.user_id).with_company(company).action_submit()
    tier = application.sudo().review_ids.filtered(
        lambda r: r.definition_id
        == env.ref("mentorship_odoo.tier_definition_application_discipline")
    )
    # a reviewed application on a confirmation in draft
    confirmed = applicant(f"竞态认定{tag}", f"race{tag}_confirmed".lower())
    to_confirm = env["mentorship.application"].create(
        {"employee_id": confirmed.id, "term_id": next_term.id, "state": "reviewed"}
    )
    confirmation = env["mentorship.confirmation"].create(
        {
            "term_id": next_term.id,
            "meeting_date": today,
            "line_ids": [(0, 0, {"application_id": to_confirm.id, "decision": "approve"})],
        }
    )
    env.cr.commit()
    env.registry.signal_changes()
    return {
        "officers": officers.mapped("login"),
        "reviewers": reviewers.mapped("login"),
        "mentor": mentor.login,
        "application": application.id,
        "tier": tier.id,
        "confirmation": confirmation.id,
        "confirmed_application": to_confirm.id,
        "term_closing": term_closing.id,
        "entry": {
            "assignment_id": entry_assignment.id,
            "task_type_id": college["task_types"]["class_meeting"],
            "date": str(today),
            "setting": "class",
            "topic": "竞态：期末主题班会",
            "guidance_area_ids": [(6, 0, college["guidance_areas"][:1].ids)],
        },
    }


# ------------------------------------------------------------- the races
class RowLock:
    """Holds one row locked from a connection of its own until released,
    and tells how many of the database's sessions wait for a lock."""

    def __init__(self, dsn, db, table, row_id):
        self.connection = psycopg2.connect(dsn)
        self.db = db
        cursor = self.connection.cursor()
        cursor.execute(f"SELECT id FROM {table} WHERE id = %s FOR UPDATE", (row_id,))

    def waiting(self):
        with psycopg2.connect(self.connection.dsn) as watcher, watcher.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                "AND wait_event_type = 'Lock'",
                (self.db,),
            )
            return cursor.fetchone()[0]

    def wait_for(self, count, timeout=15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.waiting() >= count:
                return True
            time.sleep(0.05)
        return False

    def release(self):
        self.connection.rollback()
        self.connection.close()


def _in_thread(results, key, function):
    def target():
        started = time.monotonic()
        results[key] = function()
        results[key]["seconds"] = time.monotonic() - started
        results[key]["finished"] = time.monotonic()

    thread = threading.Thread(target=target)
    thread.start()
    return thread


def _race(env, lock, calls, waiting=2):
    """Send ``calls`` (key -> function) at once, let the held row go once
    ``waiting`` requests wait for it, and read the outcome afresh.
    Returns the answers, whether the requests overlapped, and the answers
    that won and lost."""
    results = {}
    threads = [_in_thread(results, key, call) for key, call in calls.items()]
    overlapped = lock.wait_for(waiting)
    lock.release()
    for thread in threads:
        thread.join()
    env.cr.rollback()
    env.invalidate_all()
    winners = [r for r in results.values() if "error" not in r]
    losers = [r for r in results.values() if "error" in r]
    return results, overlapped, winners, losers


def _clean(answer):
    """A refusal a user can read: a JSON-RPC error in Chinese, no 5xx, no
    database error."""
    if answer["status"] >= 500:
        return False
    message = answer.get("error", "")
    return (
        answer.get("kind", "").startswith("odoo.exceptions.")
        # in the users' language: mostly Chinese, not an English text with a name in it
        and sum("\u4e00" <= ch <= "\u9fff" for ch in message) >= 0.3 * len(message.replace(" ", ""))
        and not any(
            word in message.lower() for word in ("serializ", "psycopg2", "traceback", "deadlock")
        )
    )


def race_two_reviewers(env, urls, db, data, dsn):
    first, second = (Client(urls[i % len(urls)], db) for i in range(2))
    first.login(data["reviewers"][0], PASSWORD)
    second.login(data["reviewers"][1], PASSWORD)
    wizards = []
    for client in (first, second):
        action = client.call("mentorship.application", "validate_tier", [[data["application"]]])
        if "error" in action:
            raise RuntimeError(f"opening the approval as {client.login_name}: {action['error']}")
        created = client.call(
            "comment.wizard", "create", [{"comment": "同意"}], context=action["result"]["context"]
        )
        wizards.append(created["result"])
    lock = RowLock(dsn, db, "tier_review", data["tier"])
    _results, overlapped, winners, losers = _race(
        env,
        lock,
        {
            key: lambda c=client, w=wizard: c.call(
                "comment.wizard", "add_comment", [[w]], button=True
            )
            for key, client, wizard in (("a", first, wizards[0]), ("b", second, wizards[1]))
        },
    )
    tier = env["tier.review"].browse(data["tier"])
    ok = (
        len(winners) == 1
        and len(losers) == 1
        and _clean(losers[0])
        and tier.status == "approved"
        and tier.done_by.login in data["reviewers"]
    )
    return {
        "name": "two reviewers approve the same tier",
        "verdict": "ok" if ok else "FAILED",
        "overlapped": overlapped,
        "detail": f"winner approved ({tier.status} by {tier.done_by.login}); the other was told: "
        f"{losers[0]['error'] if losers else '(nothing)'}",
    }


def race_two_officers(env, urls, db, data, dsn):
    clients = [Client(urls[i % len(urls)], db).login(data["officers"][i], PASSWORD) for i in (0, 1)]
    lock = RowLock(dsn, db, "mentorship_confirmation", data["confirmation"])
    _results, overlapped, winners, losers = _race(
        env,
        lock,
        {
            key: lambda c=client: c.call(
                "mentorship.confirmation", "action_done", [[data["confirmation"]]], button=True
            )
            for key, client in zip("ab", clients, strict=True)
        },
    )
    confirmation = env["mentorship.confirmation"].browse(data["confirmation"])
    application = env["mentorship.application"].browse(data["confirmed_application"])
    ok = (
        len(winners) == 1
        and len(losers) == 1
        and _clean(losers[0])
        and confirmation.state == "done"
        and bool(confirmation.document_number)
        and application.state == "confirmed"
    )
    return {
        "name": "two officers record the same confirmation",
        "verdict": "ok" if ok else "FAILED",
        "overlapped": overlapped,
        "detail": f"confirmation {confirmation.state} as {confirmation.document_number}, "
        f"application {application.state}; the other was told: "
        f"{losers[0]['error'] if losers else '(nothing)'}",
    }


def race_entry_while_closing(env, urls, db, data, dsn):
    officer = Client(urls[0], db).login(data["officers"][0], PASSWORD)
    mentor = Client(urls[-1], db).login(data["mentor"], PASSWORD)
    lock = RowLock(dsn, db, "mentorship_term", data["term_closing"])
    results = {}
    threads = [
        _in_thread(
            results,
            "close",
            lambda: officer.call(
                "mentorship.term", "action_close", [[data["term_closing"]]], button=True
            ),
        )
    ]
    lock.wait_for(1)
    threads.append(
        _in_thread(
            results, "entry", lambda: mentor.call("mentorship.log", "create", [data["entry"]])
        )
    )
    overlapped = lock.wait_for(2, timeout=5)
    entry_before_release = "entry" in results
    lock.release()
    for thread in threads:
        thread.join()
    env.cr.rollback()
    env.invalidate_all()
    term = env["mentorship.term"].browse(data["term_closing"])
    entry, close = results["entry"], results["close"]
    stored = env["mentorship.log"].search_count(
        [
            ("assignment_id", "=", data["entry"]["assignment_id"]),
            ("topic", "=", data["entry"]["topic"]),
        ]
    )
    if "error" in entry:
        # refused: the close went first, and the mentor was told so
        ok = _clean(entry) and stored == 0
        outcome = f"entry refused: {entry['error']}"
    else:
        # stored: only if it was done before the close
        ok = stored == 1 and (entry_before_release or entry["finished"] <= close["finished"])
        outcome = "entry stored before the close"
    ok = ok and "error" not in close and term.state == "closed"
    return {
        "name": "a mentor logs while an officer closes the term",
        "verdict": "ok" if ok else "FAILED",
        "overlapped": overlapped,
        "detail": f"term {term.state}; {outcome}",
    }


def prepare_all(env, tag=None):
    tag = tag or f"T{datetime.datetime.now():%H%M%S}"
    return prepare(env, "".join(ch for ch in tag if ch.isalnum())[-8:].upper() or "T")


def run_all(env, urls, db, tag=None, data=None):
    """Prepare (unless done) and run the three races; return their verdicts."""
    data = data or prepare_all(env, tag)
    params = env.cr.connection.get_dsn_parameters()
    dsn = " ".join(f"{k}={v}" for k, v in params.items() if k in ("host", "port", "user", "dbname"))
    return [
        race(env, urls, db, data, dsn)
        for race in (race_two_reviewers, race_two_officers, race_entry_while_closing)
    ]
