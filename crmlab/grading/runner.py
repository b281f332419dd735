"""The process inside the grading sandbox: imports once, then runs each submission in a fresh fork.

``python -m crmlab.grading.runner SOCKET_FD [--no-namespaces] MODULE ...`` is
started by :class:`crmlab.grading.sandbox.Sandbox`, inside bubblewrap (no course
folder, no network, read-only Python and crmlab). It imports the modules the
assignment's notebooks import and makes one IPython shell
(:mod:`crmlab.executor`), says ``ready`` on the socket, then serves jobs. A job is
a small JSON header and three pipes passed as file descriptors (``SCM_RIGHTS``):
the submission comes in on the first, its outputs go out on the second, and
how it ended on the third. This process never reads a submission or its
outputs, so nothing of one student's work is in the memory the next fork
inherits. Per job:

- a *monitor* (forked) enters new mount, PID, network, IPC and UTS namespaces,
  mounts a fresh, size-limited tmpfs on /sandbox (home, temporary files and the
  private copy of the submission), a fresh /dev/shm and a read-only /dev, then forks
- the *submission process*, PID 1 of its namespace: it mounts its own /proc,
  writes the submission's files to /sandbox/work, sets a clean environment and
  resource limits, drops every capability and runs the notebook's code cells
  one by one, writing each cell's outputs as a JSON line as soon as it ends.
  When it exits, the kernel kills every process it left behind;
- the monitor kills it at the wall-clock deadline and reports its exit status
  and CPU time on the third pipe, which the submission never holds.

With ``--no-namespaces`` (``crmlab autograde --no-sandbox``) the same happens
without namespaces or mounts: a private temporary folder, clean environment
and resource limits only.
"""

from __future__ import annotations

import base64
import json
import os
import resource
import select
import shutil
import signal
import socket
import sys
import tempfile
import time
import traceback
from pathlib import Path

from crmlab import executor
from crmlab.grading import linux
from crmlab.grading.sandbox import SCRATCH

# An address-space limit counts memory reserved, not used: a math library that reserves a buffer per core
# (OpenBLAS: 32 MiB each) or glibc's malloc arenas (64 MiB per thread) could exhaust it on a many-core
# machine before a student line runs. Submissions are graded in parallel anyway, so one thread each.
SINGLE_THREADED = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                   "MALLOC_ARENA_MAX": "2"}
MAX_HEADER = 64 * 1024


def main(argv: list[str]) -> int:
    channel = socket.socket(fileno=int(argv[0]))
    isolate = "--no-namespaces" not in argv[1:]
    modules = [name for name in argv[1:] if not name.startswith("--")]
    os.environ.update(SINGLE_THREADED)
    os.makedirs(os.environ["MPLCONFIGDIR"], exist_ok=True)
    shell = executor.make_shell()
    # Plain tracebacks: IPython's default ("Context", through stack_data) costs ~35 ms per error, most of the
    # time a wrong notebook takes; the feedback keeps only the message of a test cell's error anyway.
    shell.InteractiveTB.set_mode("Plain")
    with shell.builtin_trap:  # as in a kernel's cell, modules that look for get_ipython() at import find it
        executor.warm_up(["matplotlib.pyplot", *modules])
    executor.without_kernel_comms()
    channel.sendall(b"ready\n")
    while True:
        try:
            header, fds, _, _ = socket.recv_fds(channel, MAX_HEADER, 3)
        except OSError:
            return 0
        if not header:
            return 0  # the grader closed the socket: done
        if len(fds) != 3:
            for fd in fds:
                os.close(fd)
            continue
        job = json.loads(header)
        sys.stdout.flush(), sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            try:
                channel.close()
                _monitor(shell, job, *fds, isolate=isolate)
            except BaseException:  # noqa: BLE001 - said in the runner's log; the grader sees no status
                traceback.print_exc()
            finally:
                os._exit(70)
        for fd in fds:
            os.close(fd)
        os.waitpid(pid, 0)


