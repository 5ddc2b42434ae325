"""Recall and precision of the pre-check on the real provisions of clauses.jsonl.

    python -m fazhi.documents.precheck_corpus.evaluate [--misses]

A clause counts as *flagged* when the pre-check reports at least one clause-level finding on it
(document-level findings — no 施行日期, declared validity — are not about a clause and are left
out). Recall = flagged unlawful / unlawful; precision = flagged unlawful / all flagged.
"rule recall" also asks that one of the expected rule codes is among the findings.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from fazhi.documents.precheck import precheck

from . import SPLITS, Clause, load

DOCUMENT_LEVEL = frozenset({"no_effective_date"})


def clause_rules(text: str) -> set[str]:
    return {f.rule for f in precheck(text) if f.sentence and f.rule not in DOCUMENT_LEVEL}


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


def score(clauses: list[Clause]) -> Score:
    tp = fp = rule_tp = 0
    misses, alarms = [], []
    for c in clauses:
        found = clause_rules(c.text)
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


def report(show_misses: bool = False) -> str:
    lines = []
    for split in SPLITS:
        s = score(load(split))
        lines.append(f"{split}: {s.n_unlawful} unlawful + {s.n_lawful} lawful; "
                     f"recall {s.recall:.2f} (rule recall {s.rule_recall:.2f}), precision {s.precision:.2f} "
                     f"({s.tp} found, {s.fp} false alarms, {s.n_unlawful - s.tp} missed)")
        if show_misses and split == "train":  # the held-out split is read for the figures only
            lines += [f"  miss: {m}" for m in s.misses] + [f"  false alarm: {a}" for a in s.false_alarms]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(report(show_misses="--misses" in sys.argv[1:]) + "\n")
