"""A long-lived grading process: imports nbgrader once, then autogrades one student per input line.

``python -m crmlab.grading.worker COURSE ASSIGNMENT TIMEOUT MEMORY`` reads student ids
from stdin and writes one JSON line per student (``{"student", "success",
"log"}``) to stdout. Starting nbgrader costs seconds of CPU; a worker pays it
once per run instead of once per student, while :mod:`crmlab.grading.autograde`
still isolates students from each other: if a notebook kills this process, the
parent flags that student and starts a new worker for the rest. MEMORY (MiB) caps the address space of
this process and, inherited, of every kernel it starts: a notebook that asks for more gets a
``MemoryError`` in its cell instead of exhausting the instructor's machine.
``python -m crmlab.grading.worker --release COURSE A B …`` generates several
assignments in one process the same way.
"""

from __future__ import annotations

import json
import os
import resource
import sys


def _api(course: str, timeout: int | None = None):
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    os.chdir(course)
    config = PyFileConfigLoader("nbgrader_config.py", path=course).load_config()
    if timeout is not None:
        config.Execute.timeout = timeout
    return NbGraderAPI(CourseDirectory(config=config), config=config)


def release(course: str, assignments: list[str]) -> int:
    """``nbgrader generate_assignment`` for several assignments in one process; prints failures."""
    api = _api(course)
    failed = 0
    for assignment in assignments:
        result = api.generate_assignment(assignment, force=True)
        if not result.get("success"):
            failed += 1
            print(f"{assignment}: {result.get('error') or result.get('log')}", file=sys.stderr)
    return 1 if failed else 0


# An address-space limit counts memory reserved, not used: a math library that reserves a buffer per core
# (OpenBLAS: 32 MiB each) or glibc's malloc arenas (64 MiB per thread) could exhaust it on a many-core
# machine before a student line runs. Submissions are graded in parallel anyway, so one thread each.
SINGLE_THREADED = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                   "MALLOC_ARENA_MAX": "2"}


def limit_memory(mebibytes: int) -> None:
    """Cap this process's address space (inherited by the kernels it starts) at ``mebibytes`` MiB."""
    for name, value in SINGLE_THREADED.items():
        os.environ.setdefault(name, value)
    limit = mebibytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def main(course: str, assignment: str, timeout: int, memory: int) -> None:
    limit_memory(memory)
    api = _api(course, timeout)
    out = sys.stdout
    sys.stdout = sys.stderr  # nothing but result lines on the real stdout
    for line in sys.stdin:
        student = line.strip()
        if not student:
            continue
        result = api.autograde(assignment, student, force=True, create=True)
        out.write(json.dumps({"student": student, "success": bool(result.get("success")),
                              "log": (result.get("log") or "") + (result.get("error") or "")}) + "\n")
        out.flush()


if __name__ == "__main__":
    if sys.argv[1] == "--release":
        sys.exit(release(sys.argv[2], sys.argv[3:]))
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
