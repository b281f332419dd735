"""The grading sandbox, seen from the grader: start it, hand it a submission, read back what it showed.

A :class:`Sandbox` is one bubblewrap (``bwrap``) container holding one warm
:mod:`crmlab.grading.runner` process. What a submission can reach in it:

- read-only: the system's ``/usr`` (and ``/lib``, ``/bin`` …), a few files of
  ``/etc`` (dynamic linker, fonts, time zone), this Python and its virtual
  environment, the ``crmlab`` package and its data sets;
- writable: its own fresh, size-limited ``/sandbox`` (home, temporary files, and the
  private copy of its submission in ``/sandbox/work``), thrown away when it ends;
  ``/tmp`` is read-only;
- nothing else: no course folder (no ``source/``, gradebook, status records,
  config, other submissions), no network (not even the machine's loopback), no
  other process (its own PID namespace: it cannot see or signal the grader, and
  every process it starts dies with it), a clean environment (nothing of the
  instructor's), no capability, limits on memory, processes, CPU and wall time,
  file size, disk and output (:class:`Limits`).

Everything the sandbox sends back is treated as the student's: :func:`parse_outputs`
keeps only well-formed outputs of the notebook's own code cells, up to a size
limit; the grader then decides what they are worth in its own process.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import os
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

import crmlab
import crmlab.data


class SandboxError(Exception):
    """The sandbox cannot be set up on this machine (the message says what is missing and how to fix it)."""


@dataclass(frozen=True)
class Limits:
    """What one submission may use."""

    cell_seconds: int = 30
    memory_mib: int = 2048
    processes: int = 64
    disk_mib: int = 256
    file_mib: int = 64
    output_mib: int = 16
    input_mib: int = 64

    def wall_seconds(self, cells: int) -> int:
        """The whole run's wall-clock limit: every cell at its limit, plus start-up slack."""
        return self.cell_seconds * cells + 30

    def job(self) -> dict:
        return {"cell_seconds": self.cell_seconds, "memory_mib": self.memory_mib, "processes": self.processes,
                "disk_mib": self.disk_mib, "file_mib": self.file_mib}


@dataclass
class Run:
    """What one submission's run gave: outputs per code cell (by index in the notebook) and how it ended."""

    outputs: dict[int, tuple[list, int | None]] = field(default_factory=dict)
    ended: str = "finished"  # or "time limit", "killed …", "crashed …", "output limit", "sandbox failure"
    cpu_seconds: float = 0.0
    wall_seconds: float = 0.0
    problems: list[str] = field(default_factory=list)


_SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
_ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "fonts", "mime.types", "alternatives")
_PASSWD = "student:x:0:0:student:/sandbox/home:/usr/sbin/nologin\n"
_GROUP = "student:x:0:\n"


def readable_paths() -> list[Path]:
    """The folders a submission may read: Python, its environment, crmlab and its data (none inside another)."""
    wanted = {Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve(), Path(crmlab.__file__).resolve().parent,
              crmlab.data.DATASETS.resolve()}
    return sorted(path for path in wanted
                  if not any(other != path and path.is_relative_to(other) for other in wanted))


def hidden_paths(secrets: list[Path]) -> list[Path]:
    """Of ``secrets`` (the course folder, the course template), those inside a readable folder: covered by an
    empty folder in the sandbox."""
    return [path.resolve() for path in secrets
            if path.exists() and any(path.resolve().is_relative_to(root) for root in readable_paths())]


def bwrap_command(runner_args: list[str], etc: Path, secrets: list[Path]) -> list[str]:
    """The bubblewrap command line that runs ``python -m crmlab.grading.runner RUNNER_ARGS`` in the sandbox."""
    command = ["bwrap", "--unshare-user", "--unshare-all", "--uid", "0", "--gid", "0",
               # The runner needs these two inside its own namespace to give each submission new namespaces
               # and mounts; every submission drops them (and all others) before its first line runs.
               "--cap-add", "CAP_SYS_ADMIN", "--cap-add", "CAP_SETPCAP", "--cap-add", "CAP_SYS_RESOURCE",
               "--die-with-parent", "--new-session", "--hostname", "sandbox", "--clearenv"]
    for folder in _SYSTEM_DIRS:
        path = Path(folder)
        if path.is_symlink():
            command += ["--symlink", os.readlink(path), folder]
        elif path.is_dir():
            command += ["--ro-bind", folder, folder]
    for name in _ETC:
        command += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    command += ["--ro-bind", str(etc / "passwd"), "/etc/passwd", "--ro-bind", str(etc / "group"), "/etc/group"]
    # /tmp first, then the readable folders (a virtualenv may live under /tmp), then /tmp made read-only: a
    # submission writes only to its own scratch (SCRATCH, a fresh tmpfs per submission), never to a /tmp the
    # next submission would see.
    command += ["--tmpfs", "/tmp"]
    for path in readable_paths():
        command += ["--ro-bind", str(path), str(path)]
    for path in hidden_paths(secrets):
        command += ["--tmpfs", str(path), "--remount-ro", str(path)]
    command += ["--remount-ro", "/tmp", "--proc", "/proc", "--dev", "/dev", "--tmpfs", SCRATCH, "--chdir", SCRATCH]
    for name, value in runner_environment(f"{SCRATCH}/home").items():
        command += ["--setenv", name, value]
    return [*command, sys.executable, "-m", "crmlab.grading.runner", *runner_args]


