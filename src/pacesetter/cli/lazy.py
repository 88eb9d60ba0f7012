"""Commands that load when they run: `pacesetter --help` imports no pandas, DuckDB or SciPy.

Each top-level command lives in a module that imports the heavy libraries it needs; the table
below names the module, and the catalogue (``cli.commands.<name>``) its one-line help, so the
command list is shown without importing any of them. Click's documented pattern for lazy
subcommands (a group whose ``get_command`` imports on demand) does this; Typer has no option for
it, hence this class.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import typer
import typer.main
import typer.rich_utils as rich_utils
from typer import _click as click  # Typer's own copy of click, whose classes its groups take
from typer._click import formatting
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from pacesetter.i18n import LANGS, catalogue, t

# name: the module with an ``attach(app)``; in the order --help lists them
COMMANDS: dict[str, str] = {
    "init": "pacesetter.cli.data_cmds",
    "list": "pacesetter.cli.data_cmds",
    "show": "pacesetter.cli.data_cmds",
    "overview": "pacesetter.cli.data_cmds",
    "bulletin": "pacesetter.cli.monitor_cmds",
    "warnings": "pacesetter.cli.monitor_cmds",
    "needed": "pacesetter.cli.monitor_cmds",
    "peers": "pacesetter.cli.peers_cmds",
    "template": "pacesetter.cli.io_cmds",
    "validate": "pacesetter.cli.io_cmds",
    "import": "pacesetter.cli.io_cmds",
    "export": "pacesetter.cli.io_cmds",
    "extract": "pacesetter.cli.extract_cmds",
    "audit": "pacesetter.cli.registry_cmds",
    "report": "pacesetter.cli.report_cmds",
    "assess": "pacesetter.cli.assess_cmds",
    "projects": "pacesetter.cli.registry_cmds",
    "tasks": "pacesetter.cli.registry_cmds",
    "parks": "pacesetter.cli.registry_cmds",
    "policies": "pacesetter.cli.registry_cmds",
    "trace": "pacesetter.cli.registry_cmds",
    "chains": "pacesetter.cli.chains_cmds",
    "structure": "pacesetter.cli.structure_cmds",
    "target": "pacesetter.cli.target_cmds",
    "users": "pacesetter.cli.users_cmds",
    "serve": "pacesetter.cli.serve_cmds",
    "backup": "pacesetter.cli.admin_cmds",
    "restore": "pacesetter.cli.admin_cmds",
}

_spoken: str | None = None  # the language of this run, once LazyGroup.main has read it
_format_error = rich_utils.rich_format_error  # Typer's, wrapped by speak()

# an error message of Typer's click (English f-strings, no gettext) → its key under
# cli.typer.errors, whose placeholders are the pattern's named groups; the first that matches wins
_CLICK_ERRORS = [
    (re.compile(r"No such option: (?P<name>\S+) \(Possible options: (?P<options>.+)\)"),
     "no_such_option_maybe"),
    (re.compile(r"No such option: (?P<name>\S+)"), "no_such_option"),
    (re.compile(r"No such command (?P<name>'.*?')\. Did you mean (?P<matches>.+)\?"),
     "no_such_command_maybe"),
    (re.compile(r"No such command (?P<name>'.*')\."), "no_such_command"),
    (re.compile(r"Missing command\."), "missing_command"),
    (re.compile(r"Missing argument (?P<name>.+?)\.(?: (?P<extra>.*))?"), "missing_argument"),
    (re.compile(r"Missing option (?P<name>.+?)\.(?: (?P<extra>.*))?"), "missing_option"),
    (re.compile(r"Got unexpected extra argument\(s\) \((?P<args>.*)\)"), "extra_arguments"),
    (re.compile(r"Option (?P<name>'.*') does not take a value\."), "takes_no_value"),
    (re.compile(r"Option (?P<name>'.*') requires an argument\."), "needs_value"),
    (re.compile(r"Option (?P<name>'.*') requires (?P<n>\d+) arguments\."), "needs_values"),
    (re.compile(r"Argument (?P<name>'.*') takes (?P<n>\d+) values\."), "argument_values"),
    (re.compile(r"Invalid value for (?P<name>.+?): Input should be a valid integer.*"), "not_an_integer"),
    (re.compile(r"Invalid value for (?P<name>.+?): Input should be a valid number.*"), "not_a_number"),
    (re.compile(r"Invalid value for (?P<name>.+?): Input should be greater than or equal to (?P<n>\S+)"),
     "at_least"),
    (re.compile(r"Invalid value for (?P<name>.+?): Input should be less than or equal to (?P<n>\S+)"),
     "at_most"),
    (re.compile(r"Invalid value for (?P<name>.+?): (?P<message>.*)", re.S), "invalid_value_for"),
    (re.compile(r"Invalid value: (?P<message>.*)", re.S), "invalid_value"),
]


def _lang_in(args: Sequence[str]) -> str | None:
    """The value of ``--lang`` in ``args``, if given."""
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _language(args: Sequence[str]) -> str:
    """``--lang`` in ``args``, else PACESETTER_LANG, else zh (also for a value that is no language,
    which the root callback refuses)."""
    lang = _lang_in(args) or os.environ.get("PACESETTER_LANG", "zh")
    return lang if lang in LANGS else "zh"


def help_language() -> str:
    """The language of help text: ``--lang`` on the command line, else PACESETTER_LANG, else zh.

    Help is printed before the root callback has parsed ``--lang``, so it is read here (from the
    arguments the root group was run with, else from sys.argv).
    """
    return _spoken or _language(sys.argv[1:])


def click_error(message: str, lang: str) -> str:
    """One of Typer's (English) error messages in ``lang``; one it does not know stays as it is."""
    for pattern, key in _CLICK_ERRORS:
        if m := pattern.fullmatch(message):
            values = {k: v or "" for k, v in m.groupdict().items()}
            return t(f"cli.typer.errors.{key}", lang, **values).rstrip()
    return message


