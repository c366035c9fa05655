#!/usr/bin/env python3
"""Measures three SeqTag replicas on one S3 store behind HAProxy, all on this machine (issue 16).

    scripts/replicas-measure.py [--jar target/seqtag.jar] [--s3proxy target/s3proxy/s3proxy.jar]
                                [--valid ../shared/datasets/conll2003/valid.txt] [--seconds 20]
                                [--rounds 3] [--clients 16] [--propagations 10] [--markdown]

Starts S3Proxy (filesystem backend), three replicas of the packaged jar (`seqtag.store.type=s3`,
the default 5 s poll interval, `java -jar` defaults) and Debian's HAProxy (round robin, readiness
checks, retries), then measures, printing each figure as it goes:

1. resident memory of each replica at rest, after warm-up;
2. requests each replica sends to the store in one minute at rest (`seqtag_store_requests_total`);
3. `POST /tag` at --clients clients through HAProxy and straight to replica 1, alternated for
   --rounds rounds of --seconds each, so both see the same machine load (requests/s, p50, p99,
   errors), and the replicas' memory after the load;
4. activation propagation: one retrain through HAProxy (the invented fixture, one epoch) makes a
   second version; then --propagations activations through replica 1 at random moments, each
   timed until replicas 2 and 3 both answer `GET /model` with it (polled every 50 ms).

Everything runs under a temporary directory and is stopped at the end. The corpus is read by
path, never copied. Needs java, haproxy and a built jar (`./mvnw -B -DskipTests package`).
"""
import argparse
import http.client
import importlib.util
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("load_test", os.path.join(HERE, "load-test.py"))
load_test = importlib.util.module_from_spec(spec)
spec.loader.exec_module(load_test)

BUCKET = "seqtag-models"
ACCESS_KEY, SECRET_KEY = "measure-access", "measure-secret-key"
TOKEN = "measure-token"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, method, path, body=None, token=None, timeout=30):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    try:
        connection.request(method, path, None if body is None else json.dumps(body).encode(), headers)
        response = connection.getresponse()
        data = response.read()
        return response.status, (json.loads(data) if data and data[:1] in (b"{", b"[") else data.decode())
    finally:
        connection.close()


