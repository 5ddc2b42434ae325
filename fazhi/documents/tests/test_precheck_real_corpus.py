"""The pre-check measured on real provisions (documents/precheck_corpus/): schema, fixed split,
figures and a regression floor at the measured held-out figures. Plain tests, no database."""

import hashlib
import json
import subprocess
import sys

import pytest

from fazhi.documents.precheck import RULES
from fazhi.documents.precheck_corpus import CORPUS_FILE, LABEL_SOURCES, LABELS, SPLITS, TEXT_FORMS, load
from fazhi.documents.precheck_corpus.evaluate import report, score, train_cv_figures
from fazhi.documents.precheck_model import precheck_all

# Measured on 2026-12-04 on the 514-item corpus (34 unlawful + 106 lawful held out) after the second pass of rules
# by legal category, developed on the train split: recall 0.59 (20 of 34), precision 0.91 (2 false alarms); before
# it 0.50 / 0.89, before that day's rules 0.41 / 0.88. Floors a little below, so that losing two held-out finds or
# gaining two false alarms fails; not the target (0.6 / 0.8). The 2026-12-03 figures (0.75 / 0.86) were on 8
# unlawful + 48 lawful held out.
HELDOUT_RECALL_FLOOR = 0.55
HELDOUT_PRECISION_FLOOR = 0.85
# With the statistical model (precheck_model.py, issue 8 §6), measured once on 2026-12-04 after model, threshold and
# rules were frozen (the fourth look at held-out figures in all): model alone 0.74 / 1.00 (25 of 34, no false alarm),
# rules OR model 0.85 / 0.94 (29 of 34, 2 false alarms). Floors so that losing two held-out finds or gaining two
# false alarms fails.
HELDOUT_FLOORS = {"model": (0.68, 0.90), "combined": (0.80, 0.90)}
# The train split (98 unlawful + 276 lawful) measured 0.99 / 1.00: the rules were written from it, so this guards
# against regressions only and says nothing about unseen clauses.
TRAIN_RECALL_FLOOR = 0.95
TRAIN_PRECISION_FLOOR = 0.95
# The statistical model (precheck_model.py), trained on the train split: on it (resubstitution) model 0.90 / 0.99,
# rules OR model 1.00 / 0.99; in the grouped cross-validation that chose its threshold (similar_model.json,
# train.py) model 0.71 / 0.99, combined 1.00 / 0.99 (the rules' part of that is fitted, not cross-validated).
TRAIN_FLOORS = {"model": (0.85, 0.95), "combined": (0.97, 0.95)}
TRAIN_CV_FLOORS = {"model": (0.65, 0.95), "combined": (0.97, 0.95)}


def test_every_line_is_a_sourced_labelled_real_provision():
    lines = [line for line in CORPUS_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [json.loads(line) for line in lines]
    assert len(rows) >= 400
    keys = {"id", "label", "text", "rules", "category", "basis", "doc", "source", "label_source", "text_form", "split"}
    for row in rows:
        assert set(row) == keys, row["id"]
        assert row["label"] in LABELS and row["split"] in SPLITS
        assert row["label_source"] in LABEL_SOURCES and row["text_form"] in TEXT_FORMS
        assert len(row["text"].strip()) >= 10 and row["category"] and row["basis"]
        assert row["source"]["document"] and row["source"]["via"]
        assert set(row["rules"]) <= set(RULES)
        if row["label"] == "unlawful":
            assert row["rules"], row["id"]
            assert row["label_source"] == "authority"
            assert {"reported_in", "reported_by", "report_date"} <= set(row["source"]), row["id"]
        else:
            assert row["rules"] == [] and row["label_source"] == "statute_text"
    assert len({r["id"] for r in rows}) == len(rows)
    assert len({r["text"] for r in rows}) == len(rows)


def test_the_split_is_fixed_by_source_document():
    clauses = load()
    by_doc = {}
    for c in clauses:
        by_doc.setdefault(c.doc, set()).add(c.split)
        expected = "heldout" if int(hashlib.sha1(c.doc.encode()).hexdigest()[:8], 16) % 10 < 3 else "train"
        assert c.split == expected, c.id
    assert all(len(splits) == 1 for splits in by_doc.values())
    held = [c for c in clauses if c.split == "heldout"]
    assert 0.15 <= len(held) / len(clauses) <= 0.4
    assert any(c.unlawful for c in held) and any(not c.unlawful for c in held)


def test_heldout_figures_do_not_fall_below_the_measured_floor(capsys):
    with capsys.disabled():
        sys.stdout.write("\nreal-provision corpus:\n" + report() + "\n")
    s = score(load("heldout"))
    assert s.recall >= HELDOUT_RECALL_FLOOR, (s.recall, s.precision)  # figures only: no held-out item is shown
    assert s.precision >= HELDOUT_PRECISION_FLOOR, (s.recall, s.precision)
    for by, (recall, precision) in HELDOUT_FLOORS.items():
        s = score(load("heldout"), by)
        assert s.recall >= recall and s.precision >= precision, (by, s.recall, s.precision)


def test_train_figures_do_not_fall_below_the_measured_floor():
    s = score(load("train"))
    assert s.recall >= TRAIN_RECALL_FLOOR, s.misses
    assert s.precision >= TRAIN_PRECISION_FLOOR, s.false_alarms


@pytest.mark.parametrize("by", ["model", "combined"])
def test_train_figures_of_the_model_do_not_fall_below_the_measured_floor(by):
    s = score(load("train"), by)
    recall, precision = TRAIN_FLOORS[by]
    assert s.recall >= recall, s.misses
    assert s.precision >= precision, s.false_alarms


@pytest.mark.parametrize("by", ["model", "combined"])
def test_train_cv_figures_do_not_fall_below_the_measured_floor(by):
    cv = train_cv_figures()[by]
    recall, precision = TRAIN_CV_FLOORS[by]
    assert cv["recall"] >= recall and cv["precision"] >= precision, cv


def test_every_finding_on_the_corpus_keeps_its_reason_and_basis():
    for c in load("train"):
        for f in precheck_all(c.text):
            if not f.sentence:
                continue  # document-level (no 施行日期): separate from clause findings
            assert f.legal_source.startswith(("《", "参照", "规范性文件")) and "。" in f.explanation
            assert c.text[f.match_start:f.match_end] and c.text[f.start:f.end] == f.sentence


def test_the_evaluation_runs_as_a_module():
    out = subprocess.run([sys.executable, "-m", "fazhi.documents.precheck_corpus.evaluate"],
                         capture_output=True, text=True, check=True).stdout
    assert out.startswith("train:") and "heldout:" in out and "recall" in out and "precision" in out
