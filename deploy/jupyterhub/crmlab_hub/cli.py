"""``crmlab-hub``: one command per step of running a class server.

    crmlab-hub setup --instructor NAME [--course-id ID] [--port 8000] [--authenticator pam|native|lti] …
                            make or update everything (environment, exchange, course, PostgreSQL, configs)
    crmlab-hub start        start PostgreSQL and JupyterHub (with configurable-http-proxy)
    crmlab-hub stop [--keep-database]
    crmlab-hub status       exit status 0 if the hub runs and answers, 1 if not
    crmlab-hub deadline ASSIGNMENT WHEN [--timezone TZ] [--course DIR]
                            (the instructor, in the hub's terminal) set and publish a deadline

``--state DIR`` (default ``/srv/crmlab-hub``, or ``$CRMLAB_HUB_STATE``) is the folder that holds the
server. Exit status: 0 done, 2 bad input or an environment problem (the message says what to do; nothing
was changed by the step that failed), 3 an internal error (a bug: the trace says where).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import traceback
from pathlib import Path

from crmlab_hub import service, settings
from crmlab_hub.settings import HubError, Settings

REPOSITORY = Path(__file__).resolve().parents[3]
"""The repository, when this runs from deploy/jupyterhub (its requirements, its wheel, its proxy)."""


def _setting_options(parser: argparse.ArgumentParser) -> None:
    """One option per setting (``--course-id`` for ``course_id`` …; see crmlab_hub/settings.py for each)."""
    for spec in dataclasses.fields(Settings):
        if spec.name == "state":
            continue
        flag = "--" + spec.name.replace("_", "-")
        default = spec.default if spec.default is not dataclasses.MISSING else spec.default_factory()
        if isinstance(default, list):
            parser.add_argument(flag, action="append", help="repeatable", default=None)
        else:
            parser.add_argument(flag, type=type(default), default=None,
                                help=f"(default {default!r})" if default != "" else None)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="crmlab-hub", description="A CRM Lab class server with JupyterHub.")
    parser.add_argument("--state", type=Path, default=settings.DEFAULT_STATE,
                        help=f"the folder that holds the class server (default {settings.DEFAULT_STATE})")
    commands = parser.add_subparsers(dest="command", required=True)
    setup = commands.add_parser("setup", help="make or update everything the class server needs")
    _setting_options(setup)
    setup.add_argument("--requirements", type=Path, default=REPOSITORY / "requirements.txt",
                       help="the pinned requirements (default: the repository's)")
    setup.add_argument("--wheel", type=Path, help="the crmlab wheel (default: the newest in the repository's dist/)")
    start = commands.add_parser("start", help="start PostgreSQL and JupyterHub")
    start.add_argument("--wait", type=float, default=180, help="seconds to wait for the hub to answer")
    stop = commands.add_parser("stop", help="stop JupyterHub (and every server) and PostgreSQL")
    stop.add_argument("--keep-database", action="store_true", help="leave PostgreSQL running")
    commands.add_parser("status", help="say whether the hub and PostgreSQL run")
    deadline = commands.add_parser("deadline", help="set an assignment's deadline and publish it to students")
    deadline.add_argument("assignment")
    deadline.add_argument("when", help="e.g. '2026-12-20 23:59' (in --timezone) or '2026-12-20T23:59+08:00'")
    deadline.add_argument("--timezone", help="IANA time zone of WHEN, e.g. Asia/Shanghai (default: the server's)")
    deadline.add_argument("--course", type=Path, default=Path("."), help="the course folder (default: here)")
    return parser


def _newest_wheel() -> Path:
    wheels = sorted((REPOSITORY / "dist").glob("crmlab-*.whl"), key=lambda p: p.stat().st_mtime)
    if not wheels:
        raise HubError(f"no crmlab wheel in {REPOSITORY / 'dist'}: run `make dist` (or pass --wheel FILE)")
    return wheels[-1]


def run(args: argparse.Namespace) -> int:
    if args.command == "deadline":
        from crmlab_hub import deadline

        when = deadline.parse_when(args.when, args.timezone)
        published = deadline.set_deadline(args.course, args.assignment, when)
        print(f"deadline of {args.assignment}: {when:%Y-%m-%d %H:%M} UTC ({when.astimezone():%Y-%m-%d %H:%M %Z} "
              f"here), in the gradebook and published to students in {published}")
        return 0
    if args.command == "setup":
        changes = {spec.name: getattr(args, spec.name) for spec in dataclasses.fields(Settings) if spec.name != "state"}
        if not changes["proxy"] and not (args.state / settings.SETTINGS_FILE).is_file():
            changes["proxy"] = str(REPOSITORY / "node_modules" / ".bin" / "configurable-http-proxy")
        chosen = settings.update(args.state, changes)
        done = service.setup(chosen, args.requirements.resolve(), (args.wheel or _newest_wheel()).resolve())
        print("set up: " + (", ".join(done) if done else "everything was up to date"))
        print(f"course {chosen.course} (instructor {chosen.instructor}); students: members of {chosen.students_group}")
        if service.running_hub(chosen) is not None:
            print("the hub is running: `crmlab-hub stop` then `crmlab-hub start` for changed settings to take effect")
        else:
            print(f"next: crmlab-hub --state {chosen.state} start")
        return 0
    chosen = settings.load(args.state)
    if args.command == "start":
        print(service.start(chosen, wait=args.wait))
    elif args.command == "stop":
        print(service.stop(chosen, keep_database=args.keep_database))
    elif args.command == "status":
        report, healthy = service.status(chosen)
        print(report)
        return 0 if healthy else 1
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return run(args)
    except HubError as error:
        print(f"crmlab-hub {args.command}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"crmlab-hub {args.command}: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - the gradebook's database, or a bug: say which
        if type(error).__name__ == "OperationalError":  # SQLAlchemy: the gradebook's server cannot be reached
            print(f"crmlab-hub {args.command}: error: the gradebook's PostgreSQL cannot be reached: "
                  f"{str(error).splitlines()[0]}. Is the hub's database running (`sudo crmlab-hub status`)?",
                  file=sys.stderr)
            return 2
        print(f"crmlab-hub {args.command}: internal error (a bug in crmlab-hub; please report it with this trace):"
              f"\n{traceback.format_exc()}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
