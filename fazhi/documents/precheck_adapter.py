"""Runs the text pre-check on a document and stores plain findings for the review desk."""

from dataclasses import asdict

from . import rules


def run(doc) -> list[dict]:
    from .precheck import precheck

    findings = precheck(
        doc.body, title=doc.title, validity_years=doc.validity_years,
        max_validity_years=rules.max_validity_years(doc.title),
        cited_basis=bool(doc.legal_basis.strip()) or doc.upper_laws.exists(),
    )
    return [asdict(f) | {"status": "open"} for f in findings]
