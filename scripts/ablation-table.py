#!/usr/bin/env python3
"""Prints the ablation table of docs/model.md from the runs of scripts/ablation.sh.

    scripts/ablation-table.py OUT_DIR

One row per finished run: what changed from the base, best valid entity F1 within the budget,
F1 per epoch, and the mean epoch time (training plus validation, on a machine shared with other
runs, so compare times only roughly).
"""
import csv
import pathlib
import sys

CHANGES = {
    "base": "base: LSTM, bidirectional (concat), 1 layer, GloVe (frozen) + learned 50-d + casing + char CNN, Viterbi, L2 clipping 5",
    "cell-rnn": "cell: simple RNN",
    "cell-gru": "cell: GRU (our layer)",
    "cell-peephole": "cell: LSTM with peepholes (GravesLSTM)",
    "forward-only": "direction: forward only",
    "bi-add": "direction: bidirectional, added",
    "layers-2": "2 stacked layers",
    "layers-3": "3 stacked layers",
    "words-one-hot": "words: one-hot (10,000 most frequent), no GloVe",
    "words-learned": "words: learned 100-d embeddings only, no GloVe",
    "words-glove-frozen": "words: GloVe frozen only (no learned embedding)",
    "words-glove-tuned": "words: GloVe fine-tuned only",
    "no-chars": "no character CNN",
    "no-clipping": "no gradient clipping",
}

out = pathlib.Path(sys.argv[1])
print("| run | change from the base | best valid F1 | F1 per epoch | s/epoch |")
print("|---|---|---|---|---|")
for row, change in CHANGES.items():
    curve = out / f"{row}.seqtag.curve.csv"
    if not curve.exists():
        continue
    with curve.open() as f:
        epochs = list(csv.DictReader(f))
    if len(epochs) < 3:
        continue
    f1 = [float(e["valid_f1"]) for e in epochs]
    seconds = sum(float(e["seconds"]) for e in epochs) / len(epochs)
    print(f"| `{row}` | {change} | **{max(f1):.2f}** | {' / '.join(f'{v:.2f}' for v in f1)} | {seconds:.0f} |")
