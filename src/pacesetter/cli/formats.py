"""The format of a command's output file: --format where given, else the file's extension.

``-o b.docx`` alone must write Word, not Markdown under a .docx name that Word cannot open;
a --format that contradicts the extension is refused rather than obeyed into a misnamed file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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


def check_output_file(output: Path | None, allowed: Iterable[str], lang: str) -> None:
    """Refuse ``output`` before any work is done, so that nothing is computed for a file that cannot
    be written and nothing lands under a name its content does not match: a suffix not in
    ``allowed`` (".xlsx", ...; worded as ``chains overview -o`` words it), a folder, or a folder
    that does not exist to hold it. A UsageError naming the path; nothing when ``output`` is None."""
    from pacesetter.errors import InputError
    from pacesetter.workspace.chains import check_suffix

    if output is None:
        return
    try:
        check_suffix(output, tuple(allowed))
    except InputError as exc:
        raise UsageError(exc.text(lang)) from None
    if output.is_dir():
        raise UsageError(_path_error(output, "is_folder", lang))
    if not output.absolute().parent.is_dir():  # nothing makes a file's folder: it must be there
        _check_parents(output, lang)
        raise UsageError(_path_error(output, "missing", lang))


def check_output_folder(output: Path, lang: str) -> None:
    """Refuse ``output`` before any work when it cannot be the folder a command writes several files
    into: an existing file, or a file where one of its parent folders should be."""
    if output.exists() and not output.is_dir():
        raise UsageError(t("cli.errors.output_not_folder", lang, path=output))
    _check_parents(output, lang)


def _check_parents(output: Path, lang: str) -> None:
    """The nearest existing parent of ``output`` must be a folder (a missing file's folder is a
    usage error, found before any work rather than after it)."""
    for parent in output.absolute().parents:
        if parent.exists():
            if not parent.is_dir():
                raise UsageError(_path_error(output, "not_folder", lang))
            return


def _path_error(path: Path, reason: str, lang: str) -> str:
    return t("cli.errors.path", lang, path=path, reason=t(f"cli.errors.os.{reason}", lang))
