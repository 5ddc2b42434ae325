"""Recall and precision of the pre-check on the real provisions of clauses.jsonl.

    python -m fazhi.documents.precheck_corpus.evaluate [--misses] [--train-only]

A clause counts as *flagged* when the pre-check reports at least one clause-level finding on it
(document-level findings — no 施行日期, declared validity — are not about a clause and are left
out). Recall = flagged unlawful / unlawful; precision = flagged unlawful / all flagged.
"rule recall" also asks that one of the expected rule codes is among the findings.

Three pre-checks are measured: the rules alone (``precheck.precheck``), the statistical model alone
(``precheck_model.similar_findings`` on every sentence) and both as shipped (``precheck_model.precheck_all``:
the model only where no rule marked the sentence). "train-CV" is the grouped cross-validation on the train
split that chose the model's threshold (``train.py``), read from ``similar_model.json``. ``--train-only``
prints no held-out figure (for development: the held-out split is looked at only when everything is frozen).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass

from fazhi.documents.precheck import precheck
from fazhi.documents.precheck_model import MODEL_FILE, precheck_all, similar_findings

from . import SPLITS, Clause, load

DOCUMENT_LEVEL = frozenset({"no_effective_date"})
PRECHECKS = ("rules", "model", "combined")


def clause_rules(text: str, by: str = "rules") -> set[str]:
    if by == "rules":
        findings = precheck(text)
    elif by == "model":
        findings = similar_findings(text)
    elif by == "combined":
        findings = precheck_all(text)
    else:
        raise ValueError(by)
    return {f.rule for f in findings if f.sentence and f.rule not in DOCUMENT_LEVEL}


@dataclass(frozen=True)
class Score:
    n_unlawful: int
    n_lawful: int
    tp: int
    fp: int
    rule_tp: int
    misses: tuple[str, ...]
    false_alarms: tuple[str, ...]

    @property
    def recall(self) -> float:
        return self.tp / self.n_unlawful if self.n_unlawful else 1.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def rule_recall(self) -> float:
        return self.rule_tp / self.n_unlawful if self.n_unlawful else 1.0


def score(clauses: list[Clause], by: str = "rules") -> Score:
    tp = fp = rule_tp = 0
    misses, alarms = [], []
    for c in clauses:
        found = clause_rules(c.text, by)
        if c.unlawful:
            if found:
                tp += 1
                rule_tp += bool(found & set(c.rules))
            else:
                misses.append(f"{c.id} [{c.category}] {c.text[:70]}")
        elif found:
            fp += 1
            alarms.append(f"{c.id} {sorted(found)} {c.text[:70]}")
    return Score(sum(c.unlawful for c in clauses), sum(not c.unlawful for c in clauses),
                 tp, fp, rule_tp, tuple(misses), tuple(alarms))


def _line(name: str, s: Score) -> str:
    return (f"  {name:<9}recall {s.recall:.2f} (rule recall {s.rule_recall:.2f}), precision {s.precision:.2f} "
            f"({s.tp} found, {s.fp} false alarms, {s.n_unlawful - s.tp} missed)")


def train_cv_figures() -> dict:
    return json.loads(MODEL_FILE.read_text(encoding="utf-8"))["figures"]["train_cv"]


def report(show_misses: bool = False, splits: tuple[str, ...] = SPLITS) -> str:
    lines = []
    for split in splits:
        clauses = load(split)
        scores = {by: score(clauses, by) for by in PRECHECKS}
        first = scores["rules"]
        lines.append(f"{split}: {first.n_unlawful} unlawful + {first.n_lawful} lawful")
        lines += [_line(by, s) for by, s in scores.items()]
        if show_misses and split == "train":  # the held-out split is read for the figures only
            s = scores["combined"]
            lines += [f"  miss: {m}" for m in s.misses] + [f"  false alarm: {a}" for a in s.false_alarms]
        if split == "train":
            cv = train_cv_figures()
            lines.append(f"train-CV (grouped by document, {cv['provisions']} scored provisions over the repeats):")
            lines += [f"  {by:<9}recall {cv[by]['recall']:.2f}, precision {cv[by]['precision']:.2f} "
                      f"({cv[by]['found']} found, {cv[by]['false_alarms']} false alarms)" for by in PRECHECKS]
    return "\n".join(lines)


if __name__ == "__main__":
    args = sys.argv[1:]
    chosen = ("train",) if "--train-only" in args else SPLITS
    sys.stdout.write(report(show_misses="--misses" in args, splits=chosen) + "\n")
