#!/usr/bin/env python3
"""A minimal AWS Lambda Runtime API on a loopback port, to time a function's bootstrap.

First, --warm-up untimed invocations in a process of their own warm the backend. Then,
for each of --cold-runs fresh processes: starts the bootstrap with the Lambda environment,
hands it the event, and records the monotonic time from spawn to the first response (cold),
then hands it --warm more events and records, for each, the time from handing out the event
to receiving its response (warm). Every response must have statusCode --expect-status and a
JSON body with the --expect-json fields. Prints the figures, and writes them as JSON to
--json-out. Standard library only.

Also recorded per process, as Lambda reports "Max Memory Used" and bills CPU-bound time: the
peak resident memory (VmHWM) after the last invocation, and the CPU time of all its threads
(from /proc/<pid>/task/*/schedstat) at the first response and after the warm invocations; and
the bytes it logged per invocation (what CloudWatch Logs would ingest from the function).

The event may contain placeholders: @@N@@ becomes the invocation's number (unique across the
whole run), and @@<field>@@ the string <field> of the JSON body answered to --prelude-event
(invoked once, in a process of its own, --prelude-wait seconds before the runs; e.g. a form
token that must be a few seconds old). --fake-ses answers Amazon SES v2 calls on a loopback
port (AWS_ENDPOINT_URL_SESV2) with a message id, and counts them.

Runtime API served (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html):
  GET  /2018-06-01/runtime/invocation/next
  POST /2018-06-01/runtime/invocation/{id}/response
  POST /2018-06-01/runtime/invocation/{id}/error    (recorded as a failure)
  POST /2018-06-01/runtime/init/error               (recorded as a failure)
"""

import argparse
import base64
import http.server
import itertools
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import uuid

from lambda_measures import check_response, cpu_ms, peak_rss_kib, percentile, summarize, tail

PREFIX = "/2018-06-01/runtime"
FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:content"
INVOCATION_TIMEOUT_S = 30.0


