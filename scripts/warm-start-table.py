#!/usr/bin/env python3
"""Prints the warm-start table of docs/retraining.md from scripts/warm-start-measure.sh's results.tsv.

    scripts/warm-start-table.py OUT_DIR/results.tsv
"""
import sys
from collections import defaultdict

NAMES = {"scratch": "from scratch", "warm": "warm start (bundled model)",
         "warm-freeze2": "warm start, `freezeEpochs` 2", "warm-lr001": "warm start, learning rate 0.001"}
ORDER = ["scratch", "warm", "warm-freeze2", "warm-lr001"]


def main(path):
    runs = defaultdict(dict)
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        name, n, seed = f[0], int(f[1]), f[2]
        variant = name[: name.index(f"-{n}-s")]
        runs[(n, variant)][seed] = {"seconds": float(f[3]), "best": f[4], "select": f[5], "heldout": f[6],
                                    "heldout_team": f[7], "heldout_org": f[8], "valid": f[9], "valid_team": f[10]}
    print("| sentences | start | wall time (s) | best epoch | held-back F1 | held-back TEAM | held-back ORG "
          "| valid-relabelled F1 | valid-relabelled TEAM |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for n in sorted({n for n, _ in runs}):
        for variant in ORDER:
            seeds = runs.get((n, variant))
            if not seeds:
                continue
            cell = lambda key, fmt=str: " / ".join(fmt(seeds[s][key]) for s in sorted(seeds))
            bold = "**" if variant in ("scratch", "warm") else ""
            print(f"| {n} | {NAMES[variant]} | {cell('seconds', lambda v: f'{v:.0f}')} | {cell('best')} "
                  f"| {bold}{cell('heldout')}{bold} | {cell('heldout_team')} | {cell('heldout_org')} "
                  f"| {bold}{cell('valid')}{bold} | {cell('valid_team')} |")


if __name__ == "__main__":
    main(sys.argv[1])
