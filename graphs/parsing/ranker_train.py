"""Train the intent ranker (``graphs/parsing/ranker.json``): ``python -m graphs.parsing.ranker_train``.

An averaged perceptron, deterministic (fixed example order, no randomness), over every labelled
command we have: the seed connector's variants, the evaluation conversations, and the held-out sets
*once they were scored* (a set
still held out must never be trained on: it would stop measuring anything). Each message is labelled
with its first expected intent (a give-up accepting several: the first listed).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import yaml

from graphs.parsing.ranker import WEIGHTS, Model, features

__all__ = ["TRAINED_ON", "corpus", "train"]

ROOT = Path(__file__).resolve().parents[2]
# The held-out sets scored and then tuned on; the newest set (20) was written after and is scored with the ranker.
TRAINED_ON = tuple(f"evals/heldout/set{n}.yaml" for n in range(1, 20))
SEED = "evals/cases/seed"
CONVERSATIONS = "evals/cases/conversations"
EPOCHS = 8


def corpus(root: Path = ROOT) -> list[tuple[str, str]]:
    """(text, intent) pairs: the seed variants, the evaluation conversations' turns that name their intents (the
    fixture's word "{W}" as a made-up name), then each trained-on held-out set, in file order."""
    pairs: list[tuple[str, str]] = []
    for path in sorted((root / SEED).glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            pairs += [(text, case["expect"]["intent"]) for text in case["variants"].values()]
    for path in sorted((root / CONVERSATIONS).glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            turns = [t for t in case.get("turns", []) if "say" in t and (t.get("expect") or {}).get("intents")]
            pairs += [(t["say"].replace("{W}", "Zorvak"), t["expect"]["intents"][0]) for t in turns]
    for name in TRAINED_ON:
        for case in yaml.safe_load((root / name).read_text(encoding="utf-8")):
            first = case["expect"][0]["intent"]
            pairs.append((case["text"], first[0] if isinstance(first, list) else first))
    return pairs


def train(pairs: list[tuple[str, str]], epochs: int = EPOCHS) -> Model:
    """Averaged perceptron: on each mistake the right class gains the message's features, the wrong one loses them;
    the weights kept are their average over every step (steadier than the last ones)."""
    classes = sorted({intent for _, intent in pairs})
    index = {c: i for i, c in enumerate(classes)}
    data = [(features(text), index[intent]) for text, intent in pairs]
    weights: dict[str, dict[int, float]] = defaultdict(dict)
    totals: dict[str, dict[int, float]] = defaultdict(dict)
    stamps: dict[str, dict[int, int]] = defaultdict(dict)
    step = 0

    def bump(feature: str, cls: int, delta: float) -> None:
        w = weights[feature].get(cls, 0.0)
        totals[feature][cls] = totals[feature].get(cls, 0.0) + (step - stamps[feature].get(cls, 0)) * w
        stamps[feature][cls] = step
        weights[feature][cls] = w + delta

    for epoch in range(epochs):
        # a fixed, epoch-dependent order: deterministic, yet not the file order every time
        for i in sorted(range(len(data)), key=lambda k: (k * 2654435761 + epoch * 97) % 1000003):
            feats, right = data[i]
            step += 1
            score = [0.0] * len(classes)
            for f in feats:
                for cls, w in weights[f].items():
                    score[cls] += w
            best = max(range(len(classes)), key=lambda c: (score[c], c != right))
            if best != right:
                for f in feats:
                    bump(f, right, 1.0)
                    bump(f, best, -1.0)
    averaged: dict[str, dict[str, float]] = {}
    for feature, per in weights.items():
        kept = {}
        for cls, w in per.items():
            total = totals[feature].get(cls, 0.0) + (step - stamps[feature].get(cls, 0)) * w
            if abs(mean := round(total / step, 3)) >= 0.001:
                kept[str(cls)] = mean
        if kept:
            averaged[feature] = kept
    return Model(classes=classes, weights=averaged)


def dumped(model: Model) -> str:
    return json.dumps(model.model_dump(), sort_keys=True, separators=(",", ":")) + "\n"


def main() -> None:
    model = train(corpus())
    WEIGHTS.write_text(dumped(model), encoding="utf-8")
    print(f"{WEIGHTS}: {len(model.classes)} intents, {len(model.weights)} features")


if __name__ == "__main__":
    main()
