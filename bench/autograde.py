"""Benchmark: autograde N generated submissions with crmlab's path and with plain `nbgrader autograde`.

    python bench/autograde.py [-n 50] [--jobs 2] [--assignment value]

Both grade the same submissions (a mix of model solutions, wrong answers and
untouched releases) in a temporary copy of the course, in the same run; the
script prints seconds per submission and submissions per minute for each.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import nbformat

from crmlab.grading import autograde, course, samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=50, help="number of submissions (default 50)")
    parser.add_argument("--jobs", type=int, default=2, help="crmlab autograde --jobs (default 2)")
    parser.add_argument("--assignment", default="value")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = course.init_course(Path(scratch) / "course")
        course.release(root, args.assignment)
        kinds = ("solution", "wrong", "blank")
        for number in range(args.n):
            folder = root / "submitted" / f"s{number:03d}" / args.assignment
            folder.mkdir(parents=True)
            nbformat.write(samples.submission(root, args.assignment, kinds[number % 3]),
                           folder / f"{args.assignment}.ipynb")
        start = time.perf_counter()
        plain = course.run_nbgrader(root, "autograde", args.assignment, "--force")
        plain_seconds = time.perf_counter() - start
        plain_ok = len(list((root / "autograded").glob(f"*/{args.assignment}/*.ipynb")))
        shutil.rmtree(root / "autograded")
        start = time.perf_counter()
        outcomes = autograde.autograde(root, args.assignment, jobs=args.jobs)
        ours_seconds = time.perf_counter() - start
        ours_ok = sum(o.status == "graded" for o in outcomes)
    print(f"{args.n} submissions of {args.assignment!r}")
    for label, seconds, ok in ((f"crmlab autograde --jobs {args.jobs}", ours_seconds, ours_ok),
                               ("plain nbgrader autograde", plain_seconds, plain_ok)):
        print(f"{label:28s} {seconds:7.1f} s total  {seconds / args.n:5.2f} s/submission  "
              f"{60 * args.n / seconds:5.1f} submissions/min  ({ok} graded)")
    if plain.returncode != 0:
        print(f"(plain nbgrader exited with {plain.returncode})")


if __name__ == "__main__":
    main()
