#!/usr/bin/env python3
"""Resident memory of a running SeqTag service before, during and after a retrain (loopback only;
Python 3.11 stdlib). docs/replicas.md, "Memory after a retrain", has its figures.

    scripts/retrain-memory.py --url http://127.0.0.1:18091 --token TOKEN
                              [--train ../shared/datasets/conll2003/train.txt]
                              [--valid ../shared/datasets/conll2003/valid.txt]
                              [--sentences 400] [--valid-sentences 400] [--epochs 1] [--clients 16]
                              [--warmup 60] [--serving 30] [--after 15,30,60] [--pid PID]
                              [--container NAME] [--label TEXT] [--json FILE]

While --clients threads tag single sentences of the valid split without pause (each on its own
keep-alive connection), it:
  1. lets the load run --warmup s, then takes the serving RSS: the median of one sample a second
     over the next --serving s;
  2. uploads the first --sentences sentences of --train (and --valid-sentences of --valid as the
     validation set) to POST /admin/retrain with {"epochs": --epochs} and force, so the candidate
     is promoted, and polls the job until it ends: the peak RSS during the job;
  3. samples RSS --after seconds after the job ended;
  4. rolls back (POST /admin/models/{the version serving before}/activate) and samples RSS the same
     seconds after that.
RSS is VmRSS of the server process from /proc (found by the port it listens on unless --pid is
given: with host networking a container's JVM is found the same way). With --container, the
container's memory as `docker stats` counts it (cgroup v1: usage minus inactive page cache) is
sampled too. The corpus is read by path and sent in the request, never copied. Exit status 1 when
a request failed or RSS 60 s after the job (or the last --after) is above 1.10 x the serving RSS.
"""
import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import importlib.util

# The /proc helpers of the load test, shared rather than copied.
_spec = importlib.util.spec_from_file_location(
    "load_test", os.path.join(os.path.dirname(os.path.abspath(__file__)), "load-test.py"))
load_test = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(load_test)

TARGET_RATIO = 1.10


def read_sentences(path, limit=None):
    """Sentences of a CoNLL file as lists of lines (all columns), -DOCSTART- skipped."""
    sentences, lines = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("-DOCSTART-"):
                if lines:
                    sentences.append(lines)
                    lines = []
                    if limit and len(sentences) >= limit:
                        break
                continue
            lines.append(line)
    if lines and (not limit or len(sentences) < limit):
        sentences.append(lines)
    return sentences


def conll_text(sentences):
    return "\n\n".join("\n".join(lines) for lines in sentences) + "\n"


def rss_mib(pid):
    kib = load_test.rss_kib(pid)
    return None if kib is None else kib / 1024


class ContainerMemory:
    """A container's memory as `docker stats` shows it, read from its cgroup (v1 or v2)."""

    def __init__(self, name):
        container_id = subprocess.run(["docker", "inspect", "-f", "{{.Id}}", name], check=True,
                                      capture_output=True, text=True).stdout.strip()
        candidates = [f"/sys/fs/cgroup/memory/docker/{container_id}",
                      f"/sys/fs/cgroup/system.slice/docker-{container_id}.scope",
                      f"/sys/fs/cgroup/docker/{container_id}"]
        self.path = next((p for p in candidates if os.path.isdir(p)), None)
        if self.path is None:
            sys.exit(f"no cgroup found for container {name} ({container_id[:12]})")

    def mib(self):
        def read(name):
            with open(os.path.join(self.path, name)) as f:
                return f.read()
        try:
            stat = dict(line.split() for line in read("memory.stat").splitlines())
            if os.path.exists(os.path.join(self.path, "memory.usage_in_bytes")):
                usage = int(read("memory.usage_in_bytes"))
                return (usage - int(stat.get("total_inactive_file", 0))) / 2**20
            usage = int(read("memory.current"))
            return (usage - int(stat.get("inactive_file", 0))) / 2**20
        except OSError:
            return None


