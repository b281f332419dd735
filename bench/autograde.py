"""Benchmark: autograde N generated submissions with crmlab's sandboxed grader and with plain `nbgrader autograde`.

    python bench/autograde.py [-n 50] [--jobs 2] [--assignment value] [--no-sandbox]

Both grade the same submissions (a mix of model solutions, wrong answers and
untouched releases), in the same run, each in its own copy of a fresh course:
``crmlab autograde`` as an instructor runs it (the sandbox on, one warm sandbox
per grading process, the environment check first), and plain ``nbgrader
autograde`` with nbgrader's own preprocessors (one Jupyter kernel per
notebook, no sandbox). It prints seconds per submission and submissions per
minute for each, and how many times faster crmlab is. Issue 12's floor: 2.5×.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import nbformat

from crmlab.grading import autograde, course, samples

# nbgrader 0.9's own Autograde.autograde_preprocessors (nbgrader/converters/autograde.py).
PLAIN_NBGRADER = """
c.Autograde.autograde_preprocessors = [
    "nbgrader.preprocessors.Execute", "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor", "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades", "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.Execute.timeout = 30
"""


def course_with_submissions(folder: Path, assignment: str, n: int) -> Path:
    root = course.init_course(folder)
    course.release(root, assignment)
    kinds = ("solution", "wrong", "blank")
    for number in range(n):
        target = root / "submitted" / f"s{number:03d}" / assignment
        target.mkdir(parents=True)
        nbformat.write(samples.submission(root, assignment, kinds[number % 3]), target / f"{assignment}.ipynb")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=50, help="number of submissions (default 50)")
    parser.add_argument("--jobs", type=int, default=2, help="crmlab autograde --jobs (default 2)")
    parser.add_argument("--assignment", default="value")
    parser.add_argument("--no-sandbox", action="store_true", help="time crmlab autograde --no-sandbox instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        ours = course_with_submissions(Path(scratch) / "ours", args.assignment, args.n)
        plain = course_with_submissions(Path(scratch) / "plain", args.assignment, args.n)
        with open(plain / "nbgrader_config.py", "a", encoding="utf-8") as config:
            config.write(PLAIN_NBGRADER)
        start = time.perf_counter()
        result = course.run_nbgrader(plain, "autograde", args.assignment, "--force")
        plain_seconds = time.perf_counter() - start
        plain_ok = len(list((plain / "autograded").glob(f"*/{args.assignment}/*.ipynb")))
        start = time.perf_counter()
        outcomes = autograde.autograde(ours, args.assignment, jobs=args.jobs, isolate=not args.no_sandbox)
        ours_seconds = time.perf_counter() - start
        ours_ok = sum(o.status == "graded" for o in outcomes)
    label = f"crmlab autograde --jobs {args.jobs}" + (" --no-sandbox" if args.no_sandbox else " (sandbox)")
    print(f"{args.n} submissions of {args.assignment!r}")
    for name, seconds, ok in ((label, ours_seconds, ours_ok), ("plain nbgrader autograde", plain_seconds, plain_ok)):
        print(f"{name:40s} {seconds:7.1f} s total  {seconds / args.n:5.2f} s/submission  "
              f"{60 * args.n / seconds:6.1f} submissions/min  ({ok} graded)")
    print(f"crmlab is {plain_seconds / ours_seconds:.1f}x the throughput of plain nbgrader")
    if result.returncode != 0:
        print(f"(plain nbgrader exited with {result.returncode})")


if __name__ == "__main__":
    main()
