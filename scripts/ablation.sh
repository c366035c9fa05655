#!/usr/bin/env bash
# Runs the ablation table of docs/model.md: one real training run per row, all with the same reduced
# budget, each changing one thing from the base configuration.
#
#   scripts/ablation.sh JAR CONLL_DIR OUT_DIR [ROW ...]
#
# JAR is target/seqtag.jar (copy it first if you keep building), CONLL_DIR holds train.txt and
# valid.txt, OUT_DIR receives <row>.seqtag, <row>.log and <row>.seqtag.curve.csv. Rows already
# finished (their curve has every epoch) are skipped, so the script can be resumed. Without ROW
# arguments every row runs, one after another (each uses one native thread).
set -euo pipefail
jar=$1; data=$2; out=$3; shift 3
# The reduced budget shared by every row: 3 epochs, 100 units per direction.
budget=(--epochs 3 --patience 3 --hidden-size 100)
declare -A rows=(
  [base]=""
  [cell-rnn]="--cell rnn"
  [cell-gru]="--cell gru"
  [cell-peephole]="--cell peephole_lstm"
  [forward-only]="--direction forward"
  [bi-add]="--direction bidirectional_add"
  [layers-2]="--layers 2"
  [layers-3]="--layers 3"
  [words-one-hot]="--no-pretrained --word-embedding-size 0 --one-hot-words 10000"
  [words-learned]="--no-pretrained --word-embedding-size 100"
  [words-glove-frozen]="--word-embedding-size 0"
  [words-glove-tuned]="--word-embedding-size 0 --fine-tune-pretrained"
  [no-chars]="--char-filters 0"
  [no-clipping]="--clipping none"
)
order=(base cell-rnn cell-gru cell-peephole forward-only bi-add layers-2 layers-3 words-one-hot
       words-learned words-glove-frozen words-glove-tuned no-chars no-clipping)
[ $# -gt 0 ] && order=("$@")
mkdir -p "$out"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
for row in "${order[@]}"; do
  curve="$out/$row.seqtag.curve.csv"
  if [ -f "$curve" ] && [ "$(tail -n +2 "$curve" | wc -l)" -ge 3 ]; then
    echo "$row: done"; continue
  fi
  echo "$row: training (${rows[$row]:-base})"
  # shellcheck disable=SC2086
  /usr/bin/time -f "$row wall %e s, peak RSS %M KB" java -Xmx3g -jar "$jar" train \
      --train "$data/train.txt" --valid "$data/valid.txt" --out "$out/$row.seqtag" \
      "${budget[@]}" ${rows[$row]} > "$out/$row.log" 2>&1 || echo "$row: FAILED (see $out/$row.log)"
  tail -1 "$out/$row.log"
done