# Typer's labels of a value by their Python type, and the catalogue's word for each (cli.typer.value)
_VALUE_WORDS = {"<str>": "text", "<path>": "path", "<int>": "n", "<int range>": "n", "<float>": "number",
                "<float range>": "number", "<list[str]>": "texts", "<list[Path]>": "paths",
                "<%Y-%m-%d>": "date"}


_Label = Callable[[Any, click.Context], str | None]


def _in_words(label: _Label) -> _Label:
    """Typer's label of what a parameter takes, in the reader's words (TEXT, PATH, N; 文本, 路径…)
    rather than Python's types (<str>, <list[Path]>), and none for a flag, which takes no value
    (Typer shows <bool>, as if it took true or false). A label a module chose (N, URL) and a
    choice's values (a|b) stay as they are."""

    def in_words(param: Any, ctx: click.Context) -> str | None:  # Typer passes ctx by name
        if getattr(param, "is_flag", False) or getattr(param, "count", False):
            return None
        shown = label(param, ctx)
        word = _VALUE_WORDS.get(str(shown))
        return t(f"cli.typer.value.{word}", help_language()) if word else shown

    return in_words


# Typer calls display_type_rich on each parameter as it writes help; it has no hook for the words
TyperOption.display_type_rich = _in_words(TyperOption.display_type_rich)  # type: ignore[method-assign,assignment]
TyperArgument.display_type_rich = _in_words(TyperArgument.display_type_rich)  # type: ignore[method-assign,assignment]


