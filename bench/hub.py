"""Benchmark: N students submit to a class server within a minute; how long collect and autograde take.

    sudo .venv/bin/python bench/hub.py [-n 200] [--seconds 60] [--jobs 2] [--assignment value] [--keep-environment DIR]

It sets up a throw-away class server (:class:`TrialClass`: a state folder in /tmp, local accounts with a
unique prefix, ``crmlab-hub setup`` and ``start``; all removed at the end), releases the assignment, and
has N students, each as their own account, fetch it through nbgrader's exchange and submit a model
solution spread over ``--seconds`` (:func:`submit_many`, forked from one warm process: each submission
costs what it costs on the server, not a Python start-up). While they submit the instructor collects
every few seconds; then once more, and that last collect and the autograde of all N are timed. It
checks that every submission was collected intact (:func:`check_collected`) and prints the times,
with the machine's load average (on a shared machine it matters).

The test of the hub (tests/test_hub.py) uses the same pieces.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy" / "jupyterhub"
LAUNCHER = DEPLOY / "crmlab-hub"
sys.path.insert(0, str(DEPLOY))

from crmlab_hub import settings as hub_settings  # noqa: E402


def free_ports(count: int) -> list[int]:
    """``count`` TCP ports nobody listens on now."""
    import socket

    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def build_wheel(folder: Path) -> Path:
    """The crmlab wheel of this working tree, built as `make dist` builds it."""
    folder.mkdir(parents=True, exist_ok=True)
    code = f"from setuptools import build_meta; print(build_meta.build_wheel({str(folder)!r}))"
    name = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout.strip().splitlines()[-1]
    return folder / name


class TrialClass:
    """A class server to try things on, and to throw away: accounts ``PREFIXt`` (the instructor) and
    ``PREFIXsNNN`` (students) with passwords, in groups ``PREFIXstu``/``PREFIXins``; a state folder in /tmp;
    ``crmlab-hub setup`` and ``start`` on free loopback ports. Leaving the ``with`` block stops the hub and
    PostgreSQL, ends every process of those accounts, and removes the accounts, groups and folders."""

    def __init__(self, students: int, course_id: str = "crm-trial", prefix: str | None = None,
                 keep_environment: Path | None = None) -> None:
        """``keep_environment``: a state folder whose hub environment (``venv/``, a few minutes to build) is kept
        from one trial to the next; everything else in it is made afresh and removed at the end."""
        if os.geteuid() != 0:
            raise SystemExit("a trial class server needs root (it makes local accounts and spawns servers as them)")
        self.prefix = prefix or f"crmt{os.getpid() % 10000:04d}"
        self.course_id = course_id
        self.instructor = f"{self.prefix}t"
        self.groups = {"students": f"{self.prefix}stu", "instructors": f"{self.prefix}ins"}
        self.count = students
        self.passwords: dict[str, str] = {}
        self.students: list[str] = []
        self.keep_environment = keep_environment is not None
        if keep_environment is None:
            self.state = Path(tempfile.mkdtemp(prefix="crmlab-hub-trial-", dir="/tmp"))
        else:
            self.state = Path(keep_environment)
            self.state.mkdir(parents=True, exist_ok=True)
            self._empty_but_environment()
        self.state.chmod(0o755)
        self.scratch = Path(tempfile.mkdtemp(prefix="crmlab-hub-trial-wheel-"))
        self.timings: dict[str, float] = {}

    # Accounts.
    def add_accounts(self, names: list[str], group: str, private_home: bool = False) -> None:
        """Local accounts in ``group``, each with a password; Debian's useradd makes 0755 homes unless
        ``private_home`` (the hub makes them private when it starts their server)."""
        for name in names:
            mode = ["--key", "HOME_MODE=0700"] if private_home else []
            subprocess.run(["useradd", "--create-home", *mode, "--shell", "/bin/bash", "--groups", group, name],
                           check=True, capture_output=True)
            self.passwords[name] = "pw-" + hashlib.sha256(os.urandom(16)).hexdigest()[:16]
        lines = "".join(f"{name}:{self.passwords[name]}\n" for name in names)
        subprocess.run(["chpasswd"], input=lines, text=True, check=True, capture_output=True)

    def add_students(self, count: int, start: int | None = None) -> list[str]:
        first = len(self.students) + 1 if start is None else start
        names = [f"{self.prefix}s{number:03d}" for number in range(first, first + count)]
        self.add_accounts(names, self.groups["students"])
        self.students += names
        return names

    # The server.
    def crmlab_hub(self, *args, check: bool = True, timeout: float = 1800) -> subprocess.CompletedProcess:
        """``deploy/jupyterhub/crmlab-hub --state STATE ARGS`` (as an administrator runs it)."""
        result = subprocess.run([sys.executable, str(LAUNCHER), "--state", str(self.state), *map(str, args)],
                                capture_output=True, text=True, timeout=timeout)
        if check and result.returncode != 0:
            raise RuntimeError(f"crmlab-hub {' '.join(map(str, args))} failed ({result.returncode}):\n"
                               f"{result.stdout}\n{result.stderr}")
        return result

    @property
    def settings(self) -> hub_settings.Settings:
        return hub_settings.load(self.state)

    @property
    def url(self) -> str:
        return self.settings.public_url

    def __enter__(self) -> TrialClass:
        try:
            for group in self.groups.values():
                subprocess.run(["groupadd", group], check=True, capture_output=True)
            self.add_accounts([self.instructor], self.groups["instructors"], private_home=True)
            self.add_students(self.count)
            began = time.perf_counter()
            wheel = build_wheel(self.scratch)
            port, hub_port, api_port = free_ports(3)
            self.crmlab_hub("setup", "--instructor", self.instructor, "--course-id", self.course_id, "--ip",
                            "127.0.0.1", "--port", port, "--hub-port", hub_port, "--proxy-api-port", api_port,
                            "--students-group", self.groups["students"], "--instructors-group",
                            self.groups["instructors"], "--wheel", wheel)
            self.timings["setup"] = time.perf_counter() - began
            began = time.perf_counter()
            self.crmlab_hub("start")
            self.timings["start"] = time.perf_counter() - began
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc) -> None:
        if (self.state / hub_settings.SETTINGS_FILE).is_file():
            self.crmlab_hub("stop", check=False, timeout=300)
        accounts = [self.instructor, *self.students]
        self.end_processes(accounts)
        for name in accounts:
            subprocess.run(["userdel", "--remove", name], capture_output=True)
        for group in self.groups.values():
            subprocess.run(["groupdel", group], capture_output=True)
        if self.keep_environment:
            self._empty_but_environment()
        else:
            shutil.rmtree(self.state, ignore_errors=True)
        shutil.rmtree(self.scratch, ignore_errors=True)

    def _empty_but_environment(self) -> None:
        for entry in self.state.iterdir():
            if entry.name != "venv":
                shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()

    @staticmethod
    def end_processes(accounts: list[str]) -> None:
        """Kill, by process id, whatever the trial's accounts still run (a kernel, a sandbox)."""
        import psutil

        uids = set()
        for name in accounts:
            with contextlib.suppress(KeyError):
                uids.add(pwd.getpwnam(name).pw_uid)
        for process in psutil.process_iter(["uids"]):
            if process.info["uids"] and process.info["uids"].real in uids:
                with contextlib.suppress(psutil.Error):
                    process.kill()

    # The instructor, in a terminal of the class server.
    def as_instructor(self, command: str, timeout: float = 3600) -> subprocess.CompletedProcess:
        """``command`` (a shell line) as the instructor, in the course folder, with the environment the hub
        gives the instructor's server (the hub environment's PATH, the instructor's Jupyter configuration)."""
        home = pwd.getpwnam(self.instructor).pw_dir
        env = {"HOME": home, "USER": self.instructor, "LANG": "C.UTF-8",
               "PATH": f"{self.settings.venv / 'bin'}:/usr/local/bin:/usr/bin:/bin",
               "JUPYTER_CONFIG_PATH": str(self.settings.jupyter / "instructor")}
        return subprocess.run(["runuser", "-u", self.instructor, "--", "env", "-i",
                               *(f"{k}={v}" for k, v in env.items()), "bash", "-c", command],
                              cwd=self.settings.course, capture_output=True, text=True, timeout=timeout)


