#!/usr/bin/env bash
# Runs the warm-start table of docs/retraining.md: the same budget from scratch and from the bundled
# model, on the relabelled CoNLL-2003 sets that scripts/warm-start-data.py writes (never in the repository).
#
#   scripts/warm-start-measure.sh JAR DATA_DIR OUT_DIR [EPOCHS]
#
# JAR is target/seqtag.jar (copy it first if you keep building). Each run trains on
# DATA_DIR/train-N.conll, keeps its best epoch on DATA_DIR/select.conll, and is then scored with
# `evaluate` on heldout.conll and valid-relabelled.conll; OUT_DIR/<run>.log holds the output and
# OUT_DIR/results.tsv one line per run (run, sentences, seed, seconds, best epoch, select F1,
# heldout F1, heldout TEAM F1, heldout ORG F1, valid F1, valid TEAM F1). Finished runs are skipped,
# so the script can be resumed. Runs go one after another with one native thread each; SEEDS, SIZES
# and VARIANTS (space-separated) choose a part, e.g. VARIANTS="scratch warm" SIZES=1000.
set -euo pipefail
jar=$1; data=$2; out=$3; epochs=${4:-10}
mkdir -p "$out"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
declare -A variants=(
  [scratch]=""
  [warm]="--init-from active"
  [warm-lr001]="--init-from active --learning-rate 0.001"
  [warm-freeze2]="--init-from active --freeze-epochs 2"
)
# Which runs, in this order (override to run a part first): every variant, size and seed.
runs=()
for seed in ${SEEDS:-1 2}; do
  for n in ${SIZES:-200 500 1000}; do
    for v in ${VARIANTS:-scratch warm warm-freeze2 warm-lr001}; do runs+=("$v:$n:$seed"); done
  done
done
f1() { grep -m1 "$2" "$1" | sed -E 's/.*FB1: *([0-9.]+).*/\1/'; }
for run in "${runs[@]}"; do
  IFS=: read -r v n seed <<<"$run"
  name="$v-$n-s$seed"
  grep -q "^$name	" "$out/results.tsv" 2>/dev/null && { echo "$name: done"; continue; }
  start=$(date +%s.%N)
  # shellcheck disable=SC2086
  java -Xmx1200m -jar "$jar" train --train "$data/train-$n.conll" --valid "$data/select.conll" \
    --out "$out/$name.seqtag" --epochs "$epochs" --patience "$epochs" --seed "$seed" ${variants[$v]} \
    >"$out/$name.log" 2>&1
  seconds=$(echo "$(date +%s.%N) - $start" | bc)
  java -jar "$jar" evaluate --model "$out/$name.seqtag" --data "$data/heldout.conll" >"$out/$name.heldout.txt" 2>&1
  java -jar "$jar" evaluate --model "$out/$name.seqtag" --data "$data/valid-relabelled.conll" >"$out/$name.valid.txt" 2>&1
  best=$(grep -o 'best epoch [0-9]*: valid F1 [0-9.]*' "$out/$name.log" | sed -E 's/best epoch ([0-9]+): valid F1 ([0-9.]+)/\1\t\2/')
  printf '%s\t%s\t%s\t%.1f\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$n" "$seed" "$seconds" "$best" \
    "$(f1 "$out/$name.heldout.txt" accuracy)" "$(f1 "$out/$name.heldout.txt" ' TEAM:')" \
    "$(f1 "$out/$name.heldout.txt" ' ORG:')" "$(f1 "$out/$name.valid.txt" accuracy)" \
    "$(f1 "$out/$name.valid.txt" ' TEAM:')" >>"$out/results.tsv"
  tail -1 "$out/results.tsv"
  rm -f "$out/$name.seqtag.curve.png"
done
