"""Commands that load when they run: `pacesetter --help` imports no pandas, DuckDB or SciPy.

Each top-level command lives in a module that imports the heavy libraries it needs; the table
below names the module and the one-line help in both languages, so the command list is shown
without importing any of them. Click's documented pattern for lazy subcommands (a group whose
``get_command`` imports on demand) does this; Typer has no option for it, hence this class.
"""

from __future__ import annotations

import importlib
import os
import sys

import typer
import typer.main
from typer import _click as click  # Typer's own copy of click, whose classes its groups take
from typer.core import TyperCommand, TyperGroup

# name: (module with an ``attach(app)``, one-line help in zh, in en); in the order --help lists them
COMMANDS: dict[str, tuple[str, str, str]] = {
    "init": ("pacesetter.cli.data_cmds", "建立数据库（加 --demo 载入内置的青岛数据）",
             "Create the database (and load the embedded dataset with --demo)."),
    "list": ("pacesetter.cli.data_cmds", "列出一张表（地区、指标、产业链……）",
             "List a table of the store (regions, indicators, chains, ...)."),
    "show": ("pacesetter.cli.data_cmds", "一个指标在一个或多个地区的数据，每行附来源和原始发布机构",
             "One indicator for one or more regions, every row with its source and original publisher."),
    "overview": ("pacesetter.cli.data_cmds", "城市与对标城市的主要指标对比（最近共同年份，每个数字有来源）",
                 "Headline indicators of a city against a peer, latest common year, every figure sourced."),
    "bulletin": ("pacesetter.cli.monitor_cmds", "生成地区月度简报，每个数字都有来源脚注",
                 "Write the monthly bulletin of a region, every number footnoted to its source."),
    "warnings": ("pacesetter.cli.monitor_cmds", "地区某月的预警，每条写明触发原因",
                 "List early-warning alerts of a region for a month, each with what triggered it."),
    "needed": ("pacesetter.cli.monitor_cmds", "完成年度目标后几个月需要的增速及判断",
               "The growth the remaining months need to meet an annual target, and a verdict."),
    "peers": ("pacesetter.cli.peers_cmds", "对标：城市与全部对标城市在各框架指标上的比较",
              "The city against all its peers on every indicator of its frameworks."),
    "template": ("pacesetter.cli.io_cmds", "生成导入模板（中英文表头，xlsx 附说明页）",
                 "Write an import template with zh/en headers (and a help sheet in xlsx)."),
    "validate": ("pacesetter.cli.io_cmds", "只校验文件、不写入（导入的试运行）；有问题时退出码 2",
                 "Check a file without writing anything (a dry run of import). Exit 2 if it has problems."),
    "import": ("pacesetter.cli.io_cmds", "在一个事务中导入文件：全部入库，或一行不入（退出码 2 并列出问题）",
               "Import a file in one transaction: every row lands, or none (exit 2 with every problem)."),
    "export": ("pacesetter.cli.io_cmds", "导出一个实体的全部行；导出后可修改再导入",
               "Export every row of an entity; edit it and import it again."),
    "audit": ("pacesetter.cli.registry_cmds", "审计日志：谁在何时把什么改成了什么",
              "The audit log: who changed what, when, from what to what."),
    "report": ("pacesetter.cli.report_cmds", "月度报告：简报、预警、所需增速、评估、产业链（Word 和 Excel）",
               "The month's pack: bulletin, warnings, growth needed, assessment, chains (Word and Excel)."),
    "assess": ("pacesetter.cli.assess_cmds", "评估：目标进度、对标位次、综合排名",
               "Assess a city against its framework: progress to targets, peer rank, composite rank."),
    "projects": ("pacesetter.cli.registry_cmds", "项目：列表、推进、红黄绿灯、漏斗、Excel 导入导出",
                 "Projects: list, advance, lights, funnel, Excel in and out."),
    "tasks": ("pacesetter.cli.registry_cmds", "任务督办：找位置 → 领任务 → 打项目",
              "Tasks and supervision: find the gap, take the task, land the project."),
    "parks": ("pacesetter.cli.registry_cmds", "园区", "Parks."),
    "policies": ("pacesetter.cli.registry_cmds", "政策：列表及按政策工具对产业链的覆盖",
                 "Policies: list and coverage of chains by instrument."),
    "trace": ("pacesetter.cli.registry_cmds", "追溯：项目 → 任务 → 短板 → 指标，及反向",
              "Trace project → task → gap → indicator, and back."),
    "chains": ("pacesetter.cli.chains_cmds", "产业链图谱：诊断、情景推演、图谱",
               "Industrial-chain maps: diagnostics, what-ifs, maps."),
}


def help_language() -> str:
    """The language of help text: ``--lang`` on the command line, else PACESETTER_LANG, else zh.

    Help is printed before the root callback has parsed ``--lang``, so it is read here.
    """
    args = sys.argv[1:]
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return os.environ.get("PACESETTER_LANG", "zh")


def _load(name: str) -> click.Command:
    """Import the module of command ``name`` and build its click command."""
    module = importlib.import_module(COMMANDS[name][0])
    holder = typer.Typer()
    holder.callback()(lambda: None)  # a callback keeps a one-command Typer a group
    module.attach(holder)
    group = typer.main.get_command(holder)
    assert isinstance(group, TyperGroup)
    return group.commands[name]


class LazyGroup(TyperGroup):
    """The root group: lists every command from :data:`COMMANDS`, imports one only to run it."""

    _listing = False  # True while the root's --help is written

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
            _, zh, en = COMMANDS[cmd_name]
            return TyperCommand(cmd_name, help=zh if help_language() == "zh" else en)
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