def _become(name: str) -> None:
    """In a forked child: become the account ``name`` for good (groups, gid, uid, HOME, the folder)."""
    account = pwd.getpwnam(name)
    os.initgroups(name, account.pw_gid)
    os.setgid(account.pw_gid)
    os.setuid(account.pw_uid)
    os.environ.clear()
    os.environ.update(HOME=account.pw_dir, USER=name, LANG="C.UTF-8", PATH="/usr/bin:/bin")
    os.chdir(account.pw_dir)


def _fetch_and_submit(settings: hub_settings.Settings, assignment: str, notebook: str) -> None:
    """What one student's server does when they press Fetch, save their notebook, and press Submit: nbgrader's
    exchange classes with the student configuration of the class server (crmlab_hub.exchange.Submit)."""
    from crmlab_hub.exchange import Submit
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange.default.fetch_assignment import ExchangeFetchAssignment
    from traitlets.config import Config

    config = Config()
    config.Exchange.root = str(settings.exchange)
    config.CourseDirectory.course_id = settings.course_id
    config.CourseDirectory.assignment_id = assignment
    coursedir = CourseDirectory(config=config)
    authenticator = Authenticator(config=config)
    ExchangeFetchAssignment(coursedir=coursedir, authenticator=authenticator, config=config).start()
    Path(assignment, f"{assignment}.ipynb").write_text(notebook, encoding="utf-8")
    Submit(coursedir=coursedir, authenticator=authenticator, config=config).start()


