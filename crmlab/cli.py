"""``crmlab``: one command per step of the instructor's grading workflow.

    crmlab course init DIR [--id ID]        copy the course (specs, nbgrader config) to DIR; ID fixes the numbers
    crmlab roster FILE                      import the class list (CSV with an id column) as roster.csv
    crmlab release ASSIGNMENT [--lang zh]   student version in release/ASSIGNMENT/ (+ a zip for the LMS)
    crmlab key ASSIGNMENT --student ID      that student's numbers and expected answers (and the rubrics)
    crmlab collect ASSIGNMENT ZIP --lms canvas|moodle   submissions from an LMS download into submitted/
    crmlab autograde ASSIGNMENT [--timeout S] [--jobs N] [--memory MIB] [--force] [--no-sandbox]
                                            grade in the sandbox; every submission ends graded or failed (why)
    crmlab feedback ASSIGNMENT              feedback HTML (no hidden tests, no CDN) in feedback/
    crmlab formgrader [--port N]            JupyterLab on the course for nbgrader's formgrader, offline
    crmlab written ASSIGNMENT [--import CSV]   a sheet to grade the written answers (HTML + CSV), or import it
    crmlab export [--format long|wide|canvas|moodle] [--output FILE]
                                            grades: graded / failed to grade (why) / not submitted …
    crmlab report ASSIGNMENT                reports/ASSIGNMENT.html: scores, pass rates, failing messages

Every command but ``course init`` works on the course folder given by
``--course DIR`` (default: the current folder). Exit status: 0 done, 1 done but
some submissions failed to grade, 2 bad input or an environment problem
(nothing was changed), 3 an internal error (a bug: the message says where),
130 interrupted (what was graded before is kept). The commands are thin: each
calls one function of :mod:`crmlab.grading`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import traceback
from pathlib import Path

from crmlab._lang import LANGUAGES
from crmlab.grading import autograde, config, course, feedback, late, results, roster, sandbox, spec, variants, written
from crmlab.grading import collect as collecting


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="crmlab", description="CRM Lab instructor tools (nbgrader course).")
    parser.add_argument("--course", default=".", help="the course folder (default: current folder)")
    commands = parser.add_subparsers(dest="command", required=True)
    init = commands.add_parser("course", help="course folder commands").add_subparsers(dest="action", required=True)
    make = init.add_parser("init", help="copy the course to a new folder")
    make.add_argument("directory")
    make.add_argument("--id", help="course id (default: the folder's name); with a student's id it fixes their "
                                   "numbers, so give each run of the course its own")
    names = commands.add_parser("roster", help="import the class list (Canvas gradebook export, Moodle grading "
                                               "worksheet, or a CSV with an id column)")
    names.add_argument("file")
    names.add_argument("--id-column", help="the column that holds each student's course id (default: the SIS id "
                                           "when every student has one, else the LMS's id)")
    release = commands.add_parser("release", help="generate the student version")
    release.add_argument("assignment")
    release.add_argument("--due", help='the due date, "2026-10-01 23:59" (UTC) or "2026-10-01 23:59 +08:00"')
    release.add_argument("--lang", choices=LANGUAGES, default="en",
                         help="the language of the student version (zh: Chinese; graded with the same key)")
    key = commands.add_parser("key", help="print a student's numbers and expected answers")
    key.add_argument("assignment")
    key.add_argument("--student", required=True, help="the student's id")
    collect = commands.add_parser("collect", help="collect submissions from an LMS zip")
    collect.add_argument("assignment")
    collect.add_argument("zip")
    collect.add_argument("--lms", choices=sorted(collecting.LMS_LAYOUTS), default="canvas")
    collect.add_argument("--replace", action="store_true", help="replace earlier submissions (kept in replaced/)")
    grade = commands.add_parser("autograde", help="grade the submissions")
    grade.add_argument("assignment")
    grade.add_argument("--timeout", type=int, default=30, help="time limit per cell in seconds (default 30)")
    grade.add_argument("--jobs", type=int, default=2, help="submissions graded at once (default 2)")
    grade.add_argument("--memory", type=int, default=autograde.MEMORY_LIMIT,
                       help=f"memory limit per process of a submission in MiB (default {autograde.MEMORY_LIMIT})")
    grade.add_argument("--student", action="append", help="grade only this student (repeatable)")
    grade.add_argument("--force", action="store_true", help="grade again submissions already graded")
    grade.add_argument("--no-sandbox", action="store_true",
                       help="grade without the sandbox (student code runs with your rights; every record says so)")
    give = commands.add_parser("feedback", help="write feedback HTML")
    give.add_argument("assignment")
    give.add_argument("--include-ungraded", action="store_true",
                      help="also for submissions whose written answers are not graded yet (they say so)")
    give.add_argument("--zip", choices=sorted(collecting.LMS_LAYOUTS),
                      help="also a zip of the pages for that LMS's feedback upload")
    export = commands.add_parser("export", help="write the grade table as CSV")
    export.add_argument("--output", help="CSV file (default: COURSE/grades.csv, grades-wide.csv …)")
    export.add_argument("--format", choices=results.EXPORT_FORMATS, default="long",
                        help="long (a row per student and assignment), wide (a gradebook), canvas (Canvas's "
                             "gradebook import) or moodle (one assignment's grading worksheet)")
    export.add_argument("--assignment", help="the assignment (for --format moodle)")
    grader = commands.add_parser("formgrader", help="start JupyterLab on the course for nbgrader's formgrader "
                                                    "(offline: MathJax from crmlab)")
    grader.add_argument("--port", type=int, default=8888, help="port to listen on (default 8888)")
    grader.add_argument("--no-browser", action="store_true", help="do not open a browser")
    sheet = commands.add_parser("written", help="a sheet to grade the written answers, or import it filled in")
    sheet.add_argument("assignment")
    sheet.add_argument("--import", dest="sheet", metavar="CSV", help="record the scores and comments of a filled sheet")
    commands.add_parser("report", help="write the instructor's HTML report").add_argument("assignment")
    return parser


def run(args: argparse.Namespace) -> int:
    """Run one parsed command; returns the exit status."""
    if args.command == "course":
        root = course.init_course(args.directory, course_id=args.id)
        print(f"course copied to {root} (course id {config.course_id(root)!r}: with each student's id it fixes their "
              "numbers)")
        return 0
    root = course.find_course(args.course)
    if args.command == "roster":
        students, kind = roster.import_class_list(root, args.file, args.id_column)
        print(f"{len(students)} student(s) on the class list ({root / roster.ROSTER}, read as a {kind} list); "
              "release again so that their notebooks carry their self-checks")
    elif args.command == "release":
        due = _due(args.due) if args.due else None
        [done] = course.release(root, args.assignment, lang=args.lang)
        if due is not None:
            late.set_due_date(root, args.assignment, due)
            print(f"due {due.isoformat()}")
        print(f"student version in {root / 'release' / args.assignment}; upload {done.zip} to your LMS")
        for warning in done.warnings:
            print(f"warning: {warning}")
    elif args.command == "key":
        print(key_text(root, args.assignment, args.student))
    elif args.command == "collect":
        done = collecting.collect(root, args.assignment, args.zip, lms=args.lms, replace=args.replace)
        print(f"collected {len(done.students)} submission(s) into {root / 'submitted'}; every file: {done.report}")
        for line in done.lines:
            who = f"{line.student} ({line.name})" if line.student else ""
            detail = "; ".join(part for part in (line.why, line.late) if part)
            print(f"  {line.action:9s} {line.member}" + (f"  → {who}" if who else "")
                  + (f": {detail}" if detail else ""))
        for name in done.replaced:
            print(f"  replaced the earlier submission of {name} (kept in {root / 'replaced'})")
        for lms_id in done.unknown:
            print(f"  warning: LMS id {lms_id} is not on the class list: collected as {lms_id}")
    elif args.command == "autograde":
        outcomes = autograde.autograde(root, args.assignment, students=args.student, timeout=args.timeout,
                                       jobs=args.jobs, memory=args.memory, isolate=not args.no_sandbox,
                                       force=args.force)
        if args.no_sandbox:
            print("WARNING: graded without the sandbox: student code ran with your rights")
        for outcome in outcomes:
            if outcome.status == "graded":
                top = sum(c["max"] for c in outcome.cells.values())
                print(f"{outcome.student}: graded, {outcome.auto_score:g}/{top:g} auto points")
            else:
                print(f"{outcome.student}: FAILED TO GRADE: {outcome.reason.splitlines()[0]}")
            for note in outcome.notes:
                print(f"    note: {note}")
        failed = sum(o.status == "failed" for o in outcomes)
        print(f"{len(outcomes) - failed} graded, {failed} failed to grade (see crmlab export / crmlab report)")
        return 1 if failed else 0
    elif args.command == "feedback":
        done = feedback.generate_feedback(root, args.assignment, include_ungraded=args.include_ungraded,
                                          lms=args.zip)
        print(f"{len(done.pages)} feedback page(s) in {root / 'feedback'}")
        if done.pending:
            print(f"{len(done.pending)} held back: written answers not graded yet ({', '.join(done.pending[:10])}"
                  f"{' …' if len(done.pending) > 10 else ''}); grade them (formgrader or `crmlab written "
                  f"{args.assignment}`), or pass --include-ungraded")
        if done.zip:
            print(f"for the LMS: {done.zip}" + (f" (left out, never collected from it: {', '.join(done.left_out)})"
                                                if done.left_out else ""))
    elif args.command == "export":
        print(f"grades written to {results.export(root, args.output, args.format, args.assignment)}")
    elif args.command == "formgrader":
        lab = Path(sys.executable).parent / "jupyter-lab"
        command = [str(lab), f"--ServerApp.root_dir={root}", f"--port={args.port}", "--ServerApp.ip=127.0.0.1",
                   "--LabApp.default_url=/formgrader", *(["--no-browser"] if args.no_browser else [])]
        print(f"formgrader on http://127.0.0.1:{args.port}/formgrader (Ctrl-C stops it)")
        return subprocess.call(command, cwd=root, env=course.course_env(root))
    elif args.command == "written":
        if args.sheet:
            count = written.import_scores(root, args.assignment, args.sheet)
            print(f"{count} written score(s) recorded in the gradebook")
        else:
            page, csv_sheet = written.write_sheet(root, args.assignment)
            print(f"read {page}; fill in {csv_sheet}; then `crmlab written {args.assignment} --import {csv_sheet}`")
    elif args.command == "report":
        print(f"report written to {results.report(root, args.assignment)}")
    return 0


def _due(text: str):
    try:
        return late.parse_due(text)
    except ValueError as error:
        raise course.CourseError(str(error)) from None


def key_text(root, assignment: str, student: str) -> str:
    """``crmlab key``: a student's inputs, the expected answer of every part, and the written parts' model answers
    and rubrics (in the language the assignment was released in)."""
    course.check_assignment(root, assignment)
    variants.check_student_id(student)
    spec_ = spec.load_spec(root, assignment).ASSIGNMENT
    identity = config.course_id(root)
    lines = [f"{assignment} for student {student} (course {identity!r})", "inputs:",
             variants.describe(spec_.variant(identity, student)), "expected answers:"]
    for part in spec_.parts:
        for name, expect in spec_.key(identity, student)[part.grade_id].items():
            tolerance = f" (±{expect.tol:g})" if expect.kind in ("number", "numbers") else ""
            lines.append(f"  {part.grade_id}: {name} = {expect.value!r}{tolerance}")
    lang = course.release_lang(root, assignment)  # the model answers and rubrics as the class's graders read them
    for answer in spec_.written:
        lines += [f"written {answer.grade_id} ({answer.points} points): model answer: "
                  f"{spec_.model_answer(answer, lang)}",
                  *(f"    {line}" for line in spec_.rubric_text(answer, lang).splitlines())]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return run(args)
    except (course.CourseError, sandbox.SandboxError, roster.RosterError, variants.StudentIdError,
            collecting.CollectError, config.GradebookUnreachable, ValueError) as error:
        print(f"crmlab {args.command}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"crmlab {args.command}: interrupted; what was done before is kept (run it again to go on)",
              file=sys.stderr)
        return 130
    except Exception:  # noqa: BLE001 - a bug: say so and where, with its own exit status
        print(f"crmlab {args.command}: internal error (a bug in crmlab; please report it with this trace):\n"
              f"{traceback.format_exc()}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
