#!/usr/bin/env python3
"""Builds the warm-start measurement data of docs/retraining.md from CoNLL-2003, never in the repository.

    scripts/warm-start-data.py CONLL_DIR OUT_DIR

The new entity type is TEAM, split off ORG by one rule: in a document whose headline starts with a
sport (SOCCER, CRICKET, TENNIS, ... in CoNLL's capitals), every ORG entity becomes TEAM (clubs,
national sides, and the odd governing body such as UEFA: the rule is the definition). Everything else
keeps its CoNLL label. train.txt's documents are split, in order, into a training pool (the first
80 %) and held-back documents (the rest, never trained on here); then, with a fixed seed:

    OUT_DIR/train-{200,500,1000}.conll   sentences drawn from the pool (each set contains the smaller ones)
    OUT_DIR/select.conll                 500 held-back sentences for epoch selection (--valid)
    OUT_DIR/heldout.conll                every other held-back sentence, for the score
    OUT_DIR/valid-relabelled.conll       CoNLL valid.txt relabelled by the same rule

The bundled model was trained on all of train.txt with the original labels (and selected on
valid.txt), so it has seen the held-back train sentences' words with ORG where TEAM now stands;
valid-relabelled.conll is the fairer yardstick for a warm start from it.
"""
import random
import sys
from pathlib import Path

SPORTS = {"SOCCER", "CRICKET", "BASEBALL", "TENNIS", "RUGBY", "CYCLING", "GOLF", "ATHLETICS", "RALLYING",
          "BASKETBALL", "MOTOR", "MOTORCYCLING", "NFL", "NHL", "NBA", "ICE", "HOCKEY", "BOXING", "SWIMMING",
          "SQUASH", "BADMINTON", "HORSE", "HORSE-RACING", "AMERICAN", "SKIING", "ROWING", "SAILING", "VOLLEYBALL",
          "HANDBALL", "SNOOKER", "FORMULA", "ALPINE", "JUDO", "WRESTLING", "TABLE", "FOOTBALL", "POLO", "YACHTING",
          "TRIATHLON", "BIATHLON", "GYMNASTICS", "CHESS", "DARTS", "SPEEDWAY", "MOTORBIKING", "BOBSLEIGH"}


def documents(path):
    """Lists of sentences (lists of (word, label)) per -DOCSTART- document."""
    docs, doc, sentence = [], [], []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            if sentence:
                doc.append(sentence)
            sentence = []
        elif parts[0] == "-DOCSTART-":
            if sentence:
                doc.append(sentence)
            sentence = []
            if doc:
                docs.append(doc)
            doc = []
        else:
            sentence.append((parts[0], parts[-1]))
    if sentence:
        doc.append(sentence)
    if doc:
        docs.append(doc)
    return docs


def relabel(doc):
    sports = bool(doc) and doc[0][0][0].upper() in SPORTS
    if not sports:
        return doc
    return [[(w, l[:2] + "TEAM" if l.endswith("-ORG") else l) for w, l in s] for s in doc]


def write(path, sentences):
    with open(path, "w", encoding="utf-8") as out:
        for sentence in sentences:
            out.write("".join(f"{w} {l}\n" for w, l in sentence) + "\n")


def main(conll, out):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    docs = [relabel(d) for d in documents(Path(conll) / "train.txt")]
    cut = int(len(docs) * 0.8)
    pool = [s for d in docs[:cut] for s in d]
    held = [s for d in docs[cut:] for s in d]
    rng = random.Random(19)
    rng.shuffle(pool)
    rng.shuffle(held)
    for n in (200, 500, 1000):
        write(out / f"train-{n}.conll", pool[:n])
    write(out / "select.conll", held[:500])
    write(out / "heldout.conll", held[500:])
    valid = [s for d in documents(Path(conll) / "valid.txt") for s in relabel(d)]
    write(out / "valid-relabelled.conll", valid)
    for name in ["train-200", "train-500", "train-1000", "select", "heldout", "valid-relabelled"]:
        labels = [l for line in (out / f"{name}.conll").read_text().splitlines() if line for l in [line.split()[-1]]]
        count = lambda t: sum(1 for l in labels if l == "B-" + t)
        sentences = (out / f"{name}.conll").read_text().count("\n\n")
        print(f"{name}: {sentences} sentences, entities " + ", ".join(f"{t} {count(t)}" for t in
                                                                        ["PER", "LOC", "ORG", "MISC", "TEAM"]))


if __name__ == "__main__":
    main(*sys.argv[1:3])
