"""Unified social credit codes (统一社会信用代码), GB 32100-2015.

18 characters: registration authority (1), organisation type (1), region code
(6, GB/T 2260), organisation code (9, GB 11714 with its own check character),
and a check character (1) computed modulo 31 over the first 17.
"""

from __future__ import annotations

from pacesetter.errors import InputError

# GB 32100-2015 character set: digits and capital letters without I, O, Z, S, V.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def check_character(first17: str) -> str:
    """The 18th character for the first 17 characters of a code."""
    if len(first17) != 17:
        raise InputError.said("common.uscc.need_17", n=len(first17))
    try:
        total = sum(_VALUE[c] * w for c, w in zip(first17.upper(), _WEIGHTS, strict=True))
    except KeyError as exc:
        raise InputError.said("common.uscc.bad_char", char=exc.args[0]) from None
    return ALPHABET[(31 - total % 31) % 31]


def validate_uscc(code: str) -> str:
    """Return the code upper-cased if valid; raise :class:`InputError` saying why if not."""
    c = str(code).strip().upper()
    if len(c) != 18:
        raise InputError.said("common.uscc.length", code=code, n=len(c))
    bad = [ch for ch in c if ch not in _VALUE]
    if bad:
        raise InputError.said("common.uscc.outside", code=code, bad=bad)
    expected = check_character(c[:17])
    if c[17] != expected:
        raise InputError.said("common.uscc.check", code=code, expected=expected, got=c[17])
    return c
