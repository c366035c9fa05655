#!/usr/bin/env python3
"""Soak test: sustained load on a SeqTag service with a retrain and a model swap in the middle
(loopback only, bounded in time; Python 3.11 stdlib).

    scripts/soak.py [--jar target/seqtag.jar] [--minutes 10] [--clients 16]
                    [--train ../shared/datasets/conll2003/train.txt]
                    [--valid ../shared/datasets/conll2003/valid.txt] [--markdown]

It starts the jar on a free port with an empty model directory (the bundled model serves) and an
admin token, waits for readiness, then runs --clients threads, each with its own keep-alive
connection, for --minutes: four in five requests are `POST /tag` with one realistic paragraph
(scripts/data/soak-paragraphs.txt, invented news text), one in five is `POST /tag/batch` with four
paragraphs. Halfway through it starts a retrain through the admin API (the first --retrain-
sentences sentences of the CoNLL train file, read by path and never copied, one epoch, force) and,
once the job has promoted its model, swaps back to the bundled model with
`POST /admin/models/{version}/activate`. Every answer must be 200 with as many entities as JSON
says; anything else is an error.

Per minute it reports requests, errors, p50/p99 latency and the service's peak resident memory
(VmRSS sampled every second). It exits non-zero if there were errors or if peak RSS in the last
minute exceeds that of the first minute after warm-up (minute 2) by 10 % or more.
"""
import argparse
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOKEN = "soak-token"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def conll_text(path, limit):
    """The first `limit` sentences of a CoNLL file as text (word and NER label columns)."""
    out, sentences, in_sentence = [], 0, False
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("-DOCSTART-"):
                if in_sentence:
                    out.append("")
                    sentences += 1
                    in_sentence = False
                    if sentences >= limit:
                        break
                continue
            cols = line.split()
            out.append(f"{cols[0]} {cols[-1]}")
            in_sentence = True
    return "\n".join(out) + "\n"


