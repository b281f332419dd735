"""A long-lived grading process: imports nbgrader once, then autogrades one student per input line.

``python -m crmlab.grading.worker COURSE ASSIGNMENT TIMEOUT`` reads student ids
from stdin and writes one JSON line per student (``{"student", "success",
"log"}``) to stdout. Starting nbgrader costs seconds of CPU; a worker pays it
once per run instead of once per student, while :mod:`crmlab.grading.autograde`
still isolates students from each other: if a notebook kills this process, the
parent flags that student and starts a new worker for the rest.
"""

from __future__ import annotations

import json
import os
import sys


def main(course: str, assignment: str, timeout: int) -> None:
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    os.chdir(course)
    config = PyFileConfigLoader("nbgrader_config.py", path=course).load_config()
    config.Execute.timeout = timeout
    api = NbGraderAPI(CourseDirectory(config=config), config=config)
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
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
