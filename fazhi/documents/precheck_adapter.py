"""Runs the text pre-check on a document and stores plain findings for the review desk.

The findings are the rules' (precheck.py) and, for sentences no rule marked, the statistical model's
(precheck_model.py, code ``similar_to_reported``): same fields, so the review panel and the API show both.
"""

from dataclasses import asdict

from . import rules


def run(doc) -> list[dict]:
    from .precheck_model import precheck_all

    findings = precheck_all(
        doc.body, title=doc.title, validity_years=doc.validity_years,
        max_validity_years=rules.max_validity_years(doc.title),
        cited_basis=bool(doc.legal_basis.strip()) or doc.upper_laws.exists(),
    )
    return [asdict(f) | {"status": "open"} for f in findings]
