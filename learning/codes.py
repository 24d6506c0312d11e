"""Codes people read off paper and type: certificate codes and cohort join codes.

One alphabet and one set of rules for both, so a person who has typed one knows how to type
the other: no 0/O or 1/I/L (they are confused when read aloud or off a printout); case, spaces
and dashes are forgiven; codes are shown in groups of four.
"""

from __future__ import annotations

import re
import secrets

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_SEPARATORS = re.compile(r"[\s\-–—_.]+")


def code_new(*, length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def format_code(code: str) -> str:
    """K7QF3MZ9XW2D → K7QF-3MZ9-XW2D"""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalise_code(raw: str, *, length: int) -> str | None:
    """The code as stored, or None when what was typed cannot be one: wrong length, a letter
    outside the alphabet, a NUL byte."""
    code = _SEPARATORS.sub("", raw or "").upper()
    if len(code) != length or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code
