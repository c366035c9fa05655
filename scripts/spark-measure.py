#!/usr/bin/env python3
"""Measures SeqTag on Spark against the service on this machine (docs/spark.md, issue 17).

    ./mvnw -B package -DskipTests && ./mvnw -B -f spark/pom.xml package -DskipTests
    scripts/spark-measure.py [--conll ../shared/datasets/conll2003] [--repeat 3] [--rounds 2]
                             [--epochs 2] [--skip-training] [--skip-tagging]

Tagging: the words of the CoNLL-2003 training split re-joined into its documents (one line per
document, the split repeated --repeat times; written to a temporary folder, never to the
repository) are tagged by TagCorpus on a standalone cluster of two one-core workers
(spark/bin/seqtag-spark-cluster), with one executor (spark.cores.max=1) and with two, rounds
alternated; then the same documents go to the service's POST /tag/batch (16 per request) from 1
and 2 clients. Tokens are counted as the CoNLL words, the same for both.
Training: TrainOnSpark on the same cluster (two workers) and the plain `train` command, both with
the bundled recipe's defaults, --epochs epochs and seed 3; seconds per epoch and valid F1 from
their curve files.
"""
import argparse
import importlib.util
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
spec = importlib.util.spec_from_file_location("load_test", os.path.join(HERE, "load-test.py"))
load_test = importlib.util.module_from_spec(spec)
spec.loader.exec_module(load_test)

LOCAL = os.path.join(ROOT, "spark/bin/seqtag-spark-local")
CLUSTER = os.path.join(ROOT, "spark/bin/seqtag-spark-cluster")


def documents(path):
    """The documents of a CoNLL file as lists of words, split at -DOCSTART-."""
    docs, words = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line.startswith("-DOCSTART-"):
                if words:
                    docs.append(words)
                words = []
            elif line:
                words.append(line.split()[0])
    if words:
        docs.append(words)
    return docs


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def machine_cpu_seconds():
    """CPU seconds the whole machine has spent busy (all cores), from /proc/stat."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    busy = sum(fields) - fields[3] - fields[4]  # all but idle and iowait
    return busy / os.sysconf("SC_CLK_TCK")


def tag_corpus(master, corpus, out, cores):
    """One TagCorpus run; returns its counters line as a dict, with the machine's CPU seconds during the run."""
    cpu_before = machine_cpu_seconds()
    env = dict(os.environ, SEQTAG_SPARK_MEMORY="1g",
               SEQTAG_SPARK_CONF=f"spark.cores.max={cores} spark.executor.memory=1500m "
                                 "spark.executorEnv.OMP_NUM_THREADS=1 "
                                 "spark.executor.extraJavaOptions=--add-modules=jdk.incubator.vector")
    result = subprocess.run([LOCAL, "TagCorpus", "--master", master, "--model", "bundled", "--input", corpus,
                             "--output", out, "--overwrite", "--partitions", "8", "--precision", "auto"],
                            env=env, capture_output=True, text=True)
    cpu = machine_cpu_seconds() - cpu_before
    line = next((l for l in result.stdout.splitlines() if l.startswith("TagCorpus: documents=")), None)
    if result.returncode != 0 or line is None:
        sys.exit(f"TagCorpus failed ({result.returncode}):\n{result.stderr[-3000:]}")
    counters = {k: float(v) for k, v in re.findall(r"(\w+)=([0-9.]+)", line)}
    counters["cpu_seconds"] = cpu
    return counters


