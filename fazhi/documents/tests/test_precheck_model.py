"""The pre-check's statistical model (documents/precheck_model.py): reproducible from the train split, never
trained on a held-out item, and each finding shaped like a rule finding with its reason and basis.

Plain tests, no database. The model is loaded once per process (``load_model`` is cached); the retraining
runs once for the module (a few seconds).
"""

import dataclasses
import json
import math
import re
from types import SimpleNamespace

import pytest

from fazhi.documents import precheck_adapter
from fazhi.documents.precheck import RULES, Finding, highlight_html, precheck, split_sentences
from fazhi.documents.precheck_corpus import load
from fazhi.documents.precheck_corpus import train as training
from fazhi.documents.precheck_model import (
    MODEL_FILE,
    RULE,
    Model,
    citation,
    load_model,
    precheck_all,
    similar_findings,
)

# Written for this test: a reward for newly established local firms by their registered capital — no rule
# names it, the model finds it like the reported 第十条 cases.
UNSEEN = "对在本区新设立的企业，按其实缴注册资本的1%给予一次性奖励，最高不超过100万元。"
# A barrier to exit: the rules' local_protection (公平竞争审查条例 第九条) marks it, and the model would too.
RULE_FLAGGED = "获得扶持的企业需承诺5年内不迁出本区，否则收回扶持资金。"
_ARTICLE = re.compile(r"^《[^》]+》第[一二三四五六七八九十百零〇\d]+条")


@pytest.fixture(scope="module")
def retrained():
    """The model retrained from the corpus, with every split the training asked the corpus for."""
    asked = []
    original = training.load

    def recording_load(split=None):
        asked.append(split)
        return original(split)

    training.load = recording_load
    try:
        text = training.dumps(training.build())
    finally:
        training.load = original
    return text, asked


def test_the_shipped_model_is_the_one_retrained_from_the_train_split(retrained):
    text, _ = retrained
    assert MODEL_FILE.read_text(encoding="utf-8") == text, "retrain: python -m fazhi.documents.precheck_corpus.train"


def test_training_reads_the_train_split_only_and_no_held_out_item_is_in_the_model(retrained):
    _, asked = retrained
    assert asked and set(asked) == {"train"}
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    train = {c.id: c for c in load("train")}
    split_of = {c.id: c.split for c in load()}  # the split field only: no held-out item is looked at
    assert set(data["ids"]) == set(train) and {split_of[i] for i in data["ids"]} == {"train"}
    assert (data["n_unlawful"], data["n_lawful"]) == (sum(c.unlawful for c in train.values()),
                                                      sum(not c.unlawful for c in train.values()))
    exemplars = data["exemplars"]
    assert exemplars and all(e["id"] in train and train[e["id"]].unlawful for e in exemplars)
    assert all(e["text"] == train[e["id"]].text for e in exemplars)


def test_the_threshold_was_chosen_by_cross_validation_and_meets_its_criteria():
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    cv = data["figures"]["train_cv"]
    assert data["selection"]["grouped_by"] == "doc" and data["selection"]["folds"] == 5
    assert cv["model"]["precision"] >= 0.90 and cv["combined"]["precision"] >= 0.85
    assert data["figures"]["lawful_drafts"]["rate"] <= 0.02
    assert cv["combined"]["recall"] >= cv["rules"]["recall"]


def test_the_model_is_loaded_once_per_process():
    assert load_model() is load_model()
    assert math.isfinite(load_model().threshold)


