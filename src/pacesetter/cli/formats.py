"""The format of a command's output file: --format where given, else the file's extension.

``-o b.docx`` alone must write Word, not Markdown under a .docx name that Word cannot open;
a --format that contradicts the extension is refused rather than obeyed into a misnamed file.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from pacesetter.cli.options import UsageError
from pacesetter.i18n import t


def output_format(fmt: str | None, output: Path | None, suffixes: Mapping[str, str], *, default: str,
                  contradicts: str, lang: str) -> str:
    """``fmt`` if given, else the format ``output``'s extension names (``suffixes``: ".docx" →
    "docx"), else ``default``; a UsageError worded by the message ``contradicts`` (placeholders
    format, path, named) when ``fmt`` and a known extension disagree."""
    named = suffixes.get(output.suffix.lower()) if output is not None else None
    if fmt is None:
        return named or default
    if named is not None and named != fmt:
        raise UsageError(t(contradicts, lang, format=fmt, path=output, named=named))
    return fmt
