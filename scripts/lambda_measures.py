"""What lambda_emulator.py measures and checks in a function's process: its CPU time and peak
memory from /proc, its API Gateway responses, and the percentiles it prints. Standard library
only."""

import base64
import glob
import json
import statistics


def check_response(body, expect_status, expect_json):
    """Returns an error message, or None when the API Gateway v2 response is as expected."""
    try:
        response = json.loads(body)
    except ValueError:
        return "response is not JSON: %r" % body[:200]
    status = response.get("statusCode")
    if status != expect_status:
        return "statusCode %r, expected %r: %r" % (status, expect_status, body[:300])
    payload = response.get("body") or ""
    if response.get("isBase64Encoded"):
        payload = base64.b64decode(payload).decode("utf-8")
    try:
        document = json.loads(payload)
    except ValueError:
        return "body is not JSON: %r" % payload[:200]
    for key, value in expect_json:
        if document.get(key) != value:
            return "body field %r is %r, expected %r" % (key, document.get(key), value)
    return None


def cpu_ms(pid):
    """CPU time of every thread of `pid` so far, in ms (schedstat: nanoseconds on CPU)."""
    total = 0
    for path in glob.glob("/proc/%d/task/*/schedstat" % pid):
        try:
            with open(path) as f:
                total += int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            pass  # a thread that ended meanwhile
    return total / 1e6


def peak_rss_kib(pid):
    """VmHWM: the peak resident set size of `pid`, in KiB."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return None


def percentile(sorted_values, p):
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, -(-len(sorted_values) * p // 100))  # ceil(n * p / 100)
    return sorted_values[int(rank) - 1]


def tail(path, lines=20):
    try:
        with open(path, "rb") as f:
            return b"".join(f.readlines()[-lines:]).decode("utf-8", "replace")
    except OSError:
        return "(no log)"


def summarize(values):
    ordered = sorted(values)
    return {"n": len(ordered), "min": ordered[0], "median": statistics.median(ordered),
            "max": ordered[-1], "p50": percentile(ordered, 50), "p99": percentile(ordered, 99)}
