"""Views of the normative-document module, imported by module in urls.py (nothing is re-exported here).

Drafting side: drafting.py (lists, draft form, document page, transitions, versions, timeline page),
comments.py (the 征求意见 tab), steps.py (next steps and what blocks them), timeline.py (audit events in
Chinese). Desks and statistics: desks.py and stats.py (urls_desks.py).
"""
