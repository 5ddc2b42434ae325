"""How the lawful items l301… were chosen (kept for the record; not used at run time).

    python select_lawful.py <git dir of a LawRefBook/Laws snapshot> [count] > new.jsonl

Local regulations (DLC/) of the snapshot, in a fixed shuffled order; from each at most two articles, chosen by
the words of PATTERNS — never by what the pre-check says about them — with categories kept balanced (CAP),
skipping regulations whose header says 废止/失效, titles already in clauses.jsonl, and articles that set a
sanction in their own words (SETS_SANCTION). The split is the README's hash of the regulation's title."""
import hashlib
import json
import random
import re
import subprocess
import sys
from pathlib import Path

GIT = ["git", f"--git-dir={sys.argv[1]}", "-c", "core.quotepath=off"]
CORPUS = Path(__file__).with_name("clauses.jsonl")
# Only what a normative document may lawfully say too: a clause that SETS a fine, a licence or a restriction is
# lawful in a regulation (by its rank) but not in a 规范性文件, so it is no look-alike for this pre-check.
PATTERNS = [
    ("禁止指定限定条款", r"不得(?:指定|限定|强制|强迫)"),
    ("平等对待、反歧视条款", r"平等对待|不得歧视|一视同仁|公平参与"),
    ("禁止收费或索要证明条款", r"不得(?:收取|另行收取|额外收取)|不得要求.{0,20}(?:提供|出具).{0,10}证明|无需提供|不得要求.{0,10}重复提交"),
    ("引用上位法的法律责任条款", r"(?:依照|按照|依据)《[^》]{2,40}》[^。；]{0,40}(?:处罚|处理|追究)"),
    ("过渡与施行条款", r"施行前.{0,40}(?:继续有效|按照|依照)"),
    ("引用上位法依据的条款", r"^第[一二]条\s*为了.{0,120}根据《[^》]{2,40}》"),
    # the administration's own duties towards enterprises (a duty laid on enterprises would need a basis)
    ("本地表述的职责条款", r"(?:本市|本省|本行政区域)[^，。；]{0,12}(?:各级)?人民政府[^，。；]{0,20}(?:应当|负责).{0,60}(?:企业|经营者)"),
]
WANT = int(sys.argv[2]) if len(sys.argv) > 2 else 190
CAP = 60
# A regulation may set a fine, a confiscation or a warning in its own words; a normative document may not, so such
# an article is no lawful look-alike (it would be unlawful there). Restating the law's penalty by citing it is.
SETS_SANCTION = re.compile(r"罚款|没收|吊销|警告|暂扣|拘留|责令停产停业")  # items a category at most, so that fines (in almost every regulation) do not crowd out the rest
# The corpus as it stood before these items were added (ids below l301).
before = [json.loads(line) for line in CORPUS.open(encoding="utf-8") if line.strip()]
before = [r for r in before if not (r["id"].startswith("l") and int(r["id"][1:]) >= 301) and r["id"] < "u101"]
existing = {r["doc"] for r in before}
existing_texts = {r["text"] for r in before}
paths = [p for p in subprocess.run(GIT + ["ls-tree", "-r", "--name-only", "HEAD"], capture_output=True, text=True).stdout.splitlines()
         if p.startswith("DLC/") and p.endswith(".md")]
random.Random("precheck-corpus-2026-12-04").shuffle(paths)
counts = {c: 0 for c, _ in PATTERNS}
out, n_laws = [], 0
for path in paths:
    if len(out) >= WANT:
        break
    text = subprocess.run(GIT + ["show", f"HEAD:{path}"], capture_output=True, text=True).stdout
    head = text.split("<!-- INFO END -->")[0]
    if re.search(r"废止|失效", head):
        continue
    m = re.match(r"#\s*(.+)", text)
    if not m:
        continue
    title = m.group(1).strip()
    if title in existing:
        continue
    body = text.split("<!-- INFO END -->", 1)[-1]
    articles = [line.strip() for line in body.splitlines() if re.match(r"第[一二三四五六七八九十百零]+条\s", line.strip())]
    picked = []
    for cat, _ in sorted(PATTERNS, key=lambda cp: counts[cp[0]]):
        if len(picked) == 2:
            break
        if counts[cat] + sum(c == cat for _, c in picked) >= CAP:
            continue
        pattern = dict(PATTERNS)[cat]
        for art in articles:
            if 15 <= len(art) <= 300 and re.search(pattern, art) and not SETS_SANCTION.search(art) \
                    and art not in existing_texts \
                    and all(art != a for a, _ in picked):
                picked.append((art, cat))
                break
    if not picked:
        continue
    n_laws += 1
    for art, cat in picked:
        counts[cat] += 1
        out.append({"label": "lawful", "text": art, "rules": [], "category": cat,
                    "basis": "上位法文本本身（法律、行政法规或地方性法规的现行条文）", "doc": title,
                    "source": {"document": f"《{title}》", "issuer": "", "year": "", "version_date":
                               (re.search(r"\((\d{4}-\d{2}-\d{2})\)\.md$", path) or [None, ""])[1],
                               "via": f"LawRefBook/Laws 仓库快照 {path}"},
                    "label_source": "statute_text", "text_form": "quoted",
                    "split": "heldout" if int(hashlib.sha1(title.encode()).hexdigest()[:8], 16) % 10 < 3 else "train"})
for i, row in enumerate(out[:WANT], start=301):
    sys.stdout.write(json.dumps({"id": f"l{i}", **row}, ensure_ascii=False) + "\n")
sys.stderr.write(f"{len(out[:WANT])} items from {n_laws} regulations; {counts}\n")
