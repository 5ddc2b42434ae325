"""Views of the normative-document module: drafting.py and comments.py (drafting side), desks.py and stats.py."""
