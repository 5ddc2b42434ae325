"""Public codes: the short, unguessable identifiers in URLs and receipts (never the sequential id).

Every module's public rows (documents, decisions, comments' receipts, cases) draw their codes here, so
that one alphabet, one regular expression for routes and one URL converter serve them all.
"""

import secrets

# No 0/O, 1/I: a code is read aloud on the phone and typed from paper.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 10
# What a route accepts: "public/", "new/" and other words never match a code.
CODE_REGEX = r"[2-9A-HJ-NP-Z]{10}"


def new_public_code() -> str:
    """A short, unguessable code for public URLs (never the sequential id)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class PublicCodeConverter:
    """``<code:…>`` in a route. Kept lenient (older codes were 10–12 characters of 0-9A-Z): a code
    that names nothing is a 404 from the lookup, not from the router."""

    regex = "[0-9A-Z]{10,12}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value

