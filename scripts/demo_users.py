"""Make the demo's users (a demo admin and one user per role) and print how to sign in.

Run by ``make demo`` after ``pacesetter init --demo``: ``python scripts/demo_users.py --db
out/demo.duckdb --url http://127.0.0.1:8000 [--lang zh|en]``. The demo database only; the
passwords are printed, so they are for trying the server, nothing else.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pacesetter
from pacesetter.errors import PacesetterError
from pacesetter.i18n import t
from pacesetter.workspace.demo_users import make_demo_users


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    args = parser.parse_args()
    lang = args.lang
    try:
        with pacesetter.open(args.db, actor="make-demo") as ws:
            users, token = make_demo_users(ws)
    except PacesetterError as exc:
        print(exc.text(lang), file=sys.stderr)
        return 2
    sep = t("cli.list_sep", lang)
    print(t("cli.demo_users.title", lang))
    for u in users:
        scope = sep.join([*u.chains, *u.districts])
        role = t(f"users.roles.{u.role.value}", lang)
        print(t("cli.demo_users.line", lang, name=u.name, password=u.password, role=role,
                scope=t("cli.demo_users.scope", lang, scope=scope) if scope else ""))
    print(t("cli.demo_users.how", lang, url=args.url, token=token))
    return 0


if __name__ == "__main__":
    sys.exit(main())
