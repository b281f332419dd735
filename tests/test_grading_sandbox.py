"""A hostile class, graded in one run beside honest classmates: what the sandbox must hold.

Every attacker hands in WRONG answers plus an attack that, without the sandbox,
would have raised its score or hurt a classmate (each attack knows the course
folder's real path, the worst case). After the run:

- every attacker scores what its honest answers deserve (0), or fails with a reason;
- every classmate keeps the grade their own answers deserve;
- the course folder, outside the grader's own outputs, is byte-identical;
- no process of any submission is still alive;
- the grader's environment (a secret token) shows in no output, no connection
  reached a port the test opened on the machine's loopback.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from crmlab.grading import autograde, course, feedback, outcomes, results, samples, sandbox

pytestmark = pytest.mark.slow

ASSIGNMENT = "value"
FULL = 10.0  # value's auto-graded points
TIMEOUT = 20
SECRET = "instructor-secret-token-4711"
MARKER = "crmlab-daemon-marker-5150"
GRADER_OUTPUTS = {"autograded", "feedback", "crmlab-status", "gradebook.db", ".crmlab.lock", "grades.csv", "reports"}

# Each attack is code put before the first answer cell; {course} and {port} are filled in. They print what
# they found, so the test can see they ran (in the autograded notebook) and what they could reach.
ATTACKS = {
    "read-course": """
        import glob, os
        course = {course!r}
        for path in [course, course + "/gradebook.db", course + "/source/value/value.ipynb",
                     course + "/assignments/value.py", course + "/nbgrader_config.py",
                     {template!r} + "/source/value/value.ipynb", {template!r} + "/assignments/value.py"]:
            print("EXISTS" if os.path.exists(path) else "absent", path)
        found = []
        for root, dirs, files in os.walk("/"):
            dirs[:] = [d for d in dirs if d not in ("proc", "sys", "dev")]
            found += [os.path.join(root, f) for f in files
                      if f in ("gradebook.db", "nbgrader_config.py") or root.endswith(("/source/value", "/submitted"))]
        print("FOUND", [path for path in found if "site-packages" not in path])  # nbgrader's own test files
        """,
    "run-solutions": """
        import json, os
        path = {course!r} + "/source/value/value.ipynb"
        if os.path.exists(path):
            for cell in json.load(open(path))["cells"]:
                if cell["cell_type"] == "code":
                    exec("".join(cell["source"]).replace("### BEGIN SOLUTION", "").replace("### END SOLUTION", ""))
        """,
    "tamper-files": """
        import glob, os
        course = {course!r}
        for path in glob.glob(course + "/submitted/*/value/value.ipynb"):
            open(path, "w").write("{{}}")
        targets = [course + "/gradebook.db", course + "/nbgrader_config.py"]
        for path in glob.glob(course + "/crmlab-status/*/*.json") + targets:
            try:
                open(path, "w").write("owned")
            except OSError as error:
                print("refused", path, error)
        os.makedirs(course + "/submitted/honest-a/value", exist_ok=True)
        """,
    "delayed-daemon": """
        import subprocess, sys
        code = ("import time, glob, os\\n"
                "time.sleep(4)  # {marker}\\n"
                "for p in glob.glob({course!r} + '/**/*', recursive=True):\\n"
                "    try: open(p, 'w').write('late')\\n"
                "    except OSError: pass\\n")
        subprocess.Popen([sys.executable, "-c", code], start_new_session=True, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import os
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(60)  # {marker}"])
            os._exit(0)
        """,
    "snoop-environment": """
        import glob, os
        print("ENV", dict(os.environ))
        for path in glob.glob("/proc/*/environ") + glob.glob("/proc/*/cmdline"):
            try:
                print(path, open(path, "rb").read().replace(b"\\0", b" ")[:2000])
            except OSError as error:
                print(path, error)
        print("PROCESSES", sorted(os.listdir("/proc")))
        """,
    "network": """
        import socket
        for family, address in ((socket.AF_INET, ("127.0.0.1", {port})), (socket.AF_INET6, ("::1", {port}))):
            try:
                socket.create_connection(address[:2], timeout=2).sendall(b"stolen answers")
                print("CONNECTED", address)
            except OSError as error:
                print("no connection", address, error)
        try:
            print(socket.getaddrinfo("example.com", 80))
        except OSError as error:
            print("no DNS", error)
        """,
    "kill-everything": """
        import os, signal
        for pid in range(1, 70000):
            if pid != os.getpid():
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        try:
            os.kill(-1, signal.SIGKILL)
        except OSError:
            pass
        """,
    "forge-receipts": """
        import os, json
        from IPython.display import display
        mime = "application/vnd.crmlab.answer+json"
        display({{mime: {{"answer": "total_value_a", "value": 10**400}}, "text/plain": "x"}}, raw=True)
        nested = []
        for _ in range(5000):
            nested = [nested]
        display({{mime: {{"answer": "delivered_a", "value": nested}}, "text/plain": "x"}}, raw=True)
        for fd in map(int, os.listdir("/proc/self/fd")):
            try:
                os.write(fd, b'{{"cell": 999, "outputs": 1}}\\nnot json\\n'
                             b'{{"cell": 4, "outputs": [{{"output_type": 7}}]}}\\n')
            except OSError:
                pass
        """,
    "fork-bomb": """
        import os, time
        children = 0
        try:
            for _ in range(2000):
                if os.fork() == 0:
                    time.sleep(30)
                    os._exit(0)
                children += 1
        except OSError as error:
            print("stopped at", children, error)
        """,
    "fill-disk": """
        for number, where in enumerate(["/tmp/filler", "filler-0", "filler-1", "filler-2", "filler-3", "filler-4"]):
            try:
                with open(where, "wb") as handle:
                    for _ in range(1_000):
                        handle.write(b"x" * 1024 * 1024)
            except OSError as error:
                print("disk:", where, error)
        """,
}


def _write(folder: Path, nb: nbformat.NotebookNode | str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{ASSIGNMENT}.ipynb"
    if isinstance(nb, str):
        path.write_text(nb, encoding="utf-8")
    else:
        nbformat.write(nb, path)


def course_files(root: Path) -> dict[str, str]:
    """sha256 of every file of the course folder that is not one of the grader's own outputs."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and p.relative_to(root).parts[0] not in GRADER_OUTPUTS}


def _listener() -> tuple[socket.socket, list]:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted = []

    def accept():
        while True:
            try:
                accepted.append(server.accept())
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    return server, accepted


def _broken_notebooks(root: Path) -> dict[str, str]:
    release = json.loads((root / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text())
    null_source = json.loads(json.dumps(release))
    next(c for c in null_source["cells"] if c["metadata"].get("nbgrader", {}).get("locked"))["source"] = None
    list_id = json.loads(json.dumps(release))
    next(c for c in list_id["cells"] if c["metadata"].get("nbgrader", {}).get("grade"))["metadata"]["nbgrader"][
        "grade_id"] = ["total-value-a"]
    return {"null-source": json.dumps(null_source), "list-grade-id": json.dumps(list_id)}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = course.init_course(tmp_path_factory.mktemp("hostile") / "course")
    course.release(root, ASSIGNMENT)
    server, accepted = _listener()
    port = server.getsockname()[1]

    def sub(answers="solution", before=""):
        return samples.submission(root, ASSIGNMENT, answers, textwrap.dedent(before).strip())

    for name in ("honest-a", "honest-b"):
        _write(root / "submitted" / name / ASSIGNMENT, sub())
    _write(root / "submitted" / "honest-wrong" / ASSIGNMENT, sub("wrong"))
    for name, code in ATTACKS.items():
        _write(root / "submitted" / name / ASSIGNMENT,
               sub("wrong", textwrap.dedent(code).format(course=str(root), port=port, marker=MARKER,
                                                 template=str(course.TEMPLATE))))
    strange_kernel = sub()
    strange_kernel.metadata["kernelspec"] = {"name": "no-such-kernel", "display_name": "Nope", "language": "python"}
    _write(root / "submitted" / "no-such-kernel" / ASSIGNMENT, strange_kernel)
    scripted = sub()
    scripted.cells.append(nbformat.v4.new_markdown_cell("My answer <script>document.title='pwned'</script>"
                                                        "<img src=x onerror=\"document.title='pwned'\">"))
    scripted.cells.append(nbformat.v4.new_code_cell(
        "from IPython.display import HTML, Javascript, display\n"
        "display(HTML(\"<b>bold</b><script>document.title='pwned'</script>\"))\n"
        "display(Javascript(\"document.title='pwned'\"))"))
    _write(root / "submitted" / "html-script" / ASSIGNMENT, scripted)
    for name, text in _broken_notebooks(root).items():
        _write(root / "submitted" / name / ASSIGNMENT, text)
    before = course_files(root)
    os.environ["CRMLAB_TEST_SECRET"] = SECRET  # the instructor's environment: nothing of it may reach a notebook
    try:
        outcomes_ = {o.student: o for o in autograde.autograde(root, ASSIGNMENT, timeout=TIMEOUT, jobs=2)}
    finally:
        del os.environ["CRMLAB_TEST_SECRET"]
    time.sleep(6)  # the delayed daemon would have struck by now
    server.close()
    return root, outcomes_, before, accepted


def _outputs(root: Path, student: str) -> str:
    """Everything the student's notebook showed when graded (the text of its outputs)."""
    nb = nbformat.read(root / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    return "\n".join(json.dumps(output) for cell in nb.cells for output in cell.get("outputs", []))


def test_honest_classmates_keep_their_grades(graded):
    _, outcomes_, _, _ = graded
    assert outcomes_["honest-a"].auto_score == FULL and outcomes_["honest-b"].auto_score == FULL
    assert outcomes_["honest-wrong"].auto_score == 0
    assert outcomes_["no-such-kernel"].auto_score == FULL  # the kernelspec is ignored: the grader's Python runs it
    for name in ("honest-a", "honest-b", "no-such-kernel"):
        assert outcomes_[name].notes == [], outcomes_[name].notes


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_attackers_score_what_their_answers_deserve(graded, attack):
    root, outcomes_, _, _ = graded
    outcome = outcomes_[attack]
    assert outcome.status == "graded", outcome.reason
    assert outcome.auto_score == 0, outcome.cells
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", "crmlab") as gradebook:
        assert gradebook.find_submission(ASSIGNMENT, attack).score == 0


def test_the_course_folder_is_untouched(graded):
    root, _, before, _ = graded
    assert course_files(root) == before


def test_nothing_of_the_course_is_in_reach(graded):
    root, _, _, _ = graded
    seen = _outputs(root, "read-course")
    assert "FOUND []" in seen and "EXISTS" not in seen, seen[:3000]
    refusals = re.findall(r"refused [^\\]*?(\[Errno \d+\] [^:]+)", _outputs(root, "tamper-files"))
    assert refusals and set(refusals) == {"[Errno 2] No such file or directory"}  # not even there to refuse


def test_no_environment_or_process_of_the_grader_is_visible(graded):
    root, _, _, _ = graded
    for student in outcomes_students(root):
        assert SECRET not in _outputs(root, student)
    seen = _outputs(root, "snoop-environment")
    assert "CRMLAB_COURSE" not in seen and str(root) not in seen
    listing = re.search(r"PROCESSES \[(.*?)\]", seen).group(1)
    assert re.findall(r"'(\d+)'", listing) == ["1"], listing  # its own PID namespace: only itself


def outcomes_students(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "autograded").iterdir())


def test_no_network_not_even_loopback(graded):
    root, _, _, accepted = graded
    assert accepted == []
    seen = _outputs(root, "network")
    assert "CONNECTED" not in seen and "no DNS" in seen


def test_no_process_of_a_submission_outlives_it(graded):
    _, _, _, _ = graded
    leftovers = []
    for process in psutil.process_iter(["cmdline", "environ"]):
        with_marker = MARKER in " ".join(process.info["cmdline"] or [])
        grading = (process.info["environ"] or {}).get("CRMLAB_GRADING")
        if with_marker or grading:
            leftovers.append((process.pid, process.info["cmdline"]))
    assert leftovers == []


def test_limits_hold_and_are_noted(graded):
    root, outcomes_, _, _ = graded
    assert "stopped at" in _outputs(root, "fork-bomb")
    disk = _outputs(root, "fill-disk")
    assert "/tmp/filler [Errno 30] Read-only file system" in disk  # nothing shared with the next submission
    assert "No space left on device" in disk  # its own scratch is full long before the machine's disk


def test_forged_and_malformed_outputs_cannot_break_the_grader(graded):
    _, outcomes_, _, _ = graded
    forged = outcomes_["forge-receipts"]
    assert forged.status == "graded" and forged.auto_score == 0
    assert "too large" in forged.cells["total-value-a"]["message"] or forged.cells["total-value-a"]["score"] == 0


def test_tampered_metadata_fails_with_a_reason_and_stops_nothing(graded):
    _, outcomes_, _, _ = graded
    assert outcomes_["null-source"].status == "failed"
    assert "not a valid notebook" in outcomes_["null-source"].reason
    assert outcomes_["list-grade-id"].status == "failed"
    assert "grading metadata of cell" in outcomes_["list-grade-id"].reason


def test_feedback_runs_no_student_script(graded):
    root, _, _, _ = graded
    pages = feedback.generate_feedback(root, ASSIGNMENT, include_ungraded=True).pages
    page = next(p for p in pages if p.parts[-3] == "html-script").read_text()
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", page, re.S)
    assert len(scripts) == 2 and all("pwned" not in s for s in scripts)  # MathJax's configuration and MathJax
    assert "<img src=x onerror" not in page and "<script>document" not in page  # shown as text, if at all
    assert 'http-equiv="Content-Security-Policy"' in page and "script-src 'sha256-" in page


def test_a_second_run_on_the_same_course_refuses(tmp_path):
    root = course.init_course(tmp_path / "course")
    course.release(root, ASSIGNMENT)
    with course.course_lock(root, "crmlab autograde value"):
        with pytest.raises(course.CourseError, match=r"crmlab autograde value \(process \d+"):
            autograde.autograde(root, ASSIGNMENT)


def test_without_the_sandbox_every_record_and_row_says_so(graded):
    root, _, _, _ = graded
    quiet = root.parent / "plain"
    copy = course.init_course(quiet, template=root)
    course.release(copy, ASSIGNMENT)
    _write(copy / "submitted" / "s1" / ASSIGNMENT, samples.submission(copy, ASSIGNMENT))
    [outcome] = autograde.autograde(copy, ASSIGNMENT, isolate=False)
    assert outcome.auto_score == FULL and outcome.sandboxed is False
    [row] = [r for r in results.grade_rows(copy) if r["student"] == "s1"]
    assert row["sandbox"] == "off" and "graded without the sandbox" in row["reason"]


def test_a_missing_sandbox_stops_with_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no bwrap on it
    assert "bubblewrap" in sandbox.problem() and "--no-sandbox" in sandbox.problem()
    root = course.init_course(tmp_path / "course")
    course.release(root, ASSIGNMENT)
    with pytest.raises(sandbox.SandboxError, match="apt install bubblewrap"):
        autograde.autograde(root, ASSIGNMENT)


def test_an_environment_problem_stops_the_run_and_grades_nobody(tmp_path):
    root = course.init_course(tmp_path / "course")
    course.release(root, ASSIGNMENT)
    _write(root / "submitted" / "s1" / ASSIGNMENT, samples.submission(root, ASSIGNMENT))
    source = root / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nb = nbformat.read(source, as_version=4)
    setup = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "setup")
    setup.source = "import crmlab_is_not_installed_here\n" + setup.source  # as if the grader's Python lacked it
    nbformat.write(nb, source)
    result = subprocess.run([sys.executable, "-m", "crmlab.cli", "--course", str(root), "autograde", ASSIGNMENT],
                            capture_output=True, text=True)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "environment problem" in result.stderr and "crmlab_is_not_installed_here" in result.stderr
    assert not list((root / outcomes.STATUS_DIR / ASSIGNMENT).glob("*.json"))


def test_killed_run_keeps_what_it_graded_and_a_rerun_grades_only_the_rest(tmp_path):
    root = course.init_course(tmp_path / "course")
    course.release(root, ASSIGNMENT)
    for number in range(6):
        slow = "import time\ntime.sleep(3)" if number >= 2 else ""
        _write(root / "submitted" / f"s{number}" / ASSIGNMENT, samples.submission(root, ASSIGNMENT, before=slow))
    command = [sys.executable, "-m", "crmlab.cli", "--course", str(root), "autograde", ASSIGNMENT, "--jobs", "1"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    records = root / outcomes.STATUS_DIR / ASSIGNMENT
    deadline = time.monotonic() + 120
    while len(list(records.glob("s*.json"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.1)
    os.killpg(process.pid, 9)  # as a crash or a killed terminal would
    process.wait()
    kept = {p.stem: p.stat().st_mtime_ns for p in records.glob("s*.json")}
    assert 3 <= len(kept) < 6
    for path in records.glob("s*.json"):
        assert json.loads(path.read_text())["status"] == "graded"  # whole records only
    rerun = autograde.autograde(root, ASSIGNMENT, jobs=1)
    assert [o.auto_score for o in rerun] == [FULL] * 6
    assert {p.stem: p.stat().st_mtime_ns for p in records.glob("s*.json") if p.stem in kept} == kept


def test_a_changed_submission_is_not_exported_with_its_old_score(tmp_path):
    root = course.init_course(tmp_path / "course")
    course.release(root, ASSIGNMENT)
    folder = root / "submitted" / "s1" / ASSIGNMENT
    _write(folder, samples.submission(root, ASSIGNMENT))
    autograde.autograde(root, ASSIGNMENT)
    _write(folder, samples.submission(root, ASSIGNMENT, "blank"))  # a resubmission, not graded yet
    [row] = [r for r in results.grade_rows(root) if r["student"] == "s1"]
    assert row["status"] == "not graded yet" and row["score"] == ""


PLANT = """
    import os, pathlib, subprocess, sys
    import crmlab.value
    crmlab.value.delivered_value = lambda **kwargs: None
    os.environ["PLANTED"] = "yes"
    for path in ["/tmp/planted", os.path.expanduser("~/.ipython/profile_default/startup/00-planted.py"),
                 "/dev/shm/planted", "/tmp/work/planted.py"]:
        pathlib.Path(path).parent.mkdir(parents=True, exist_ok=True)
        pathlib.Path(path).write_text("import builtins; builtins.PLANTED = True")
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)
    """
PROBE = """
    import builtins, glob, os, pathlib, sys
    import crmlab.value
    print("PROBE", sorted(glob.glob("/tmp/**/planted*", recursive=True) + glob.glob("/dev/shm/*")),
          os.environ.get("PLANTED"), getattr(builtins, "PLANTED", None), crmlab.value.delivered_value.__name__,
          sorted(os.listdir("/proc")), os.path.exists(os.path.expanduser("~/.ipython")))
    """


def test_nothing_a_submission_leaves_behind_reaches_the_next_one(tmp_path):
    root = course.init_course(tmp_path / "course")
    course.release(root, ASSIGNMENT)
    _write(root / "submitted" / "a-planter" / ASSIGNMENT,
           samples.submission(root, ASSIGNMENT, "solution", textwrap.dedent(PLANT).strip()))
    _write(root / "submitted" / "b-probe" / ASSIGNMENT,
           samples.submission(root, ASSIGNMENT, "solution", textwrap.dedent(PROBE).strip()))
    by_student = {o.student: o for o in autograde.autograde(root, ASSIGNMENT, jobs=1)}  # one process, in order
    assert by_student["a-planter"].status == "graded"
    assert by_student["b-probe"].auto_score == FULL
    probe = re.search(r"PROBE (.*?)\\n", _outputs(root, "b-probe")).group(1)
    assert probe == "[] None None delivered_value ['1', 'acpi', " + probe.split("'acpi', ", 1)[1]
    assert not re.findall(r"'(\d+)'", probe.split("[", 2)[2].split("]")[0])[1:]  # PID 1 alone: no daemon
    assert probe.endswith("False")  # a fresh home


def test_a_bug_in_the_grader_costs_one_submission_as_a_grader_error(tmp_path):
    from crmlab.grading import worker

    root = course.init_course(tmp_path / "course")
    course.release(root, ASSIGNMENT)
    _write(root / "submitted" / "s1" / ASSIGNMENT, samples.submission(root, ASSIGNMENT))

    class BrokenAPI:
        def autograde(self, *args, **kwargs):
            raise ZeroDivisionError("a bug")

    options = {"timeout": 10, "memory": 2048, "isolate": True}
    outcome = worker.grade(BrokenAPI(), root, ASSIGNMENT, "s1", options)
    assert outcome.status == "failed" and outcome.reason.startswith("grader error (ZeroDivisionError: a bug)")
    assert outcomes.load(root, ASSIGNMENT, "s1").reason == outcome.reason
    assert not outcomes.up_to_date(root, ASSIGNMENT, "s1", True)  # a rerun tries it again