SCRATCH = "/sandbox"
"""Inside the sandbox: the only writable folder (home, temporary files, the copy of the submission)."""


def runner_environment(home: str) -> dict[str, str]:
    """The whole environment of the runner (and the base of every submission's): nothing of the instructor's."""
    path = os.pathsep.join([str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin", "/bin"])
    return {"PATH": path, "HOME": home, "LANG": "C.UTF-8", "USER": "student", "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONNOUSERSITE": "1", "MPLCONFIGDIR": f"{home}/.config/matplotlib", "TMPDIR": str(Path(home).parent)}


def problem() -> str:
    """Why the sandbox cannot run here, with how to fix it; '' when it can."""
    if not sys.platform.startswith("linux"):
        return (f"the grading sandbox needs Linux (namespaces through bubblewrap); this is {sys.platform}. "
                "Grade on a Linux machine, or pass --no-sandbox to grade without one (student code then runs "
                "with your rights)")
    if shutil.which("bwrap") is None:
        return ("the grading sandbox needs bubblewrap, which is not installed: `sudo apt install bubblewrap` "
                "(Debian/Ubuntu; `make` installs it), or pass --no-sandbox to grade without one")
    result = subprocess.run(["bwrap", "--unshare-user", "--unshare-all", "--ro-bind", "/", "/", "--proc", "/proc",
                             "--dev", "/dev", "true"], capture_output=True, text=True)
    if result.returncode != 0:
        return ("bubblewrap cannot create namespaces here "
                f"({result.stderr.strip() or f'exit status {result.returncode}'}): enable unprivileged user "
                "namespaces (`sudo sysctl kernel.unprivileged_userns_clone=1`; on Ubuntu 24.04 also "
                "`sudo sysctl kernel.apparmor_restrict_unprivileged_userns=0`), or pass --no-sandbox")
    return ""


class Cgroup:
    """A control group holding one sandbox, capping its processes and memory together.

    The per-process limits (``RLIMIT_NPROC``) do not bind processes of the machine's root user, and a
    fork bomb of processes each under the memory limit could still fill the machine: when the grader can
    make a cgroup (as root, usually), the whole container goes into one. :meth:`create` returns None
    where it cannot (most non-root users: their ``RLIMIT_NPROC`` binds instead).
    """

    def __init__(self, folders: list[Path]) -> None:
        self.folders = folders

    @classmethod
    def create(cls, processes: int, memory_bytes: int) -> Cgroup | None:
        root = Path("/sys/fs/cgroup")
        own = {parts[1]: parts[2] for parts in (line.rstrip("\n").split(":", 2)
                                               for line in Path("/proc/self/cgroup").read_text().splitlines())}
        name = f"crmlab-sandbox-{os.getpid()}-{next(_numbers)}"
        if (root / "cgroup.controllers").is_file():  # cgroup v2 only
            base = root / own.get("", "/").lstrip("/")
            try:
                (base / "cgroup.subtree_control").write_text("+pids +memory")
                folder = base / name
                folder.mkdir()
                (folder / "pids.max").write_text(str(processes))
                (folder / "memory.max").write_text(str(memory_bytes))
            except OSError:
                return None
            return cls([folder])
        made = []
        try:
            for controller, limit_file, limit in (("pids", "pids.max", processes),
                                                  ("memory", "memory.limit_in_bytes", memory_bytes)):
                folder = root / controller / own.get(controller, "/").lstrip("/") / name
                folder.mkdir()
                made.append(folder)
                (folder / limit_file).write_text(str(limit))
        except OSError:
            cls(made).remove()
            return None
        return cls(made)

    def enter(self) -> None:
        """Put the calling process (and so everything it starts) in the cgroup."""
        for folder in self.folders:
            (folder / "cgroup.procs").write_text(str(os.getpid()))

    def remove(self) -> None:
        for folder in self.folders:
            with contextlib.suppress(OSError):
                for pid in (folder / "cgroup.procs").read_text().split():
                    with contextlib.suppress(OSError):
                        os.kill(int(pid), 9)
                for _ in range(50):
                    try:
                        folder.rmdir()
                        break
                    except OSError:
                        time.sleep(0.02)


_numbers = itertools.count()


class Sandbox:
    """One warm runner in one bubblewrap container; :meth:`run` grades one submission at a time in it.

    ``isolate=False`` (``--no-sandbox``) runs the same runner without bubblewrap or namespaces.
    ``secrets`` are folders that must stay out of reach even if they sit inside a readable folder.
    """

    def __init__(self, modules: list[str], limits: Limits, isolate: bool = True, secrets: list[Path] = (),
                 log: Path | None = None) -> None:
        self.modules, self.limits, self.isolate = modules, limits, isolate
        self.secrets, self.log = list(secrets), log
        self.process: subprocess.Popen | None = None
        self.channel: socket.socket | None = None
        self._etc: tempfile.TemporaryDirectory | None = None
        self.cgroup: Cgroup | None = None
        self.unenforced: list[str] = []
        """Limits this sandbox cannot enforce here (said in every outcome's notes)."""

    def start(self) -> None:
        if self.isolate and (why := problem()):
            raise SandboxError(why)
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        args = [str(theirs.fileno()), *([] if self.isolate else ["--no-namespaces"]), *self.modules]
        if self.isolate:
            self._etc = tempfile.TemporaryDirectory(prefix="crmlab-sandbox-etc-")
            (Path(self._etc.name) / "passwd").write_text(_PASSWD, encoding="utf-8")
            (Path(self._etc.name) / "group").write_text(_GROUP, encoding="utf-8")
            command, env = bwrap_command(args, Path(self._etc.name), self.secrets), {}
        else:
            home = tempfile.mkdtemp(prefix="crmlab-runner-home-")
            command, env = [sys.executable, "-m", "crmlab.grading.runner", *args], runner_environment(home)
        mebibyte = 1024 * 1024
        # The whole container: the runner (about 400 MiB with pandas and matplotlib loaded), the submission
        # and its private disk (tmpfs pages count as memory).
        self.cgroup = Cgroup.create(self.limits.processes + 16,
                                    (self.limits.memory_mib + self.limits.disk_mib + 768) * mebibyte)
        self.unenforced = ["processes (root's processes ignore RLIMIT_NPROC and no cgroup could be made)"] \
            if self.cgroup is None and os.geteuid() == 0 else []
        log = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115 - the child keeps it
        try:
            self.process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                            pass_fds=[theirs.fileno()], start_new_session=True,
                                            preexec_fn=self.cgroup.enter if self.cgroup else None)
        finally:
            theirs.close()
            if log is not subprocess.DEVNULL:
                log.close()
        self.channel = ours
        ready, _, _ = select.select([ours], [], [], 180)
        if not ready or ours.recv(16) != b"ready\n":
            tail = self.log.read_text(errors="replace")[-1500:] if self.log and self.log.is_file() else ""
            self.close()
            raise SandboxError(f"the grading sandbox did not start: {tail.strip() or 'no message'}")

    def run(self, cells: list[tuple[int, str]], files: dict[str, bytes], env: dict[str, str]) -> Run:
        """Run the code ``cells`` ((index, source) pairs) with ``files`` in /sandbox/work and ``env`` added."""
        if self.process is None or self.process.poll() is not None:
            self.start()
        wall = self.limits.wall_seconds(len(cells))
        submission = json.dumps({"cells": cells, "files": {name: base64.b64encode(data).decode("ascii")
                                                           for name, data in files.items()}}).encode()
        if len(submission) > self.limits.input_mib * 1024 * 1024:
            return Run(ended="input limit", problems=[
                f"the submission's files are larger than {self.limits.input_mib} MiB in all; nothing was run"])
        job = {**self.limits.job(), "wall_seconds": wall, "env": {**runner_environment(f"{SCRATCH}/home"), **env}}
        submission_r, submission_w = os.pipe()
        outputs_r, outputs_w = os.pipe()
        status_r, status_w = os.pipe()
        try:
            socket.send_fds(self.channel, [json.dumps(job).encode()], [submission_r, outputs_w, status_w])
        except OSError:
            for fd in (submission_r, submission_w, outputs_r, outputs_w, status_r, status_w):
                os.close(fd)
            self.close()
            return Run(ended="sandbox failure", problems=["the sandbox stopped answering; it was restarted"])
        for fd in (submission_r, outputs_w, status_w):
            os.close(fd)
        writer = threading.Thread(target=_write_all, args=(submission_w, submission), daemon=True)
        writer.start()
        deadline = time.monotonic() + wall + 30
        raw, overflow = _read_until(outputs_r, deadline, self.limits.output_mib * 1024 * 1024)
        status_raw, _ = _read_until(status_r, deadline, 64 * 1024)
        writer.join(timeout=5)
        run = Run()
        run.outputs, run.problems = parse_outputs(raw, {index for index, _ in cells})
        try:
            status = json.loads(status_raw)
        except ValueError:
            self.close()  # the monitor never answered: start afresh for the next submission
            run.ended = "sandbox failure"
            run.problems.append("the sandbox did not report how the run ended; it was restarted")
            return run
        run.cpu_seconds, run.wall_seconds = status["cpu_seconds"], status["wall_seconds"]
        if overflow:
            run.ended = "output limit"
            run.problems.append(f"the notebook's outputs exceeded {self.limits.output_mib} MiB; the rest was "
                                "dropped and the run stopped")
        elif status["timed_out"]:
            run.ended = "time limit"
            run.problems.append(f"the whole run went over its time limit ({wall} s) and was stopped")
        elif status["exit"] != 0:
            code = status["exit"]
            run.ended = f"killed by signal {-code}" if code < 0 else f"ended with exit status {code}"
        return run

    def close(self) -> None:
        """Stop the runner and everything in its container."""
        if self.channel is not None:
            self.channel.close()
            self.channel = None
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, 9)
            self.process.wait()
            self.process = None
        if self.cgroup is not None:
            self.cgroup.remove()
            self.cgroup = None
        if self._etc is not None:
            self._etc.cleanup()
            self._etc = None

    def __enter__(self) -> Sandbox:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _write_all(fd: int, data: bytes) -> None:
    with contextlib.suppress(OSError), os.fdopen(fd, "wb") as pipe:
        pipe.write(data)