def wait_ready(port, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/actuator/health/readiness", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    sys.exit("the service did not become ready")


def measure_tagging(args, master, tmp, docs, words):
    corpus = os.path.join(tmp, "corpus.txt")
    with open(corpus, "w", encoding="utf-8") as f:
        for _ in range(args.repeat):
            for doc in docs:
                f.write(" ".join(doc) + "\n")
    print(f"corpus: {len(docs) * args.repeat} documents, {words * args.repeat} CoNLL words", flush=True)
    runs = {1: [], 2: []}
    for r in range(args.rounds):
        for cores in (1, 2):
            counters = tag_corpus(master, corpus, os.path.join(tmp, f"out-{cores}"), cores)
            rate = words * args.repeat / counters["tagging_seconds"]
            runs[cores].append((rate, counters))
            print(f"round {r + 1}, {cores} executor(s): {counters['tagging_seconds']:.1f} s tagging "
                  f"({counters['seconds']:.1f} s with start-up), {rate:,.0f} CoNLL words/s; "
                  f"{words * args.repeat / counters['cpu_seconds']:,.0f} words per CPU-second of the whole run "
                  f"(driver, executors, start-up: {counters['cpu_seconds']:.0f} CPU-s); "
                  f"job counters: tokens {counters['tokens']:.0f}, entities {counters['entities']:.0f}, "
                  f"errors {counters['errors']:.0f}", flush=True)
    port = free_port()
    log = open(os.path.join(tmp, "service.log"), "w")
    service = subprocess.Popen(["java", "--add-modules", "jdk.incubator.vector", "-jar",
                                os.path.join(ROOT, "target/seqtag.jar"), f"--server.port={port}",
                                f"--seqtag.model-dir={os.path.join(tmp, 'models')}"],
                               stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ, OMP_NUM_THREADS="1"))
    try:
        wait_ready(port)
        bodies = []
        for i in range(0, len(docs), 16):
            chunk = docs[i:i + 16]
            body = json.dumps({"documents": [{"text": " ".join(d)} for d in chunk]}).encode()
            bodies.append((body, sum(len(d) for d in chunk)))
        load_test.run_level("127.0.0.1", port, "/tag/batch", bodies, 2, 10)  # warm-up
        service_runs = {}
        for clients in (1, 2):
            cpu_before = machine_cpu_seconds()
            service_runs[clients] = load_test.run_level("127.0.0.1", port, "/tag/batch", bodies, clients, 30)
            cpu = machine_cpu_seconds() - cpu_before
            s = service_runs[clients]
            print(f"/tag/batch, {clients} client(s), 16 documents per request: {s['tok_s']:,.0f} CoNLL words/s, "
                  f"{s['tok_s'] * 30 / cpu:,.0f} words per CPU-second (service and client), "
                  f"{s['req_s']:.1f} req/s, p99 {s['p99']:.0f} ms, errors {s['errors']}", flush=True)
    finally:
        service.terminate()
        service.wait(30)
    return runs, service_runs


def curve(path):
    with open(path) as f:
        header = f.readline().strip().split(",")
        return [dict(zip(header, map(float, line.strip().split(",")))) for line in f if line.strip()]


def measure_training(args, master, tmp):
    conll = args.conll
    train, valid = os.path.join(conll, "train.txt"), os.path.join(conll, "valid.txt")
    spark_out = os.path.join(tmp, "spark.seqtag")
    env = dict(os.environ, SEQTAG_SPARK_MEMORY="3g",
               SEQTAG_SPARK_CONF="spark.cores.max=2 spark.executor.memory=2g spark.executorEnv.OMP_NUM_THREADS=1 "
                                 "spark.driver.maxResultSize=1g")
    began = time.time()
    result = subprocess.run([LOCAL, "TrainOnSpark", "--master", master, "--train", train, "--valid", valid,
                             "--out", spark_out, "--set", f"epochs={args.epochs}", "--set", f"patience={args.epochs}",
                             "--set", "seed=3"], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"TrainOnSpark failed:\n{result.stderr[-3000:]}")
    spark_wall = time.time() - began
    plain_out = os.path.join(tmp, "plain.seqtag")
    began = time.time()
    result = subprocess.run(["java", "-Xmx1200m", "-jar", os.path.join(ROOT, "target/seqtag.jar"), "train",
                             "--train", train, "--valid", valid, "--out", plain_out, "--epochs", str(args.epochs),
                             "--patience", str(args.epochs), "--seed", "3"],
                            env=dict(os.environ, OMP_NUM_THREADS="1"), capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"train failed:\n{result.stderr[-3000:]}")
    plain_wall = time.time() - began
    for name, out, wall in (("TrainOnSpark, 2 workers", spark_out, spark_wall), ("train (plain)", plain_out, plain_wall)):
        epochs = curve(out + ".curve.csv")
        seconds = [e["seconds"] for e in epochs]
        print(f"{name}: seconds per epoch {', '.join(f'{s:.0f}' for s in seconds)} (mean "
              f"{statistics.mean(seconds):.0f}); valid F1 per epoch "
              f"{', '.join('%.2f' % e['valid_f1'] for e in epochs)}; whole run {wall:.0f} s", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--conll", default=os.path.join(ROOT, "../shared/datasets/conll2003"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--skip-training", action="store_true")
    parser.add_argument("--skip-tagging", action="store_true")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start", flush=True)
    with tempfile.TemporaryDirectory(prefix="seqtag-spark-measure-") as tmp:
        started = subprocess.run([CLUSTER, "start", "--workers", "2", "--cores", "1", "--memory", "3g",
                                  "--dir", os.path.join(tmp, "cluster")], capture_output=True, text=True)
        if started.returncode != 0:
            sys.exit(f"the cluster did not start:\n{started.stderr}")
        master = started.stdout.strip()
        try:
            if not args.skip_tagging:
                docs = documents(os.path.join(args.conll, "train.txt"))
                measure_tagging(args, master, tmp, docs, sum(len(d) for d in docs))
            if not args.skip_training:
                measure_training(args, master, tmp)
        finally:
            subprocess.run([CLUSTER, "stop", "--dir", os.path.join(tmp, "cluster")])
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
