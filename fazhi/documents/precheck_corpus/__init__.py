"""Real provisions for measuring the pre-check (documents/precheck.py): see README.md.

``clauses.jsonl`` holds one provision a line. Every line is a quotation (or, where marked
``text_form="as_reported"``, the wording of the official report that quotes it) of text read in a
public source, with that source, its label and the rule it breaks. The split (``train`` /
``heldout``) is written in the file and fixed by source document: the held-out documents are never
used to tune the rules. Pure Python, no Django.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

CORPUS_FILE = Path(__file__).with_name("clauses.jsonl")
LABELS = ("unlawful", "lawful")
SPLITS = ("train", "heldout")
LABEL_SOURCES = ("authority", "statute_text")
TEXT_FORMS = ("quoted", "as_reported")


@dataclass(frozen=True)
class Clause:
    id: str
    label: str
    text: str
    rules: tuple[str, ...]  # precheck rule codes a reviewer expects (empty for lawful clauses)
    category: str  # Chinese: what is wrong (unlawful) or why it looks alike (lawful)
    basis: str  # the violated rule (unlawful) or why it is lawful
    doc: str  # the source document: the unit of the held-out split
    source: dict
    label_source: str  # "authority": the label is the published finding of the body named in source
    text_form: str
    split: str

    @property
    def unlawful(self) -> bool:
        return self.label == "unlawful"


def load(split: str | None = None) -> list[Clause]:
    clauses = []
    with CORPUS_FILE.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                row["rules"] = tuple(row["rules"])
                clauses.append(Clause(**row))
    return [c for c in clauses if split is None or c.split == split]
