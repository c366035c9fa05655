#!/usr/bin/env python3
"""Measures /tag latency with N concurrent clients for a fixed time (loopback only).

    scripts/tag-latency.py URL SECONDS CLIENTS

Prints requests, errors, requests/s and p50/p95/p99/max latency in milliseconds. Used to compare
tagging latency while idle and while a retrain job runs (docs/retraining.md).
"""
import json
import sys
import threading
import time
import urllib.request

url, seconds, clients = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
body = json.dumps({"text": "EU rejects German call to boycott British lamb. "
                           "Peter Blackburn reports from Brussels on Tuesday."}).encode()
latencies, errors, lock = [], [0], threading.Lock()
deadline = time.monotonic() + seconds


def client():
    while time.monotonic() < deadline:
        request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
        start = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
                ok = response.status == 200
        except Exception:
            ok = False
        elapsed = (time.monotonic() - start) * 1000
        with lock:
            if ok:
                latencies.append(elapsed)
            else:
                errors[0] += 1


threads = [threading.Thread(target=client) for _ in range(clients)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
latencies.sort()


def pct(p):
    return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] if latencies else float("nan")


print(f"requests {len(latencies)}, errors {errors[0]}, {len(latencies) / seconds:.1f} req/s, "
      f"p50 {pct(50):.1f} ms, p95 {pct(95):.1f} ms, p99 {pct(99):.1f} ms, max {latencies[-1] if latencies else 0:.1f} ms")