class Stats:
    """Latencies and errors per minute since the start."""

    def __init__(self, start):
        self.start = start
        self.lock = threading.Lock()
        self.minutes = {}

    def minute(self, t):
        return int((t - self.start) // 60)

    def record(self, t, latency, ok, error=None):
        with self.lock:
            m = self.minutes.setdefault(self.minute(t), {"lat": [], "errors": 0, "rss": 0.0, "samples": []})
            m["lat"].append(latency)
            if not ok:
                m["errors"] += 1
                if len(m["samples"]) < 3:
                    m["samples"].append(error)

    def rss(self, t, value):
        with self.lock:
            m = self.minutes.setdefault(self.minute(t), {"lat": [], "errors": 0, "rss": 0.0, "samples": []})
            m["rss"] = max(m["rss"], value)


def client(port, paragraphs, stats, stop_at, seed):
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while time.time() < stop_at:
        if rng.random() < 0.8:
            path, body = "/tag", json.dumps({"text": rng.choice(paragraphs)})
        else:
            docs = [{"text": rng.choice(paragraphs)} for _ in range(4)]
            path, body = "/tag/batch", json.dumps({"documents": docs})
        t0 = time.time()
        try:
            conn.request("POST", path, body=body, headers={"Content-Type": "application/json"})
            response = conn.getresponse()
            data = response.read()
            ok = response.status == 200
            error = None if ok else f"{response.status} {data[:200]!r}"
            if ok:
                answer = json.loads(data)
                results = answer["results"] if path == "/tag/batch" else [answer]
                ok = all(r["tokens"] and "entities" in r for r in results)
                error = None if ok else "answer without tokens"
        except Exception as e:  # noqa: BLE001 - any failure is an error to count
            ok, error = False, repr(e)
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        stats.record(t0, time.time() - t0, ok, error)
    conn.close()


def admin(port, method, path, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, json.loads(data) if data else None


def retrain_and_swap(port, args, events, start):
    def log(message):
        events.append((time.time() - start, message))
        print(f"[{time.time() - start:6.1f}s] {message}", file=sys.stderr)

    bundled = admin(port, "GET", "/admin/models")[1]["active"]
    body = json.dumps({"config": {"epochs": 1}, "force": True,
                       "trainConll": conll_text(args.train, args.retrain_sentences),
                       "validConll": conll_text(args.valid, 300)})
    status, job = admin(port, "POST", "/admin/retrain", body)
    if status != 202:
        log(f"retrain refused: {status} {job}")
        return
    log(f"retrain {job['id']} started on {job['trainSentences']} sentences")
    while True:
        time.sleep(2)
        job = admin(port, "GET", f"/admin/jobs/{job['id']}")[1]
        if job["state"] not in ("queued", "running"):
            break
    log(f"retrain ended {job['state']}: model {job.get('modelVersion')} ({job.get('reason') or 'promoted'})")
    time.sleep(20)
    status, _ = admin(port, "POST", f"/admin/models/{bundled}/activate")
    log(f"swapped back to {bundled}: {status}")


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jar", default="target/seqtag.jar")
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--train", default="../shared/datasets/conll2003/train.txt")
    parser.add_argument("--valid", default="../shared/datasets/conll2003/valid.txt")
    parser.add_argument("--retrain-sentences", type=int, default=2000)
    parser.add_argument("--xmx", default="1g", help="service heap (-Xmx)")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()

    paragraphs = [p.strip() for p in open(os.path.join(HERE, "data", "soak-paragraphs.txt"), encoding="utf-8")
                  if p.strip()]
    port = free_port()
    model_dir = tempfile.mkdtemp(prefix="seqtag-soak-")
    log_path = os.path.join(model_dir, "service.log")
    env = dict(os.environ, OMP_NUM_THREADS="1")
    service = subprocess.Popen(
        ["java", f"-Xmx{args.xmx}", "-jar", args.jar, f"--server.port={port}",
         f"--seqtag.model-dir={model_dir}/models", f"--seqtag.admin.token={TOKEN}"],
        stdout=open(log_path, "w"), stderr=subprocess.STDOUT, env=env)
    try:
        t0 = time.time()
        while True:
            if service.poll() is not None:
                sys.exit(f"service exited; see {log_path}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/actuator/health/readiness")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        print(f"service pid {service.pid} ready in {time.time() - t0:.1f} s (log {log_path})", file=sys.stderr)

        start = time.time()
        stop_at = start + args.minutes * 60
        stats = Stats(start)
        events = []
        threads = [threading.Thread(target=client, args=(port, paragraphs, stats, stop_at, i), daemon=True)
                   for i in range(args.clients)]
        for t in threads:
            t.start()
        retrain = threading.Timer(args.minutes * 30, retrain_and_swap, args=(port, args, events, start))
        retrain.daemon = True
        retrain.start()
        while time.time() < stop_at:
            stats.rss(time.time(), rss_mib(service.pid))
            time.sleep(1)
        for t in threads:
            t.join()
        retrain.join(timeout=1)
    finally:
        service.terminate()
        service.wait(timeout=60)

    rows = []
    for m in sorted(stats.minutes):
        if m >= args.minutes:
            continue
        s = stats.minutes[m]
        rows.append((m + 1, len(s["lat"]), s["errors"], percentile(s["lat"], 0.5) * 1000,
                     percentile(s["lat"], 0.99) * 1000, s["rss"], s["samples"]))
    total = sum(r[1] for r in rows)
    errors = sum(r[2] for r in rows)
    print("| minute | requests | errors | p50 ms | p99 ms | peak RSS MiB |")
    print("|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]:.1f} | {r[4]:.1f} | {r[5]:.0f} |")
    for at, message in events:
        print(f"- at {at:.0f} s: {message}")
    for r in rows:
        for sample in r[6]:
            print(f"- error in minute {r[0]}: {sample}")
    warm, last = rows[1][5] if len(rows) > 1 else rows[0][5], rows[-1][5]
    growth = (last - warm) / warm * 100
    print(f"\n{total} requests, {errors} errors; RSS {warm:.0f} MiB at minute 2, {last:.0f} MiB in the last "
          f"minute ({growth:+.1f} %)")
    if errors or growth >= 10:
        sys.exit(1)


if __name__ == "__main__":
    main()