def _monitor(shell, job: dict, submission_in: int, outputs_out: int, status_out: int, isolate: bool) -> None:
    """Set up the submission's private world, run it, stop it at its deadline, report how it ended."""
    linux.die_with_parent(signal.SIGKILL)
    scratch = SCRATCH
    if isolate:
        linux.unshare(linux.CLONE_NEWNS | linux.CLONE_NEWPID | linux.CLONE_NEWNET | linux.CLONE_NEWIPC
                      | linux.CLONE_NEWUTS)
        linux.mount(None, "/", None, linux.MS_REC | linux.MS_PRIVATE)
        size = f"size={job['disk_mib']}m,nr_inodes=20000,mode=0755"
        linux.mount("tmpfs", SCRATCH, "tmpfs", linux.MS_NOSUID | linux.MS_NODEV, size)
        linux.mount("tmpfs", "/dev/shm", "tmpfs", linux.MS_NOSUID | linux.MS_NODEV | linux.MS_NOEXEC,
                    "size=16m,nr_inodes=1000,mode=1777")
        linux.remount_read_only("/dev")
    else:
        scratch = tempfile.mkdtemp(prefix="crmlab-submission-")
    started = time.monotonic()
    child = os.fork()
    if child == 0:
        try:
            os.close(status_out)
            _submission(shell, job, submission_in, outputs_out, scratch, isolate)
        except BaseException:  # noqa: BLE001 - the grader sees the exit status; the runner's log says why
            traceback.print_exc()
        finally:
            os._exit(71)
    os.close(submission_in)
    os.close(outputs_out)
    timed_out = _wait(child, job["wall_seconds"])
    _, status, usage = os.wait4(child, 0)
    if not isolate:
        shutil.rmtree(scratch, ignore_errors=True)
    report = {"exit": os.waitstatus_to_exitcode(status), "timed_out": timed_out,
              "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3), "max_rss_mib": usage.ru_maxrss // 1024,
              "wall_seconds": round(time.monotonic() - started, 3)}
    os.write(status_out, json.dumps(report).encode() + b"\n")
    os.close(status_out)
    os._exit(0)


def _wait(child: int, seconds: float) -> bool:
    """Wait for ``child`` to end; kill it (and so its whole PID namespace) after ``seconds``. True if killed."""
    handle = os.pidfd_open(child)
    try:
        ready, _, _ = select.select([handle], [], [], seconds)
        if not ready:
            os.kill(child, signal.SIGKILL)
            return True
        return False
    finally:
        os.close(handle)


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks)


def _submission(shell, job: dict, submission_in: int, outputs_out: int, scratch: str, isolate: bool) -> None:
    """PID 1 of the submission's namespace: private files, clean environment, limits, no privileges; run."""
    if isolate:
        linux.mount("proc", "/proc", "proc", linux.MS_NOSUID | linux.MS_NODEV | linux.MS_NOEXEC)
        # No user namespaces of its own: they would give the student's code capabilities over new, empty
        # namespaces (no way out, but a large part of the kernel to probe).
        Path("/proc/sys/user/max_user_namespaces").write_text("0")
    linux.die_with_parent(signal.SIGKILL)
    # A session and process group of its own: kill(0, …) or killpg would otherwise reach the monitor and the
    # runner, which share the runner's process group although the submission cannot see them.
    os.setsid()
    submission = json.loads(_read_all(submission_in))
    home, work = Path(scratch) / "home", Path(scratch) / "work"
    for folder in (home, work, home / ".config" / "matplotlib", Path(scratch) / "tmp"):
        folder.mkdir(parents=True, exist_ok=True)
    for name, text in submission["files"].items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_bytes(base64.b64decode(text))
    _only_fds(outputs_out)
    os.environ.clear()
    os.environ.update(job["env"], HOME=str(home), MPLCONFIGDIR=str(home / ".config" / "matplotlib"),
                      TMPDIR=str(Path(scratch) / "tmp"), **SINGLE_THREADED)
    os.chdir(work)
    sys.path.insert(0, str(work))
    _limit(job)
    if isolate:
        linux.drop_capabilities()
    out = os.fdopen(outputs_out, "wb", buffering=0)
    for index, source in submission["cells"]:
        run = executor.run_cell(shell, source, job["cell_seconds"])
        outputs = run.outputs
        if isinstance(run.error, executor.CellTimeout):
            outputs = [o for o in outputs if o.get("output_type") != "error"] + [{
                "output_type": "error", "ename": "CellTimeoutError", "traceback": [],
                "evalue": f"the cell ran longer than {job['cell_seconds']} s and was stopped"}]
        line = json.dumps({"cell": index, "execution_count": run.execution_count, "outputs": outputs},
                          default=repr) + "\n"
        out.write(line.encode("utf-8", "replace"))
    out.close()
    os._exit(0)


def _only_fds(keep: int) -> None:
    """Close every file descriptor but ``keep``; standard input and outputs read and write /dev/null."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.closerange(3, keep)
    os.closerange(keep + 1, resource.getrlimit(resource.RLIMIT_NOFILE)[0])


def _limit(job: dict) -> None:
    mebibyte = 1024 * 1024
    limits = {resource.RLIMIT_AS: job["memory_mib"] * mebibyte,
              resource.RLIMIT_CPU: int(job["wall_seconds"]) + 1,
              resource.RLIMIT_FSIZE: job["file_mib"] * mebibyte,
              resource.RLIMIT_NPROC: job["processes"],
              resource.RLIMIT_NOFILE: 256,
              resource.RLIMIT_CORE: 0}
    for kind, value in limits.items():
        resource.setrlimit(kind, (value, value))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