def wait_until(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit(f"timed out waiting for {what}")


def rss_mib(pid):
    return (load_test.rss_kib(pid) or 0) / 1024


def store_requests(port):
    _, text = request(port, "GET", "/actuator/prometheus")
    for line in text.splitlines():
        if line.startswith("seqtag_store_requests_total"):
            return float(line.split()[-1])
    sys.exit("seqtag_store_requests_total is missing from /actuator/prometheus")


def haproxy_config(port, replicas):
    servers = "\n".join(f"    server seqtag-{i + 1} 127.0.0.1:{p} check" for i, p in enumerate(replicas))
    return f"""global
    maxconn 4096
defaults
    mode http
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response response-timeout
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout http-keep-alive 10s
frontend seqtag
    bind 127.0.0.1:{port}
    default_backend seqtag
backend seqtag
    balance roundrobin
    option httpchk GET /actuator/health/readiness
    http-check expect status 200
    http-request disable-l7-retry if {{ path_beg /admin }}
    default-server inter 2s fastinter 1s fall 2 rise 2
{servers}
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jar", default="target/seqtag.jar")
    parser.add_argument("--s3proxy", default="target/s3proxy/s3proxy.jar")
    parser.add_argument("--valid", default=os.environ.get("SEQTAG_BENCH_VALID", "../shared/datasets/conll2003/valid.txt"))
    parser.add_argument("--fixture", default="src/test/resources/fixtures/tiny-train.conll")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--propagations", type=int, default=10)
    parser.add_argument("--skip-rest-minute", action="store_true", help="skip the minute of store calls at rest")
    args = parser.parse_args()
    for path in (args.jar, args.s3proxy, args.valid, args.fixture):
        if not os.path.isfile(path):
            sys.exit(f"missing {path}")
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not os.path.exists(haproxy):
        sys.exit("haproxy is not installed (apt-get install haproxy)")

    work = tempfile.mkdtemp(prefix="seqtag-replicas-measure-")
    processes = []
    try:
        # S3Proxy: a bucket is a directory under its base directory.
        s3_port = free_port()
        os.makedirs(os.path.join(work, "s3", BUCKET))
        with open(os.path.join(work, "s3proxy.properties"), "w") as f:
            f.write(f"s3proxy.endpoint=http://127.0.0.1:{s3_port}\ns3proxy.authorization=aws-v2-or-v4\n"
                    f"s3proxy.identity={ACCESS_KEY}\ns3proxy.credential={SECRET_KEY}\n"
                    f"jclouds.provider=filesystem\njclouds.filesystem.basedir={work}/s3\n")
        s3 = subprocess.Popen(["java", "-Xmx192m", "-jar", args.s3proxy, "--properties", f"{work}/s3proxy.properties"],
                              stdout=open(f"{work}/s3proxy.log", "w"), stderr=subprocess.STDOUT)
        processes.append(s3)

        env = dict(os.environ, AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY)
        replica_ports = [free_port() for _ in range(3)]
        replicas = []
        for i, port in enumerate(replica_ports):
            replicas.append(subprocess.Popen(
                ["java", "-jar", args.jar, f"--server.port={port}", f"--seqtag.model-dir={work}/cache-{i + 1}",
                 "--seqtag.store.type=s3", f"--seqtag.store.s3.bucket={BUCKET}",
                 f"--seqtag.store.s3.endpoint=http://127.0.0.1:{s3_port}", "--seqtag.store.s3.path-style=true",
                 f"--seqtag.admin.token={TOKEN}"],
                env=env, stdout=open(f"{work}/replica-{i + 1}.log", "w"), stderr=subprocess.STDOUT))
        processes.extend(replicas)
        for port in replica_ports:
            wait_until(lambda p=port: request(p, "GET", "/actuator/health/readiness")[0] == 200, 180,
                       f"replica on port {port} to be ready")

        haproxy_port = free_port()
        with open(f"{work}/haproxy.cfg", "w") as f:
            f.write(haproxy_config(haproxy_port, replica_ports))
        processes.append(subprocess.Popen([haproxy, "-db", "-f", f"{work}/haproxy.cfg"],
                                          stdout=open(f"{work}/haproxy.log", "w"), stderr=subprocess.STDOUT))
        wait_until(lambda: request(haproxy_port, "GET", "/model")[0] == 200, 30, "HAProxy")
        print(f"# three replicas on ports {replica_ports}, HAProxy on {haproxy_port}, S3Proxy on {s3_port}; "
              f"{os.cpu_count()} cores; work directory {work}", flush=True)

        sentences = load_test.read_sentences(args.valid)
        bodies = [(json.dumps({"text": " ".join(s)}).encode(), len(s)) for s in sentences]
        load_test.run_level("127.0.0.1", haproxy_port, "/tag", bodies, 4, 15)  # warms every replica
        rest = [rss_mib(r.pid) for r in replicas]
        print(f"RSS at rest after warm-up (MiB): {', '.join(f'{m:.0f}' for m in rest)}", flush=True)

        if not args.skip_rest_minute:
            before = [store_requests(p) for p in replica_ports]
            time.sleep(60)
            after = [store_requests(p) for p in replica_ports]
            print(f"store requests in one minute at rest, per replica: "
                  f"{', '.join(f'{a - b:.0f}' for a, b in zip(after, before))}", flush=True)

        print(f"\n| round | target | clients | req/s | p50 ms | p99 ms | errors |\n|---|---|---|---|---|---|---|")
        summary = {"HAProxy (3 replicas)": [], "replica 1 directly": []}
        for n in range(1, args.rounds + 1):
            for name, port in (("HAProxy (3 replicas)", haproxy_port), ("replica 1 directly", replica_ports[0])):
                r = load_test.run_level("127.0.0.1", port, "/tag", bodies, args.clients, args.seconds)
                summary[name].append(r)
                print(f"| {n} | {name} | {args.clients} | {r['req_s']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | "
                      f"{r['errors']} |", flush=True)
        for name, results in summary.items():
            print(f"| all | {name} | {args.clients} | {statistics.median(r['req_s'] for r in results):.0f} (median) | "
                  f"{statistics.median(r['p50'] for r in results):.1f} | "
                  f"{statistics.median(r['p99'] for r in results):.1f} (median) | {sum(r['errors'] for r in results)} |")
        loaded = [rss_mib(r.pid) for r in replicas]
        print(f"\nRSS after the load (MiB): {', '.join(f'{m:.0f}' for m in loaded)}", flush=True)

        # A second version, by a retrain through HAProxy.
        bundled = request(replica_ports[0], "GET", "/model")[1]["version"]
        with open(args.fixture, encoding="utf-8") as f:
            conll = f.read()
        status, job = request(haproxy_port, "POST", "/admin/retrain",
                              {"config": {"epochs": 1}, "trainConll": conll, "validConll": conll, "force": True},
                              token=TOKEN)
        if status != 202:
            sys.exit(f"retrain answered {status}: {job}")
        wait_until(lambda: request(haproxy_port, "GET", f"/admin/jobs/{job['id']}", token=TOKEN)[1]["state"]
                   in ("succeeded", "failed", "rejected", "cancelled"), 600, "the retrain")
        job = request(haproxy_port, "GET", f"/admin/jobs/{job['id']}", token=TOKEN)[1]
        if job["state"] != "succeeded":
            sys.exit(f"the retrain ended {job['state']}: {job.get('reason')}")
        trained = job["modelVersion"]
        wait_until(lambda: all(request(p, "GET", "/model")[1]["version"] == trained for p in replica_ports), 60,
                   "the retrained version everywhere")

        times = []
        for n in range(args.propagations):
            time.sleep(random.uniform(0, 5))
            target = bundled if n % 2 == 0 else trained
            status, answer = request(replica_ports[0], "POST", f"/admin/models/{target}/activate", token=TOKEN)
            if status != 200:
                sys.exit(f"activate answered {status}: {answer}")
            began = time.monotonic()
            pending = set(replica_ports[1:])
            while pending:
                pending = {p for p in pending if request(p, "GET", "/model")[1]["version"] != target}
                if time.monotonic() - began > 30:
                    sys.exit(f"activation of {target} did not reach ports {pending} in 30 s")
                time.sleep(0.05)
            times.append(time.monotonic() - began)
            print(f"activation {n + 1} ({target}): served by replicas 2 and 3 after {times[-1]:.2f} s", flush=True)
        print(f"propagation over {len(times)} activations at random moments: median {statistics.median(times):.2f} s, "
              f"max {max(times):.2f} s, min {min(times):.2f} s")
        print(f"RSS at the end (MiB): {', '.join(f'{rss_mib(r.pid):.0f}' for r in replicas)}")
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