class Runtime:
    """The Runtime API of one function process, on its own port, so that nothing a previous
    process left (such as a pending GET .../next) can reach the next one."""

    def __init__(self):
        self.events = queue.Queue()  # (request_id, body bytes) to hand out; None ends a poll
        self.results = queue.Queue()  # ("response" | "error" | "init_error", id, body, t)
        self.handed_at = {}  # request_id -> monotonic time the event was written
        self.first_next_at = None  # monotonic time of the first GET .../next
        self.lock = threading.Lock()
        handler = type("BoundHandler", (Handler,), {"runtime": self})
        self.server = Server(("127.0.0.1", 0), handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.events.put(None)  # releases a poll the ended process left pending


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A connection cut by the end of the function process is expected; others are not.
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the Rust runtime client expects
    disable_nagle_algorithm = True  # headers and body go out at once, as from Lambda
    runtime: Runtime = None  # set on the subclass

    def log_message(self, format, *args):  # quiet
        pass

    def _read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _reply(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)
        self.wfile.flush()

    def do_GET(self):
        if self.path != PREFIX + "/invocation/next":
            self._reply(404, b'{"errorMessage":"not found"}')
            return
        now = time.monotonic()
        with self.runtime.lock:
            if self.runtime.first_next_at is None:
                self.runtime.first_next_at = now
        # Long poll, as Lambda does: block until the driver queues an event.
        item = self.runtime.events.get()
        if item is None:
            self.close_connection = True
            return
        request_id, event = item
        deadline_ms = int(time.time() * 1000) + 30_000
        trace = "Root=1-%08x-%s;Parent=%s;Sampled=0" % (
            int(time.time()), uuid.uuid4().hex[:24], uuid.uuid4().hex[:16])
        with self.runtime.lock:
            self.runtime.handed_at[request_id] = time.monotonic()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Lambda-Runtime-Aws-Request-Id", request_id)
        self.send_header("Lambda-Runtime-Deadline-Ms", str(deadline_ms))
        self.send_header("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN)
        self.send_header("Lambda-Runtime-Trace-Id", trace)
        self.send_header("Content-Length", str(len(event)))
        self.end_headers()
        self.wfile.write(event)
        self.wfile.flush()

    def do_POST(self):
        body = self._read_body()
        now = time.monotonic()
        parts = self.path[len(PREFIX):].strip("/").split("/") if self.path.startswith(PREFIX) else []
        if parts == ["init", "error"]:
            kind, request_id = "init_error", None
        elif len(parts) == 3 and parts[0] == "invocation" and parts[2] in ("response", "error"):
            kind, request_id = parts[2], parts[1]
        else:
            self._reply(404, b'{"errorMessage":"not found"}')
            return
        self._reply(202, b'{"status":"OK"}', [("Content-Type", "application/json")])
        self.runtime.results.put((kind, request_id, body, now))


class FakeSes:
    """Answers every Amazon SES v2 call (SendEmail) with a message id, on a loopback port."""

    def __init__(self):
        self.calls = 0
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, format, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                outer.calls += 1
                body = json.dumps({"MessageId": str(uuid.uuid4())}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


COUNTER = itertools.count(1)


def render(template, fields):
    """The event for one invocation: @@N@@ numbered, @@<field>@@ from the prelude."""
    text = template.replace(b"@@N@@", str(next(COUNTER)).encode())
    for key, value in fields.items():
        text = text.replace(("@@%s@@" % key).encode(), value.encode())
    return text


def one_process(args, event, run_index, warm, fields=None, capture=None):
    """One fresh process: the cold invocation, then `warm` warm ones. Returns its figures.
    `event` is a template (see render); with `capture`, returns the JSON body of the cold answer."""
    fields = fields or {}
    runtime = Runtime()
    port = runtime.port
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "en_US.UTF-8",
        "TZ": ":UTC",
        "AWS_LAMBDA_RUNTIME_API": "127.0.0.1:%d" % port,
        "AWS_LAMBDA_FUNCTION_NAME": args.function_name,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256",
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/content",
        "AWS_LAMBDA_LOG_STREAM_NAME": "local/%s" % run_index,
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
    }
    for pair in args.env:
        key, _, value = pair.partition("=")
        env[key] = value
    cold_id = str(uuid.uuid4())
    runtime.events.put((cold_id, render(event, fields)))  # queued first: /next answers at once
    log_path = os.path.join(args.log_dir, "bootstrap-%s.log" % run_index)
    with open(log_path, "wb") as log:
        started = time.monotonic()
        process = subprocess.Popen([args.bootstrap], env=env, stdin=subprocess.DEVNULL,
                                   stdout=log, stderr=subprocess.STDOUT,
                                   cwd=os.path.dirname(args.bootstrap))
    try:
        def wait_result(request_id):
            deadline = time.monotonic() + INVOCATION_TIMEOUT_S
            while True:
                try:
                    kind, rid, body, at = runtime.results.get(timeout=0.1)
                except queue.Empty:
                    if process.poll() is not None:
                        raise RuntimeError("bootstrap exited with %s; log: %s"
                                           % (process.returncode, tail(log_path)))
                    if time.monotonic() > deadline:
                        raise RuntimeError("no response within %ss; log: %s"
                                           % (INVOCATION_TIMEOUT_S, tail(log_path)))
                    continue
                if kind == "init_error":
                    raise RuntimeError("init error: %s" % body.decode("utf-8", "replace"))
                if rid != request_id:
                    raise RuntimeError("result for unknown request %s" % rid)
                if kind == "error":
                    raise RuntimeError("invocation error: %s" % body.decode("utf-8", "replace"))
                expect_status = capture[0] if capture else args.expect_status
                expect_json = [] if capture else args.expect_json
                problem = check_response(body, expect_status, expect_json)
                if problem:
                    raise RuntimeError(problem)
                last_body[0] = body
                return at

        last_body = [None]
        answered = wait_result(cold_id)
        cold_ms = (answered - started) * 1000
        cold_cpu_ms = cpu_ms(process.pid)
        if capture:
            response = json.loads(last_body[0])
            payload = response.get("body") or ""
            if response.get("isBase64Encoded"):
                payload = base64.b64decode(payload).decode("utf-8")
            return json.loads(payload)
        with runtime.lock:
            init_ms = (runtime.first_next_at - started) * 1000
            first_request_ms = (answered - runtime.handed_at[cold_id]) * 1000
        warm_ms = []
        for _ in range(warm):
            request_id = str(uuid.uuid4())
            runtime.events.put((request_id, render(event, fields)))
            answered = wait_result(request_id)
            with runtime.lock:
                warm_ms.append((answered - runtime.handed_at[request_id]) * 1000)
        warm_cpu_ms = cpu_ms(process.pid) - cold_cpu_ms
        return {
                "log_bytes_each": os.path.getsize(log_path) / (1 + warm),"cold_ms": cold_ms, "init_ms": init_ms,
                "first_request_ms": first_request_ms, "warm_ms": warm_ms,
                "cold_cpu_ms": cold_cpu_ms,
                "warm_cpu_ms_each": warm_cpu_ms / warm if warm else None,
                "peak_rss_kib": peak_rss_kib(process.pid)}
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        runtime.close()


def main():
    # Terminated, stop the function process too (the `finally` of one_process).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap", required=True, help="the function's bootstrap executable")
    parser.add_argument("--event", required=True, help="JSON file of the event to invoke with")
    parser.add_argument("--env", action="append", default=[], metavar="KEY=VALUE",
                        help="extra environment of the function (repeatable)")
    parser.add_argument("--cold-runs", type=int, default=10, help="fresh processes to start")
    parser.add_argument("--warm", type=int, default=200,
                        help="warm invocations after the cold one, in each process")
    parser.add_argument("--warm-up", type=int, default=500, metavar="N",
                        help="untimed invocations, in a process of their own, before the runs "
                             "(so that a JIT-compiled backend such as DynamoDB Local is warm)")
    parser.add_argument("--function-name", default="content",
                        help="AWS_LAMBDA_FUNCTION_NAME of the process")
    parser.add_argument("--prelude-event", metavar="FILE",
                        help="invoked once before the runs; its answer's string fields fill "
                             "@@<field>@@ placeholders of --event")
    parser.add_argument("--prelude-status", type=int, default=200)
    parser.add_argument("--prelude-wait", type=float, default=0.0, metavar="SECONDS",
                        help="wait this long after the prelude (e.g. a form's time trap)")
    parser.add_argument("--fake-ses", action="store_true",
                        help="serve Amazon SES v2 on loopback and point the function at it")
    parser.add_argument("--expect-status", type=int, default=200)
    parser.add_argument("--expect-json", action="append", default=[], metavar="KEY=VALUE",
                        help="a top-level string field the response body must have (repeatable)")
    parser.add_argument("--log-dir", default=".", help="where the bootstrap logs go")
    parser.add_argument("--json-out", help="write the figures here as JSON")
    args = parser.parse_args()
    args.bootstrap = os.path.abspath(args.bootstrap)
    args.expect_json = [tuple(pair.split("=", 1)) for pair in args.expect_json]
    with open(args.event, "rb") as f:
        event = f.read()
    json.loads(event)  # fail early on a malformed fixture
    ses = None
    if args.fake_ses:
        ses = FakeSes()
        args.env.append("AWS_ENDPOINT_URL_SESV2=" + ses.url)

    runs = []
    fields = {}
    try:
        if args.prelude_event:
            with open(args.prelude_event, "rb") as f:
                prelude = f.read()
            answer = one_process(args, prelude, "prelude", 0,
                                 capture=(args.prelude_status,))
            fields = {k: v for k, v in answer.items() if isinstance(v, str)}
            time.sleep(args.prelude_wait)
        if args.warm_up:
            one_process(args, event, "warm-up", args.warm_up, fields)
            print("warm-up: %d invocations, not counted" % (args.warm_up + 1), flush=True)
        for index in range(args.cold_runs):
            run = one_process(args, event, index, args.warm, fields)
            runs.append(run)
            print("run %2d: cold %.1f ms (init %.1f ms, first request %.1f ms), warm p50 %.2f ms"
                  % (index + 1, run["cold_ms"], run["init_ms"], run["first_request_ms"],
                     percentile(sorted(run["warm_ms"]), 50) if run["warm_ms"] else float("nan")),
                  flush=True)
    except RuntimeError as error:
        print("lambda_emulator: run %d failed: %s" % (len(runs) + 1, error), file=sys.stderr)
        return 1

    figures = {
        "cold_runs": args.cold_runs,
        "warm_per_run": args.warm,
        "warm_up_invocations": args.warm_up + 1 if args.warm_up else 0,
        "cold_ms": summarize([run["cold_ms"] for run in runs]),
        "init_ms": summarize([run["init_ms"] for run in runs]),
        "first_request_ms": summarize([run["first_request_ms"] for run in runs]),
        "warm_ms": summarize([ms for run in runs for ms in run["warm_ms"]]) if args.warm else None,
        "cold_cpu_ms": summarize([run["cold_cpu_ms"] for run in runs]),
        "warm_cpu_ms_each": summarize([run["warm_cpu_ms_each"] for run in runs]) if args.warm else None,
        "peak_rss_kib": summarize([run["peak_rss_kib"] for run in runs]),
        "log_bytes_each": summarize([run["log_bytes_each"] for run in runs]),
        "ses_calls": ses.calls if ses else None,
        "runs": runs,
    }
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump(figures, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
