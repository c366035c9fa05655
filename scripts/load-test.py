#!/usr/bin/env python3
"""HTTP load test of a running SeqTag service (loopback only; Python 3.11 stdlib).

    scripts/load-test.py [--url http://127.0.0.1:18080] [--valid ../shared/datasets/conll2003/valid.txt]
                         [--seconds 20] [--clients 1,4,16,64] [--batch-clients 1,4,16] [--batch-size 32]
                         [--pid PID] [--markdown]

For each concurrency level it runs that many client threads, each with its own keep-alive
connection, for a fixed time, sending single-sentence `POST /tag {"text": ...}` requests; then
`POST /tag/batch` requests of --batch-size sentences each. Sentences are the CoNLL valid split's,
joined with spaces; tokens are counted as those words. It reports requests/s, tokens/s,
p50/p95/p99 latency, errors, the client's own CPU use (to show whether the client was the
bottleneck) and the server's peak RSS, sampled from /proc every 100 ms (the server is found by
the port it listens on when --pid is not given). The corpus is read by path, never copied.
"""
import argparse
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse


def read_sentences(path):
    """Sentences of a CoNLL file as lists of words (first column), -DOCSTART- skipped."""
    sentences, words = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("-DOCSTART-"):
                if words:
                    sentences.append(words)
                    words = []
                continue
            words.append(line.split()[0])
    if words:
        sentences.append(words)
    return sentences


def listening_pid(port):
    """The pid of the process listening on TCP `port`, from /proc (None if not found)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for row in f:
                    cols = row.split()
                    if int(cols[1].rsplit(":", 1)[1], 16) == port and cols[3] == "0A":
                        inodes.add(cols[9])
        except OSError:
            pass
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
                if target.startswith("socket:[") and target[8:-1] in inodes:
                    return int(pid)
        except OSError:
            continue
    return None


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


class RssSampler(threading.Thread):
    """Samples a process's RSS every `interval` s and keeps the peak since the last reset."""

    def __init__(self, pid, interval=0.1):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak, self.overall = pid, interval, 0, 0
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            value = rss_kib(self.pid) if self.pid else None
            if value:
                self.peak = max(self.peak, value)
                self.overall = max(self.overall, value)
            self.stopped.wait(self.interval)

    def reset(self):
        self.peak = rss_kib(self.pid) or 0 if self.pid else 0


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(p / 100 * len(sorted_values)))]


def post(connection, host, port, path, body):
    """One JSON POST on a keep-alive connection: (answered 200, the connection to use next, new after a failure)."""
    try:
        connection.request("POST", path, body, {"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        return response.status == 200, connection
    except (OSError, http.client.HTTPException):
        connection.close()
        return False, http.client.HTTPConnection(host, port, timeout=60)


def run_level(host, port, path, bodies, clients, seconds):
    """`clients` threads post `bodies` (list of (bytes, tokens)) round robin for `seconds`."""
    results = [None] * clients
    start_barrier = threading.Barrier(clients + 1)
    deadline_box = [0.0]

    def client(index):
        connection = http.client.HTTPConnection(host, port, timeout=60)
        latencies, tokens, errors, i = [], 0, 0, index * 7919
        start_barrier.wait()
        deadline = deadline_box[0]
        while time.monotonic() < deadline:
            body, count = bodies[i % len(bodies)]
            i += 1
            begin = time.monotonic()
            ok, connection = post(connection, host, port, path, body)
            elapsed = time.monotonic() - begin
            if ok:
                latencies.append(elapsed)
                tokens += count
            else:
                errors += 1
        connection.close()
        results[index] = (latencies, tokens, errors)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    cpu_before = os.times()
    deadline_box[0] = time.monotonic() + seconds
    began = time.monotonic()
    start_barrier.wait()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - began
    cpu_after = os.times()
    latencies = sorted(x for r in results for x in r[0])
    client_cpu = (cpu_after.user - cpu_before.user + cpu_after.system - cpu_before.system) / wall
    return {
        "requests": len(latencies),
        "errors": sum(r[2] for r in results),
        "req_s": len(latencies) / wall,
        "tok_s": sum(r[1] for r in results) / wall,
        "p50": percentile(latencies, 50) * 1000,
        "p95": percentile(latencies, 95) * 1000,
        "p99": percentile(latencies, 99) * 1000,
        "client_cpu": client_cpu,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:18080")
    parser.add_argument("--valid", default=os.environ.get("SEQTAG_BENCH_VALID", "../shared/datasets/conll2003/valid.txt"))
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=10, help="seconds of load at 4 clients before measuring")
    parser.add_argument("--clients", default="1,4,16,64")
    parser.add_argument("--batch-clients", default="1,4,16")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--pid", type=int, help="server pid for RSS sampling (default: whoever listens on the port)")
    parser.add_argument("--markdown", action="store_true", help="print one markdown table instead of plain lines")
    args = parser.parse_args()

    url = urllib.parse.urlsplit(args.url)
    host, port = url.hostname, url.port or 80
    if host not in ("localhost", "::1") and not host.startswith("127."):
        sys.exit("load tests only target loopback addresses")
    sentences = read_sentences(args.valid)
    single = [(json.dumps({"text": " ".join(s)}).encode(), len(s)) for s in sentences]
    batches = []
    for start in range(0, len(sentences) - args.batch_size + 1, args.batch_size):
        chunk = sentences[start:start + args.batch_size]
        batches.append((json.dumps({"documents": [{"text": " ".join(s)} for s in chunk]}).encode(),
                        sum(len(s) for s in chunk)))

    pid = args.pid or listening_pid(port)
    sampler = RssSampler(pid)
    sampler.start()
    print(f"server pid {pid or 'unknown'}, RSS before load {(rss_kib(pid) or 0) / 1024:.0f} MiB; "
          f"{len(sentences)} sentences from {args.valid}", file=sys.stderr)
    if args.warmup > 0:
        run_level(host, port, "/tag", single, 4, args.warmup)

    rows = []
    plan = [("/tag", 1, single, int(c)) for c in args.clients.split(",") if c]
    plan += [("/tag/batch", args.batch_size, batches, int(c)) for c in args.batch_clients.split(",") if c]
    for path, per_request, bodies, clients in plan:
        sampler.reset()
        result = run_level(host, port, path, bodies, clients, args.seconds)
        result.update(endpoint=path, sentences=per_request, clients=clients, rss_mib=sampler.peak / 1024)
        rows.append(result)
        if not args.markdown:
            print(f"{path} x{per_request} sentences, {clients} clients: {result['requests']} requests, "
                  f"{result['errors']} errors, {result['req_s']:.1f} req/s, {result['tok_s']:.0f} tokens/s, "
                  f"p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms, p99 {result['p99']:.1f} ms, "
                  f"client CPU {result['client_cpu']:.2f} cores, peak RSS {result['rss_mib']:.0f} MiB", flush=True)
    sampler.stopped.set()
    if args.markdown:
        print("| endpoint | sentences/request | clients | req/s | tokens/s | p50 ms | p95 ms | p99 ms "
              "| errors | client CPU (cores) | server peak RSS MiB |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in rows:
            print(f"| `{r['endpoint']}` | {r['sentences']} | {r['clients']} | {r['req_s']:.1f} | {r['tok_s']:.0f} "
                  f"| {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | {r['errors']} | {r['client_cpu']:.2f} "
                  f"| {r['rss_mib']:.0f} |")
    print(f"peak server RSS over the whole run: {sampler.overall / 1024:.0f} MiB", file=sys.stderr)
    return 1 if any(r["errors"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
