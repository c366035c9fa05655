#!/usr/bin/env bash
# The bundled model's whole recipe (docs/model.md, "Distillation"): train the teachers, then one
# student on their mean label probabilities plus the gold labels.
#
#   scripts/train-distilled.sh JAR CONLL_DIR OUT_DIR [STUDENT_SEED [TEACHER_SEED ...]]
#
# JAR is target/seqtag.jar (copy it first if you keep building), CONLL_DIR holds train.txt and
# valid.txt, OUT_DIR receives teacher-seed<N>.seqtag, student-seed<N>.seqtag, their logs and curves.
# Defaults: student seed 3, teacher seeds 3 42 1 2. Teachers already written are reused, so the
# script can be resumed; teachers train two at a time (one native thread each), then the student.
# Every run's wall time and peak RSS are in its log (/usr/bin/time -v).
set -euo pipefail
jar=$1; data=$2; out=$3; shift 3
student_seed=${1:-3}; shift || true
teacher_seeds=("$@")
[ ${#teacher_seeds[@]} -gt 0 ] || teacher_seeds=(3 42 1 2)
mkdir -p "$out"
recipe=(--epochs 10 --patience 3 --case-augmentation 0.1 --threads 1)

train() { # NAME SEED [EXTRA ...]
  local name=$1 seed=$2; shift 2
  /usr/bin/time -v java -Xmx1500m -jar "$jar" train --train "$data/train.txt" --valid "$data/valid.txt" \
    --out "$out/$name.seqtag" --seed "$seed" "${recipe[@]}" "$@" > "$out/$name.log" 2>&1
}

started=$(date +%s)
pending=()
for seed in "${teacher_seeds[@]}"; do
  [ -f "$out/teacher-seed$seed.seqtag" ] || pending+=("$seed")
done
for ((i = 0; i < ${#pending[@]}; i += 2)); do
  for seed in "${pending[@]:i:2}"; do
    train "teacher-seed$seed" "$seed" &
  done
  wait
done
teachers=$(printf "$out/teacher-seed%s.seqtag," "${teacher_seeds[@]}")
train "student-seed$student_seed" "$student_seed" --teachers "${teachers%,}"
echo "recipe done in $(( ($(date +%s) - started) / 60 )) min: $out/student-seed$student_seed.seqtag" >&2
