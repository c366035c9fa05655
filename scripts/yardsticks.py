#!/usr/bin/env python3
"""Writes the accuracy yardsticks of docs/model.md that valid alone cannot give (issue 18).

    scripts/yardsticks.py [--conll ../shared/datasets/conll2003] --out DIR

into DIR (outside the repository: CoNLL-2003 may not be redistributed):
- valid-upper.txt: the valid split with every token upper-cased, labels unchanged (text in capitals);
- train80.txt / train20.txt: the training split's first 80 % and last 20 % of documents (the split is
  chronological, so train20 is news the train80 model never saw), and train20-upper.txt;
- styles.txt and styles-<style>.txt: the invented sentences of scripts/data/styles.txt (encyclopedic
  prose, lower-case web text, all-caps and title-case headlines, sports results) as CoNLL.
Train on train80.txt (selecting on valid as usual), then `evaluate` on train20*.txt.
"""
import argparse
import os


def documents(path):
    docs, current = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("-DOCSTART-") and current:
                docs.append(current)
                current = []
            current.append(line)
    if current:
        docs.append(current)
    return docs


def upper(lines):
    """Upper-cases the first column of every token line; labels and document markers stay."""
    out = []
    for line in lines:
        if line.strip() and not line.startswith("-DOCSTART-"):
            word, rest = line.split(" ", 1)
            line = word.upper() + " " + rest
        out.append(line)
    return out


def styles(path):
    """The inline-annotated sentences of scripts/data/styles.txt as CoNLL lines, per style."""
    by_style, style = {}, None
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.strip()
            if line.startswith("## "):
                style = line[3:].split(" ")[0]
                continue
            if line.startswith("#"):
                continue
            if not line or style is None:
                continue
            rows, entity, first = [], None, False
            for token in line.split(" "):
                if token.startswith("[") and token[1:] in ("PER", "LOC", "ORG", "MISC"):
                    entity, first = token[1:], True
                    continue
                closes = token.endswith("]") and entity is not None
                word = token[:-1] if closes else token
                label = "O" if entity is None else ("B-" if first else "I-") + entity
                rows.append(f"{word} {label}\n")
                first = False
                if closes:
                    entity = None
            if entity is not None:
                raise SystemExit(f"unclosed entity in: {line}")
            by_style.setdefault(style, []).append(rows + ["\n"])
    return by_style


def write(path, lines):
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--conll", default=os.path.join(os.path.dirname(__file__), "../../shared/datasets/conll2003"))
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.conll, "valid.txt"), encoding="utf-8") as f:
        write(os.path.join(args.out, "valid-upper.txt"), upper(f.readlines()))
    docs = documents(os.path.join(args.conll, "train.txt"))
    cut = int(len(docs) * 0.8)
    first = [line for doc in docs[:cut] for line in doc]
    last = [line for doc in docs[cut:] for line in doc]
    write(os.path.join(args.out, "train80.txt"), first)
    write(os.path.join(args.out, "train20.txt"), last)
    write(os.path.join(args.out, "train20-upper.txt"), upper(last))
    by_style = styles(os.path.join(os.path.dirname(__file__), "data", "styles.txt"))
    everything = ["-DOCSTART- O\n", "\n"]
    for style, sentences in by_style.items():
        lines = [line for sentence in sentences for line in sentence]
        write(os.path.join(args.out, f"styles-{style}.txt"), ["-DOCSTART- O\n", "\n"] + lines)
        everything += lines
    write(os.path.join(args.out, "styles.txt"), everything)
    print(f"{len(docs)} training documents: {cut} in train80.txt, {len(docs) - cut} in train20.txt; files in {args.out}")


if __name__ == "__main__":
    main()