def test_a_model_finding_carries_its_code_reason_and_basis_with_an_article():
    assert not [f for f in precheck(UNSEEN) if f.sentence]  # no rule names it
    [f] = similar_findings(UNSEEN)
    assert isinstance(f, Finding) and f.rule == RULE == "similar_to_reported"
    assert f.rule_label == RULES[RULE][0] == "与已查处的妨碍公平竞争条款相似"
    assert _ARTICLE.match(f.legal_source), f.legal_source
    assert f.explanation.startswith("与已查处的妨碍公平竞争条款相似：起作用的词语为“")
    assert f"违反{f.legal_source}。" in f.explanation and "最相似的已查处条款属“" in f.explanation
    assert "不是规则判断" in f.explanation
    assert (f.start, f.end) == (0, len(UNSEEN)) and UNSEEN[f.start:f.end] == f.sentence
    trigger = UNSEEN[f.match_start:f.match_end]
    assert trigger and f"“{trigger}”" in f.explanation  # the decisive phrase is underlined in the text


def test_a_clause_a_rule_flagged_gets_no_second_finding():
    assert [f.rule for f in similar_findings(RULE_FLAGGED)] == [RULE]  # the model alone would mark it
    found = [f for f in precheck_all(RULE_FLAGGED) if f.sentence]
    assert [f.rule for f in found] == ["local_protection"]


def test_rules_and_model_together_keep_positions_and_document_level_findings_apart():
    text = f"第一条 {RULE_FLAGGED}\n第二条 {UNSEEN}"
    found = precheck_all(text)
    clause = [f for f in found if f.sentence]
    assert [f.rule for f in clause] == ["local_protection", RULE]
    assert all(text[f.start:f.end] == f.sentence for f in clause)
    assert [f.rule for f in found if not f.sentence] == ["no_effective_date"]
    assert not [f for f in precheck_all(text + "\n第三条 本办法自2025年1月1日起施行。") if not f.sentence]


def test_the_review_desk_gets_model_findings_in_the_same_shape(monkeypatch):
    doc = SimpleNamespace(body=f"第一条 {UNSEEN}\n第二条 本办法自2025年1月1日起施行，有效期五年。", title="某区扶持办法",
                          validity_years=5, legal_basis="", upper_laws=SimpleNamespace(exists=lambda: False))
    stored = precheck_adapter.run(doc)
    assert [f["rule"] for f in stored] == [RULE]
    assert set(stored[0]) == {f.name for f in dataclasses.fields(Finding)} | {"status"}
    assert stored[0]["status"] == "open" and stored[0]["legal_source"].startswith("《")
    html = highlight_html(doc.body, [SimpleNamespace(**f) for f in stored])
    assert 'data-rule="similar_to_reported"' in html and 'class="precheck-trigger"' in html


@pytest.mark.parametrize("text", [
    "本办法自2025年1月1日起施行，有效期五年。",  # 施行日期 and 有效期 are the rules'
    "黔西南州支持中小微企业发展若干措施",  # a title
    "第二章 扶持措施",  # a heading
    "不得要求外地企业在本地设立分支机构或者缴纳保证金。",  # the decisive phrase stands under 不得
])
def test_dates_titles_headings_and_prohibitions_are_not_judged(text):
    assert not similar_findings(text)


def test_ordinary_lawful_clauses_are_left_alone():
    for text in ("本办法由县商务局负责解释。", "县财政局负责扶持资金的筹集和拨付，审计部门依法实施审计监督。",
                 "任何单位不得指定或者变相指定中介服务机构。"):
        assert not similar_findings(text), text


def test_a_citation_needs_law_and_article():
    assert citation("《公平竞争审查条例》第九条第（一）项（原《公平竞争审查制度实施细则》第十三条）") == \
        "《公平竞争审查条例》第九条第（一）项"
    assert citation("《公平竞争审查条例》“第十条...（二）给予特定经营者”的规定") == "《公平竞争审查条例》第十条"
    assert citation("违背市场准入负面清单制度（报告未列具体条文）") == ""


def test_assess_and_threshold_decide_alone_whatever_the_caller():
    model = load_model()
    sentence = split_sentences(UNSEEN)[0]
    scored = model.assess(sentence)
    assert scored.score >= model.threshold and scored.phrases
    stricter = Model(model.data, threshold=scored.score + 1)
    assert not similar_findings(UNSEEN, (), stricter)