def submit_many(trial: TrialClass, assignment: str, notebooks: dict[str, str], seconds: float,
                collect_every: float = 0) -> dict:
    """Each student of ``notebooks`` (name → notebook text) fetches and submits, as their own account, the
    starts spread evenly over ``seconds``; with ``collect_every``, the instructor collects that often meanwhile.
    Returns {'failed': [names], 'seconds': how long the submissions took, 'collects': [(seconds, output)]}."""
    import crmlab_hub.exchange  # noqa: F401
    import nbgrader.exchange.default.fetch_assignment  # noqa: F401 - imported once, before the forks

    settings = trial.settings
    names = sorted(notebooks)
    children: dict[int, str] = {}
    collects: list[tuple[float, str]] = []
    began = time.perf_counter()
    next_collect = began + collect_every if collect_every else float("inf")
    collector: subprocess.Popen | None = None
    collect_began = 0.0
    for number, name in enumerate(names):
        while time.perf_counter() < began + number * seconds / len(names):
            if collector is None and time.perf_counter() >= next_collect:
                collector, collect_began = _start_collect(trial, assignment), time.perf_counter()
            elif collector is not None and collector.poll() is not None:
                collects.append((time.perf_counter() - collect_began, collector.communicate()[1]))
                collector, next_collect = None, time.perf_counter() + collect_every
            time.sleep(0.01)
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                _become(name)
                _fetch_and_submit(settings, assignment, notebooks[name])
                code = 0
            except BaseException:  # noqa: BLE001 - said on stderr; the parent counts the failure
                import traceback

                traceback.print_exc()
            finally:
                os._exit(code)
        children[pid] = name
    failed = []
    for pid, name in children.items():
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            failed.append(name)
    submitted = time.perf_counter() - began
    if collector is not None:
        collects.append((time.perf_counter() - collect_began, collector.communicate()[1]))
    return {"failed": failed, "seconds": submitted, "collects": collects}


