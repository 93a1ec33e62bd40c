"""Browser tours against the production server (`make serve`'s settings).

    python scripts/serve_tour.py -c SERVE_CONF -d DATABASE --tour NAME:LOGIN:PATH [...]

Starts Odoo with the production configuration (prefork workers, proxy mode,
no database list) on DATABASE, logs each demo login in over HTTP, and runs
the named web tour in headless Chromium through the DevTools protocol, the
way Odoo's own test runner does it, but against the multi-process server
rather than the test server. A tour passes when the page prints "tour
succeeded"; a failed step, a JavaScript error or a timeout fails it.
Prints one line per tour and "N passed, N failed".
"""

import argparse
import itertools
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import requests
import websocket

PASSWORD = os.environ.get("MENTORSHIP_DEMO_PASSWORD", "mentor")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, timeout=60, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the process behind {url} stopped")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


class DevTools:
    """A page of headless Chromium driven over its DevTools websocket."""

    def __init__(self, chromium):
        self.port = free_port()
        self.profile = tempfile.mkdtemp(prefix="mentorship_chrome_")
        self.process = subprocess.Popen(
            [
                chromium,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--remote-allow-origins=*",
                f"--remote-debugging-port={self.port}",
                f"--user-data-dir={self.profile}",
                "--window-size=1366,900",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_http(f"http://127.0.0.1:{self.port}/json/version", 30, self.process)
        pages = requests.get(f"http://127.0.0.1:{self.port}/json/list", timeout=5).json()
        page = next(p for p in pages if p["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=5)
        self.ids = itertools.count(1)
        self.events = []
        for domain in ("Page", "Runtime", "Network"):
            self.send(f"{domain}.enable")

    def send(self, method, **params):
        message_id = next(self.ids)
        self.ws.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == message_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def poll_events(self, seconds):
        """Events that arrive within ``seconds``."""
        self.ws.settimeout(seconds)
        try:
            while True:
                self.events.append(json.loads(self.ws.recv()))
        except websocket.WebSocketTimeoutException:
            pass
        finally:
            self.ws.settimeout(5)

    def evaluate(self, expression):
        result = self.send(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True
        )
        return result.get("result", {}).get("value")

    def close(self):
        try:
            self.ws.close()
        finally:
            self.process.terminate()
            self.process.wait(10)
            shutil.rmtree(self.profile, ignore_errors=True)


def console_lines(events):
    for event in events:
        if event.get("method") == "Runtime.consoleAPICalled":
            params = event["params"]
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in params["args"])
            yield params["type"], text
        elif event.get("method") == "Runtime.exceptionThrown":
            details = event["params"]["exceptionDetails"]
            yield "exception", details.get("exception", {}).get("description") or details["text"]


def run_tour(base_url, db, chromium, tour, login, path, timeout=120):
    session = requests.Session()
    answer = session.post(
        f"{base_url}/web/session/authenticate",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"db": db, "login": login, "password": PASSWORD},
        },
        timeout=60,
    ).json()
    if "error" in answer or not answer["result"].get("uid"):
        return False, f"login {login} refused"
    browser = DevTools(chromium)
    try:
        browser.send(
            "Network.setCookie",
            name="session_id",
            value=session.cookies["session_id"],
            domain="127.0.0.1",
            path="/",
        )
        separator = "&" if "?" in path else "?"
        browser.send("Page.navigate", url=f"{base_url}{path}{separator}debug=tests")
        deadline = time.monotonic() + 60
        while not browser.evaluate(
            f"!!(window.odoo && odoo.isTourReady && odoo.isTourReady({tour!r}))"
        ):
            if time.monotonic() > deadline:
                return False, "the web client did not become ready"
            browser.poll_events(0.5)
        options = {"stepDelay": 0, "keepWatchBrowser": False, "debug": False, "startUrl": path}
        browser.evaluate(f"odoo.startTour({tour!r}, {json.dumps(options)}); true")
        deadline = time.monotonic() + timeout
        seen = 0
        while time.monotonic() < deadline:
            browser.poll_events(0.5)
            lines = list(console_lines(browser.events))
            for kind, text in lines[seen:]:
                if "tour succeeded" in text:
                    return True, "tour succeeded"
                if kind in ("error", "exception") or text.startswith("FAILED"):
                    return False, text[:400]
            seen = len(lines)
        return False, f"no result within {timeout} s"
    finally:
        browser.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--tour", action="append", required=True, help="NAME:LOGIN:PATH")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--log", required=True)
    args = parser.parse_args()
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            os.environ["ODOO_BIN"],
            "-c",
            args.config,
            "-d",
            args.database,
            f"--db-filter=^{args.database}$",
            f"--http-port={port}",
            f"--gevent-port={free_port()}",
            f"--logfile={args.log}",
        ],
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    passed = failed = 0
    try:
        wait_http(f"{base_url}/web/health", 90, server)
        for spec in args.tour:
            tour, login, path = spec.split(":", 2)
            ok, detail = run_tour(base_url, args.database, args.chromium, tour, login, path)
            print(f"[mentorship]   tour {tour} as {login} on the prefork server: {detail}")
            passed += ok
            failed += not ok
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
    print(f"{passed} passed, {failed} failed: browser tours on the production server")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