class Load:
    """`clients` threads posting single sentences to /tag until stopped; counts answers by phase."""

    def __init__(self, host, port, bodies, clients):
        self.host, self.port, self.bodies = host, port, bodies
        self.stopped = threading.Event()
        self.lock = threading.Lock()
        self.ok, self.errors = 0, 0
        self.threads = [threading.Thread(target=self.client, args=(n,), daemon=True) for n in range(clients)]

    def start(self):
        for thread in self.threads:
            thread.start()

    def stop(self):
        self.stopped.set()
        for thread in self.threads:
            thread.join()

    def counts(self):
        with self.lock:
            return self.ok, self.errors

    def client(self, index):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        i = index * 7919
        while not self.stopped.is_set():
            body = self.bodies[i % len(self.bodies)]
            i += 1
            ok, connection = load_test.post(connection, self.host, self.port, "/tag", body)
            with self.lock:
                if ok:
                    self.ok += 1
                else:
                    self.errors += 1
        connection.close()


class Sampler(threading.Thread):
    """One sample a second: (seconds since start, RSS MiB, container MiB or None)."""

    def __init__(self, pid, container):
        super().__init__(daemon=True)
        self.pid, self.container = pid, container
        self.samples = []
        self.began = time.monotonic()
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            self.samples.append((time.monotonic() - self.began, rss_mib(self.pid),
                                 self.container.mib() if self.container else None))
            self.stopped.wait(1.0)

    def now(self):
        return time.monotonic() - self.began

    def between(self, start, end):
        return [s for s in self.samples if start <= s[0] <= end]


def admin(host, port, token, method, path, body=None):
    connection = http.client.HTTPConnection(host, port, timeout=120)
    headers = {"Authorization": f"Bearer {token}"}
    if body is not None:
        headers["Content-Type"] = "application/json"
        body = json.dumps(body).encode()
    connection.request(method, path, body, headers)
    response = connection.getresponse()
    payload = response.read()
    connection.close()
    if response.status >= 300:
        sys.exit(f"{method} {path}: {response.status} {payload[:500]!r}")
    return json.loads(payload) if payload else None