def speak(lang: str) -> None:
    """Make Typer's own words (panel titles, "Usage:", "[default: …]", the error panel and the
    messages in it) ``lang``'s.

    Typer writes them from module constants of ``typer.rich_utils`` and click's formatter, read
    when help is written, and prints its errors through ``rich_utils.rich_format_error``, looked
    up when called; there is no other hook for them, so they are set here for the run
    (``"{}"`` and the ``{command_path}`` placeholders stay for Typer to fill).
    """
    global _spoken
    _spoken = lang
    words = {
        "ARGUMENTS_PANEL_TITLE": t("cli.typer.arguments", lang),
        "OPTIONS_PANEL_TITLE": t("cli.typer.options", lang),
        "COMMANDS_PANEL_TITLE": t("cli.typer.commands", lang),
        "ERRORS_PANEL_TITLE": t("cli.typer.error", lang),
        "ABORTED_TEXT": t("cli.typer.aborted", lang),
        "DEPRECATED_STRING": t("cli.typer.deprecated", lang),
        "DEFAULT_STRING": t("cli.typer.default", lang, value="{}"),
        "ENVVAR_STRING": t("cli.typer.envvar", lang, value="{}"),
        "REQUIRED_LONG_STRING": t("cli.typer.required", lang),
        "RICH_HELP": t("cli.typer.try_help", lang, command_path="{command_path}",
                       help_option="{help_option}"),
    }
    for name, text in words.items():
        setattr(rich_utils, name, text)

    def format_error(self: click.ClickException) -> None:
        english = type(self).format_message(self)
        self.format_message = lambda: click_error(english, lang)  # type: ignore[method-assign]
        _format_error(self)

    rich_utils.rich_format_error = format_error
    usage = t("cli.typer.usage", lang) + " "

    class Formatter(formatting.HelpFormatter):
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, args, usage if prefix is None else prefix)

    click.Context.formatter_class = Formatter


def localise(command: click.Command, key: str, lang: str, values: Mapping[str, object] | None = None) -> None:
    """Help of ``command``, its parameters and subcommands from the catalogue under ``key``.

    ``key.help`` is the command's help and ``key.params.<name>`` a parameter's, filled from
    ``values`` (a list joined as the language lists things); a command whose area has no entries
    keeps the help its module wrote. The help option's "Show this message and exit." is Typer's,
    replaced by ``cli.typer.help_option``.
    """
    messages = catalogue(lang)
    values = {k: messages["cli.list_sep"].join(v) if isinstance(v, list | tuple) else v
              for k, v in (values or {}).items()}
    if f"{key}.help" in messages:
        command.help = t(f"{key}.help", lang, **values)
    for param in command.params:
        if f"{key}.params.{param.name}" in messages and hasattr(param, "help"):
            param.help = t(f"{key}.params.{param.name}", lang, **values)
    if (helper := command.get_help_option(click.Context(command))) is not None:
        helper.help = messages["cli.typer.help_option"]
    for name, sub in getattr(command, "commands", {}).items():
        localise(sub, f"{key}.{name}", lang, values)


def _load(name: str) -> click.Command:
    """Import the module of command ``name`` and build its click command, its help in the help
    language (filled from the module's ``HELP_VALUES``, the lists its help names)."""
    module = importlib.import_module(COMMANDS[name])
    holder = typer.Typer()
    holder.callback()(lambda: None)  # a callback keeps a one-command Typer a group
    module.attach(holder)
    group = typer.main.get_command(holder)
    assert isinstance(group, TyperGroup)
    command = group.commands[name]
    localise(command, f"cli.{name}", help_language(), getattr(module, "HELP_VALUES", None))
    return command


class LazyGroup(TyperGroup):
    """The root group: lists every command from :data:`COMMANDS`, imports one only to run it."""

    _listing = False  # True while the root's --help is written

    def main(self, args: Sequence[str] | None = None, *rest: Any, **extra: Any) -> Any:
        """Run the app with help, Typer's words and messages in the language of ``args``."""
        lang = _language(sys.argv[1:] if args is None else args)
        speak(lang)
        localise(self, "cli.root", lang)
        return super().main(args, *rest, **extra)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*COMMANDS, *(n for n in super().list_commands(ctx) if n not in COMMANDS)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        loaded = super().get_command(ctx, cmd_name)
        if loaded is not None or cmd_name not in COMMANDS:
            return loaded
        if ctx.resilient_parsing or self._listing:
            # the command list of --help: a stand-in with the one-line help, nothing imported
            return TyperCommand(cmd_name, help=t(f"cli.commands.{cmd_name}", help_language()))
        return self.load(cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] in COMMANDS:
            self.load(args[0])
        return super().resolve_command(ctx, args)

    def load(self, name: str) -> click.Command:
        """The real command ``name``, imported once."""
        if name not in self.commands:
            self.add_command(_load(name), name)
        return self.commands[name]

    def load_all(self) -> LazyGroup:
        """Every command imported (for tools and tests that walk the whole tree)."""
        for name in COMMANDS:
            self.load(name)
        return self
