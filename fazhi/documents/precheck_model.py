"""A statistical second opinion beside the pre-check rules: 与已查处的妨碍公平竞争条款相似.

The rules in ``precheck.py`` name the legal pattern they see. This module adds, for a sentence no rule
flagged, a finding when the sentence reads like the provisions that authorities have *found unlawful*
in the real-provision corpus (``precheck_corpus/clauses.jsonl``, train split only). It is a
multinomial naive Bayes over the presence of character 2–3-grams, in pure Python, deterministic,
trained by ``python -m fazhi.documents.precheck_corpus.train`` and shipped as
``precheck_corpus/similar_model.json`` (no network, no numpy); the file is read once per process.

Each finding is shaped like a rule finding (``precheck.Finding``, code ``similar_to_reported``) and
tells the reviewer why and on what basis: the phrases of the sentence that weigh most towards
"unlawful", and the most similar reported provision of the training data — its category, the body
that reported it and the article it was found to break (law AND article), which becomes the
finding's ``legal_source``. It is an aid like the rules: the reviewer confirms or dismisses it.

Limits (see precheck_corpus/README.md): the unlawful examples are all 公平竞争审查 findings quoted by
the reports, the lawful ones are statute articles; the model partly learns that difference of genre
(at a threshold chosen on the corpus alone it marked 40 % of the sentences of ordinary lawful drafts).
Its threshold is therefore also bounded by the sentences of the project's lawful demo drafts
(``precheck_corpus/drafting_lawful.jsonl``: at most 2 % marked), which costs recall on the corpus.
It only knows the 公平竞争 kind; dates, validity, titles and headings are left to the rules.

Pure Python: no Django imports.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .precheck import (
    _HAS_EFFECTIVE_DATE,
    RULE_ORDER,
    RULES,
    Finding,
    _negated,
    _Sentence,
    precheck,
    split_sentences,
)

RULE = "similar_to_reported"
MODEL_FILE = Path(__file__).with_name("precheck_corpus") / "similar_model.json"

# Hyper-parameters, fixed before the threshold was chosen (see precheck_corpus/train.py).
NGRAM = (2, 3)
ALPHA = 1.0  # Laplace smoothing
MIN_DF = 2  # an n-gram seen in one training provision only is dropped
MIN_CHARS = 12  # sentences shorter than this (after normalisation) are not scored: dates, "有效期五年"
TOP_GRAMS = 6  # n-grams looked at to name the decisive phrases
MAX_PHRASES = 3

# ------------------------------------------------------------------------------- normalisation

# Marks of genre rather than content: the unlawful examples are quotations in reports (anonymised
# "某市", "XX公司", elisions "……"), the lawful ones statute articles ("本条例", "第十二条", 《中华人民共和国…法》).
_NORMALISE: list[tuple[re.Pattern, str]] = [
    (re.compile(r"《[^》]{1,60}》"), "《》"),
    (re.compile(r"中华人民共和国"), ""),
    (re.compile(r"本(?:实施办法|条例|办法|规定|细则|决定|意见|通知|规则|方案|措施|政策|法)"), "本文"),
    (re.compile(r"第[一二三四五六七八九十百零〇0-9]+(?:条|款|项|章|节)"), "第条"),
    (re.compile(r"[（(][一二三四五六七八九十0-9]{1,3}[）)]|^[一二三四五六七八九十]{1,3}、|^[0-9]{1,2}[.、．]"), ""),
    (re.compile(r"[某XＸx×＊*○〇]{1,4}(?=[市县区州省镇乡村公司企业局委办])|[XＸ×＊*○]+|…+|\.{2,}|。{2,}"), ""),
    (re.compile(r"[0-9０-９]+(?:\.[0-9]+)?|[一二三四五六七八九十百千万亿两]+(?=[万亿]?元|%|年|个|家|名|人|天|日|月|项|倍)"), "0"),
]


def normalise(text: str) -> tuple[str, list[int]]:
    """The text without blanks and genre marks, and for each kept character its offset in ``text``."""
    chars = [(ch, i) for i, ch in enumerate(text) if not ch.isspace()]
    for rx, repl in _NORMALISE:
        s = "".join(ch for ch, _ in chars)
        out: list[tuple[str, int]] = []
        last = 0
        for m in rx.finditer(s):
            out.extend(chars[last:m.start()])
            anchor = chars[m.start()][1] if m.start() < len(chars) else (chars[-1][1] if chars else 0)
            out.extend((ch, anchor) for ch in repl)
            last = m.end()
        out.extend(chars[last:])
        chars = out
    return "".join(ch for ch, _ in chars), [i for _, i in chars]


def grams(normalised: str) -> set[str]:
    lo, hi = NGRAM
    return {normalised[i:i + n] for n in range(lo, hi + 1) for i in range(len(normalised) - n + 1)}


_PUNCTUATION = re.compile(r"[，。；：、,;:]")
_HEADING = re.compile(
    r"^第[一二三四五六七八九十百零〇0-9]+[章节]|(?:办法|规定|细则|通知|意见|决定|方案|措施|条例|规则|总则|附则|目录|附件)"
    r"(?:[（(][^）)]{0,12}[）)])?$"
)

# Every draft ends with "本办法自…起施行，有效期五年": its "五年" reads like "5年内不得迁出" to the n-grams.
_DATES_AND_VALIDITY = re.compile(_HAS_EFFECTIVE_DATE.pattern + r"|有效期")

# ------------------------------------------------------------------------------------- training

_CN = "一二三四五六七八九十百零〇0-9"
_CITATION = re.compile(
    r"(《[^》]{2,40}》)[“\"]?(第[" + _CN + r"]+条(?:第[" + _CN + r"]+款)?(?:(?:第)?(?:[（(][" + _CN + r"]+[）)])+项?)?)"
)


def citation(basis: str) -> str:
    """The first law-and-article citation in a corpus ``basis`` ("" when it names no article)."""
    m = _CITATION.search(basis)
    return m.group(1) + m.group(2) if m else ""


def fit(clauses) -> dict:
    """Counts of a naive Bayes over n-gram presence, from corpus clauses (``precheck_corpus.Clause``).
    Deterministic: the same clauses give the same dict, whatever their order."""
    clauses = sorted(clauses, key=lambda c: c.id)
    counts: dict[str, list[int]] = {}
    for c in clauses:
        for g in grams(normalise(c.text)[0]):
            counts.setdefault(g, [0, 0])[0 if c.unlawful else 1] += 1
    kept = {g: n for g, n in sorted(counts.items()) if n[0] + n[1] >= MIN_DF}
    exemplars = [
        {"id": c.id, "category": c.category, "citation": citation(c.basis),
         "reported_by": c.source.get("reported_by", ""), "report_date": c.source.get("report_date", ""),
         "text": c.text}
        for c in clauses if c.unlawful and citation(c.basis)
    ]
    return {
        "ngram": list(NGRAM), "alpha": ALPHA, "min_df": MIN_DF, "min_chars": MIN_CHARS,
        "n_unlawful": sum(c.unlawful for c in clauses), "n_lawful": sum(not c.unlawful for c in clauses),
        "ids": [c.id for c in clauses], "grams": kept, "exemplars": exemplars,
    }


# --------------------------------------------------------------------------------------- model


@dataclass(frozen=True)
class Exemplar:
    id: str
    category: str
    citation: str
    reported_by: str
    report_date: str
    vector: dict


@dataclass(frozen=True)
class Scored:
    score: float  # log-odds "unlawful" of the sentence
    normalised: str
    phrases: list  # (start, end, weight): offsets in the sentence of the decisive phrases, heaviest first


class Model:
    def __init__(self, data: dict, threshold: float | None = None):
        self.data = data
        self.threshold = data.get("threshold") if threshold is None else threshold
        nu, nl = data["n_unlawful"], data["n_lawful"]
        counts = data["grams"]
        alpha = data["alpha"]
        vocab = len(counts)
        tot_u = sum(n[0] for n in counts.values()) + alpha * vocab
        tot_l = sum(n[1] for n in counts.values()) + alpha * vocab
        self.prior = math.log(nu / nl)
        self.weights = {g: math.log((n[0] + alpha) / tot_u) - math.log((n[1] + alpha) / tot_l)
                        for g, n in counts.items()}
        total = nu + nl
        self.idf = {g: math.log((total + 1) / (n[0] + n[1] + 1)) + 1 for g, n in counts.items()}
        self.exemplars = [Exemplar(e["id"], e["category"], e["citation"], e["reported_by"], e["report_date"],
                                   self._vector(grams(normalise(e["text"])[0])))
                          for e in data["exemplars"]]

    def _vector(self, present: set[str]) -> dict:
        v = {g: self.idf[g] for g in present if g in self.idf}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {g: x / norm for g, x in v.items()}

    def assess(self, sent: _Sentence) -> Scored | None:
        """The score and decisive phrases of one sentence (``precheck.split_sentences``), or None when the
        model does not judge it: an item under a negated lead-in, a date or validity clause, a title or
        heading line, a sentence too short, or one whose heaviest phrase stands
        under a 不得/禁止 (the rules' negation: "不得要求在本地设立分支机构" forbids, it does not impose)."""
        text = sent.text
        if sent.framed or _DATES_AND_VALIDITY.search(text):
            return None
        if not _PUNCTUATION.search(text) and _HEADING.search(text.strip()):
            return None  # a title or heading line, not a clause
        normalised, offsets = normalise(text)
        if len(normalised) < self.data["min_chars"]:
            return None
        present = sorted(((self.weights[g], g) for g in grams(normalised) if g in self.weights),
                         key=lambda wg: (-wg[0], wg[1]))
        phrases = _phrases(text, normalised, offsets, present) or [(0, len(text), 0.0)]
        if phrases[0][2] > 0 and _negated(sent, phrases[0][0]):
            return None
        return Scored(self.prior + sum(w for w, _ in present), normalised, phrases)

    def nearest(self, normalised: str) -> Exemplar | None:
        v = self._vector(grams(normalised))
        best, best_sim = None, -1.0
        for e in self.exemplars:
            sim = sum(x * e.vector.get(g, 0.0) for g, x in v.items())
            if sim > best_sim:
                best, best_sim = e, sim
        return best


@lru_cache(maxsize=1)
def load_model() -> Model:
    return Model(json.loads(MODEL_FILE.read_text(encoding="utf-8")))


# ------------------------------------------------------------------------------------ findings


def _phrases(sentence: str, normalised: str, offsets: list[int], present: list) -> list[tuple[int, int, float]]:
    """Spans (offsets in ``sentence``) of the heaviest n-grams, merged where they touch, heaviest first."""
    spans = []
    for w, g in present[:TOP_GRAMS]:
        if w <= 0:
            break
        i = normalised.find(g)
        spans.append([offsets[i], offsets[i + len(g) - 1] + 1, w])
    spans.sort()
    merged: list[list] = []
    for a, b, w in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
            merged[-1][2] = max(merged[-1][2], w)
        else:
            merged.append([a, b, w])
    merged.sort(key=lambda m: (-m[2], m[0]))
    return [(a, b, w) for a, b, w in merged[:MAX_PHRASES] if sentence[a:b].strip()]


def similar_findings(text: str, taken: list[Finding] | tuple = (), model: Model | None = None) -> list[Finding]:
    """Findings ``similar_to_reported`` for the sentences of ``text`` that score at or above the model's
    threshold, leaving out every sentence a finding in ``taken`` (the rules' findings) already marks."""
    model = model or load_model()
    marked = [(f.start, f.end) for f in taken if f.sentence]
    label, _ = RULES[RULE]
    found = []
    for sent in split_sentences(text):
        if any(a < sent.end and sent.start < b for a, b in marked):
            continue  # one mark per sentence: a rule already names what is wrong with it
        s = model.assess(sent)
        if s is None or s.score < model.threshold:
            continue
        phrases = s.phrases
        nearest = model.nearest(s.normalised)
        words = "".join(f"“{sent.text[a:b]}”" for a, b, _ in phrases)
        first = phrases[0]
        found.append(Finding(
            rule=RULE, rule_label=label, legal_source=nearest.citation, sentence=sent.text,
            start=sent.start, end=sent.end, match_start=sent.start + first[0], match_end=sent.start + first[1],
            explanation=(
                f"与已查处的妨碍公平竞争条款相似：起作用的词语为{words}（统计模型评分{s.score:.1f}，"
                f"提示阈值{model.threshold:.1f}）。最相似的已查处条款属“{nearest.category}”，"
                f"{nearest.reported_by}于{nearest.report_date}通报认定其违反{nearest.citation}。"
                "本提示由统计模型依据已查处条款的用词作出，不是规则判断，请对照该条文核实本条款是否存在同类问题。"
            ),
        ))
    return found


def precheck_all(text: str, **kwargs) -> list[Finding]:
    """The rules (``precheck.precheck``, same arguments) and, for sentences no rule marked, the model."""
    rules = precheck(text, **kwargs)
    found = rules + similar_findings(text, rules)
    return sorted(found, key=lambda f: (f.start, f.end, RULE_ORDER[f.rule]))