def _read_until(fd: int, deadline: float, limit: int) -> tuple[bytes, bool]:
    """Read ``fd`` to its end, until ``deadline``, at most ``limit`` bytes; (data, True if cut at the limit)."""
    chunks, size = [], 0
    try:
        while size <= limit:
            ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                break
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    return data[:limit], size > limit


_OUTPUT_FIELDS = {"stream": {"name": str, "text": str},
                  "display_data": {"data": dict, "metadata": dict},
                  "execute_result": {"data": dict, "metadata": dict},
                  "error": {"ename": str, "evalue": str, "traceback": list}}


def parse_outputs(raw: bytes, code_cells: set[int]) -> tuple[dict[int, tuple[list, int | None]], list[str]]:
    """Outputs per code cell from the runner's JSON lines, keeping only well-formed outputs of known cells.

    The lines come from the student's process: anything malformed is dropped (and said), never trusted.
    """
    found: dict[int, tuple[list, int | None]] = {}
    dropped = 0
    for line in raw.splitlines():
        try:
            record = json.loads(line)
            index, count = record["cell"], record.get("execution_count")
            if type(index) is not int or index not in code_cells or index in found:
                raise ValueError("unknown or repeated cell")
            if count is not None and type(count) is not int:
                raise ValueError("bad execution count")
            outputs = [_output(item) for item in record["outputs"]]
        except (ValueError, KeyError, TypeError, RecursionError):
            dropped += 1
            continue
        found[index] = (outputs, count)
    problems = [f"{dropped} malformed line(s) in the notebook's outputs were ignored"] if dropped else []
    return found, problems


def _output(item) -> nbformat.NotebookNode:
    kind = item["output_type"]
    fields = {name: item[name] for name, expected in _OUTPUT_FIELDS[kind].items() if name in item}
    if any(type(value) is not _OUTPUT_FIELDS[kind][name] for name, value in fields.items()):
        raise ValueError(f"a {kind} output with a field of the wrong type")
    if kind == "stream" and fields.get("name") not in ("stdout", "stderr"):
        raise ValueError("a stream that is neither stdout nor stderr")
    if "data" in fields and any(type(key) is not str for key in fields["data"]):
        raise ValueError("display data keyed by something other than a MIME type")
    if kind == "error":
        fields["traceback"] = [str(line) for line in fields.get("traceback", [])]
    if kind == "execute_result":
        fields["execution_count"] = None
    return nbformat.v4.new_output(kind, **fields)