def _start_collect(trial: TrialClass, assignment: str) -> subprocess.Popen:
    home = pwd.getpwnam(trial.instructor).pw_dir
    env = [f"HOME={home}", f"USER={trial.instructor}", "LANG=C.UTF-8",
           f"PATH={trial.settings.venv / 'bin'}:/usr/bin:/bin"]
    return subprocess.Popen(["runuser", "-u", trial.instructor, "--", "env", "-i", *env, "nbgrader", "collect",
                             "--update", assignment], cwd=trial.settings.course, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def check_collected(course: Path, assignment: str, notebooks: dict[str, str]) -> list[str]:
    """What is wrong with the collected submissions of ``notebooks`` (name → text submitted): a student
    missing, a notebook not byte for byte what that student submitted. [] when all are there, intact."""
    problems = []
    for name, text in sorted(notebooks.items()):
        path = course / "submitted" / name / assignment / f"{assignment}.ipynb"
        if not path.is_file():
            problems.append(f"{name}: not collected")
        elif path.read_text(encoding="utf-8") != text:
            problems.append(f"{name}: the collected notebook is not the one {name} submitted")
    return problems


def model_solutions(course: Path, assignment: str, students: list[str]) -> dict[str, str]:
    """Each student's notebook with the model solution and their own id typed in (so a notebook that reached
    another student's folder is flagged by the grader, and fails :func:`check_collected`)."""
    import nbformat

    from crmlab.grading import samples

    return {name: nbformat.writes(samples.submission(course, assignment, "solution", student_id=name))
            for name in students}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="students (default 200)")
    parser.add_argument("--seconds", type=float, default=60, help="the submissions spread over (default 60)")
    parser.add_argument("--jobs", type=int, default=2, help="crmlab autograde --jobs (default 2)")
    parser.add_argument("--assignment", default="value")
    parser.add_argument("--keep-environment", type=Path, metavar="DIR",
                        help="a state folder whose hub environment is kept from run to run")
    args = parser.parse_args()
    with TrialClass(args.n, keep_environment=args.keep_environment) as trial:
        released = trial.as_instructor(f"crmlab release {args.assignment} && nbgrader release_assignment "
                                       f"{args.assignment}")
        if released.returncode != 0:
            raise SystemExit(released.stderr)
        notebooks = model_solutions(trial.settings.course, args.assignment, trial.students)
        done = submit_many(trial, args.assignment, notebooks, args.seconds, collect_every=10)
        began = time.perf_counter()
        collected = trial.as_instructor(f"nbgrader collect --update {args.assignment}")
        collect_seconds = time.perf_counter() - began
        problems = check_collected(trial.settings.course, args.assignment, notebooks)
        began = time.perf_counter()
        graded = trial.as_instructor(f"crmlab autograde {args.assignment} --jobs {args.jobs}")
        grade_seconds = time.perf_counter() - began
        full = graded.stdout.count("graded, 10/10 auto points")
    print(f"{args.n} students of {args.assignment!r}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"setup {trial.timings['setup']:.0f} s (the hub's environment built), start {trial.timings['start']:.1f} s")
    print(f"submissions: {args.n - len(done['failed'])} of {args.n} in {done['seconds']:.1f} s; "
          f"{len(done['collects'])} collects meanwhile ({', '.join(f'{s:.1f} s' for s, _ in done['collects'])})")
    print(f"final collect: {collect_seconds:.1f} s (exit {collected.returncode}); "
          f"{'all collected intact' if not problems else '; '.join(problems[:5])}")
    print(f"autograde --jobs {args.jobs} (sandbox): {grade_seconds:.1f} s, {grade_seconds / args.n:.2f} s/submission, "
          f"{60 * args.n / grade_seconds:.0f} submissions/min; {full} of {args.n} scored 10/10")
    print(json.dumps({"n": args.n, "collect_s": round(collect_seconds, 1), "autograde_s": round(grade_seconds, 1)}))


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    main()