def public_get(host, port, path):
    connection = http.client.HTTPConnection(host, port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    payload = response.read()
    connection.close()
    return json.loads(payload)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:18091")
    parser.add_argument("--token", default=os.environ.get("SEQTAG_ADMIN_TOKEN"), help="admin token (or SEQTAG_ADMIN_TOKEN)")
    parser.add_argument("--train", default="../shared/datasets/conll2003/train.txt")
    parser.add_argument("--valid", default="../shared/datasets/conll2003/valid.txt")
    parser.add_argument("--sentences", type=int, default=400)
    parser.add_argument("--valid-sentences", type=int, default=400)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--warmup", type=float, default=60)
    parser.add_argument("--serving", type=float, default=30)
    parser.add_argument("--after", default="15,30,60")
    parser.add_argument("--pid", type=int)
    parser.add_argument("--container", help="docker container name: also sample its memory as docker stats does")
    parser.add_argument("--label", default="")
    parser.add_argument("--json", help="write the samples and the summary to this file")
    args = parser.parse_args()
    if not args.token:
        sys.exit("--token (or SEQTAG_ADMIN_TOKEN) is required")

    url = urllib.parse.urlsplit(args.url)
    host, port = url.hostname, url.port or 80
    if host not in ("localhost", "::1") and not host.startswith("127."):
        sys.exit("this script only targets loopback addresses")
    pid = args.pid or load_test.listening_pid(port)
    if not pid:
        sys.exit(f"no process listens on port {port}")
    after = [float(s) for s in args.after.split(",") if s]
    bodies = [json.dumps({"text": " ".join(line.split()[0] for line in s)}).encode()
              for s in read_sentences(args.valid)]
    train = conll_text(read_sentences(args.train, args.sentences))
    valid = conll_text(read_sentences(args.valid, args.valid_sentences))

    container = ContainerMemory(args.container) if args.container else None
    sampler = Sampler(pid, container)
    sampler.start()
    load = Load(host, port, bodies, args.clients)
    load.start()
    log = lambda message: print(f"[{sampler.now():6.1f} s] {message}", file=sys.stderr, flush=True)
    log(f"server pid {pid}, RSS {rss_mib(pid):.0f} MiB; {args.clients} clients tagging")

    time.sleep(args.warmup)
    serving_start = sampler.now()
    time.sleep(args.serving)
    serving = sampler.between(serving_start, sampler.now())
    serving_rss = statistics.median(s[1] for s in serving)
    serving_container = statistics.median(s[2] for s in serving) if container else None
    previous = public_get(host, port, "/model")["version"]
    log(f"serving RSS {serving_rss:.0f} MiB (median of {len(serving)} samples), model {previous}")

    job = admin(host, port, args.token, "POST", "/admin/retrain",
                {"config": {"epochs": args.epochs}, "trainConll": train, "validConll": valid, "force": True})
    job_start = sampler.now()
    log(f"job {job['id']} submitted: {args.sentences} sentences, {args.epochs} epoch(s)")
    while job["state"] not in ("succeeded", "failed", "rejected", "cancelled"):
        time.sleep(1)
        job = admin(host, port, args.token, "GET", f"/admin/jobs/{job['id']}")
    job_end = sampler.now()
    during = sampler.between(job_start, job_end)
    log(f"job {job['state']} after {job_end - job_start:.0f} s, model {job.get('modelVersion')}")

    def sample_after(start, label):
        values = {}
        for seconds in after:
            time.sleep(max(0.0, start + seconds - sampler.now()))
            values[seconds] = (rss_mib(pid), container.mib() if container else None)
            log(f"{label} + {seconds:.0f} s: RSS {values[seconds][0]:.0f} MiB "
                f"({values[seconds][0] / serving_rss:.2f} x serving)")
        return values

    after_job = sample_after(job_end, "job end")
    admin(host, port, args.token, "POST", f"/admin/models/{previous}/activate")
    rollback = sampler.now()
    log(f"rolled back to {previous}")
    after_rollback = sample_after(rollback, "rollback")

    load.stop()
    sampler.stopped.set()
    ok, errors = load.counts()
    elapsed = sampler.now()
    last = after_job[after[-1]][0]
    summary = {
        "label": args.label, "pid": pid, "clients": args.clients, "requests": ok, "errors": errors,
        "req_s": ok / elapsed, "seconds": elapsed, "job_state": job["state"], "job_seconds": job_end - job_start,
        "serving_rss": serving_rss, "during_peak_rss": max(s[1] for s in during),
        "after_job_rss": {int(k): v[0] for k, v in after_job.items()},
        "after_rollback_rss": {int(k): v[0] for k, v in after_rollback.items()},
        "ratio_after_job": last / serving_rss,
    }
    if container:
        summary.update(serving_container=serving_container,
                       during_peak_container=max(s[2] for s in during),
                       after_job_container={int(k): v[1] for k, v in after_job.items()},
                       after_rollback_container={int(k): v[1] for k, v in after_rollback.items()})
    cells = " | ".join(f"{summary['after_job_rss'][int(s)]:.0f}" for s in after)
    back = " | ".join(f"{summary['after_rollback_rss'][int(s)]:.0f}" for s in after)
    print(f"| {args.label} | {serving_rss:.0f} | {summary['during_peak_rss']:.0f} | {cells} | "
          f"{summary['ratio_after_job']:.2f} | {back} | {summary['req_s']:.0f} | {errors} |")
    if container:
        cells = " | ".join(f"{summary['after_job_container'][int(s)]:.0f}" for s in after)
        back = " | ".join(f"{summary['after_rollback_container'][int(s)]:.0f}" for s in after)
        print(f"| {args.label} (docker stats) | {serving_container:.0f} | {summary['during_peak_container']:.0f} "
              f"| {cells} | {summary['after_job_container'][int(after[-1])] / serving_container:.2f} | {back} | | |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"summary": summary, "samples": sampler.samples}, f, indent=1)
    return 1 if errors or summary["ratio_after_job"] > TARGET_RATIO else 0


if __name__ == "__main__":
    sys.exit(main())
