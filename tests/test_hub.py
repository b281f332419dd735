"""A class on JupyterHub, through the hub, as its people use it (deploy/jupyterhub).

One class server for the module (bench/hub.py's TrialClass): real local accounts made here and removed at the
end, ``crmlab-hub setup`` (the hub's environment from the crmlab wheel of this tree, the exchange, the
instructor's course, PostgreSQL) and ``crmlab-hub start`` on loopback. Then the whole cycle, each step as its
person does it: the instructor (logged in through the hub) imports the class list and releases; 30 students
log in through the hub's login form, start their servers, fetch in the Assignments tab (nbgrader's exchange),
answer right, partly, not at all or break the file, and submit (one submits twice, one after the deadline);
the instructor collects with the formgrader's Collect button, autogrades in the sandbox, releases feedback;
each student fetches their feedback. The exported grades and the gradebook in PostgreSQL hold what each
student's answers deserve: full marks for the model solution, the points of the parts answered, zero for a
blank notebook, and "failed to grade" (never 0) for a broken one. Then 200 students submit within a minute
while the instructor collects, and every submission arrives, intact and in its owner's folder. Last, the bad
input of the issue: a second start, a port in use, PostgreSQL unreachable.
"""

from __future__ import annotations

import concurrent.futures
import csv
import datetime
import io
import json
import os
import pwd
import re
import time
from pathlib import Path

import nbformat
import pytest

from crmlab.grading import samples
from crmlab.grading.spec import load_spec

# isort: off
from bench.hub import ROOT, TrialClass, check_collected, model_solutions, submit_many  # crmlab_hub on sys.path
from crmlab_hub import postgres, service, settings
from crmlab_hub.client import HubClientError, Person
# isort: on

pytestmark = pytest.mark.slow

ASSIGNMENT = "value"
STUDENTS = 30
COURSE = "crm-hub-test"
KINDS = ("right", "partly", "blank", "broken")
KEPT = Path("/var/tmp/crmlab-hub-test")
"""The trial's state folder: its hub environment is kept between runs (setup rebuilds what changed)."""


@pytest.fixture(scope="module")
def trial():
    if os.geteuid() != 0:
        pytest.fail("the hub test needs root: it makes local accounts and the hub spawns servers as them")
    with TrialClass(STUDENTS, course_id=COURSE, keep_environment=KEPT) as made:
        yield made


def shell(person: Person, command: str, folder: str) -> tuple[int, str, str]:
    """``command`` run from a kernel of ``person``'s server (what they would type in its terminal), in
    ``folder``; (exit status, stdout, stderr)."""
    code = (f"import json, subprocess; r = subprocess.run({command!r}, shell=True, capture_output=True, text=True, "
            f"cwd={folder!r}); print(json.dumps([r.returncode, r.stdout, r.stderr]))")
    return tuple(json.loads(person.run(code).strip().splitlines()[-1]))


def answers(course, kind: str) -> nbformat.NotebookNode:
    """A student's notebook: the model solution ('right'), the first three parts of it ('partly'), the release
    untouched ('blank'). The id cell is left empty: on the hub the notebook takes the login."""
    if kind == "blank":
        return samples.submission(course, ASSIGNMENT, "blank")
    notebook = samples.submission(course, ASSIGNMENT, "solution")
    if kind == "partly":
        blank = samples.submission(course, ASSIGNMENT, "blank")
        kept = {f"{part.grade_id}-answer" for part in load_spec(course, ASSIGNMENT).ASSIGNMENT.parts[:3]}
        for mine, untouched in zip(notebook.cells, blank.cells):
            if mine.metadata.get("nbgrader", {}).get("grade_id", "").endswith("-answer") and \
                    mine.metadata["nbgrader"]["grade_id"] not in kept:
                mine.source = untouched.source
    return notebook


def deserved(course, kind: str) -> float | None:
    """The auto-graded points a kind of answers deserves, from the assignment's declared points: all of them for
    the model solution, those of the first three parts for 'partly', none for a blank notebook; None (failed to
    grade, not a score) for a broken file."""
    parts = load_spec(course, ASSIGNMENT).ASSIGNMENT.parts
    return {"right": sum(p.points for p in parts), "partly": sum(p.points for p in parts[:3]), "blank": 0,
            "broken": None}[kind]


def plan(students: list[str]) -> dict[str, str]:
    """Each student's kind of answers; the last two submit right answers, twice and late."""
    kinds = {name: KINDS[number % len(KINDS)] for number, name in enumerate(students[:-2])}
    return {**kinds, students[-2]: "twice", students[-1]: "late"}


def sources(notebook: dict) -> list[str]:
    """The cells' sources (on disk a list of lines, from the contents API one string)."""
    return ["".join(cell["source"]) for cell in notebook["cells"]]


def student_session(trial: TrialClass, name: str, kind: str, release: dict) -> dict:
    """One student: log in through the hub, start the server, fetch in the Assignments tab, answer, submit
    (the late one does not submit yet; the one who submits twice submits a blank notebook first)."""
    course = trial.settings.course
    person = Person(trial.url, name, trial.passwords[name])
    started = person.start()
    listed = {a["assignment_id"]: a["status"] for a in person.assignments(COURSE)}
    person.assignment_action("fetch", COURSE, ASSIGNMENT)
    fetched = person.read(f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb")["content"]
    path = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
    if kind == "broken":  # a file cut short (a crashed editor, a bad upload)
        person.write_text(path, nbformat.writes(answers(course, "right"))[:4000])
    elif kind in ("twice", "late"):
        person.write_notebook(path, json.loads(nbformat.writes(answers(course, "blank" if kind == "twice"
                                                                        else "right"))))
    else:
        person.write_notebook(path, json.loads(nbformat.writes(answers(course, kind))))
    if kind != "late":
        person.assignment_action("submit", COURSE, ASSIGNMENT)
    same = sources(fetched) == sources(release)
    return {"person": person, "listed": listed, "fetched_is_release": same, "start_seconds": started}


@pytest.fixture(scope="module")
def cycle(trial):
    """The whole cycle through the hub (see the module docstring); what each step said and left."""
    course = trial.settings.course
    folder = str(course)
    said: dict = {"plan": plan(trial.students), "students": list(trial.students)}
    teacher = Person(trial.url, trial.instructor, trial.passwords[trial.instructor])
    teacher.start()
    said["teacher"] = teacher
    teacher.write_text("class.csv", "id,name\n" + "".join(f"{name},Student {name}\n" for name in trial.students))
    said["release"] = shell(teacher, f"crmlab roster ../class.csv && crmlab release {ASSIGNMENT} && "
                                     f"nbgrader release_assignment {ASSIGNMENT}", folder)
    assert said["release"][0] == 0, said["release"]
    release = json.loads((trial.settings.exchange / COURSE / "outbound" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
                         .read_text(encoding="utf-8"))
    began = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        sessions = dict(zip(said["plan"], pool.map(lambda item: student_session(trial, *item, release),
                                                    said["plan"].items())))
    said["students_seconds"] = time.perf_counter() - began
    said["sessions"] = sessions
    twice, late = said["students"][-2:]
    # The one who submits twice: now the right answers, from a terminal (which shows nbgrader's messages).
    person = sessions[twice]["person"]
    person.write_notebook(f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb", json.loads(nbformat.writes(answers(course, "right"))))
    said["twice"] = shell(person, f"nbgrader submit {ASSIGNMENT} --course {COURSE}", pwd.getpwnam(twice).pw_dir)
    # The deadline is now; the late student submits a moment after it.
    # (The next whole second: every submission so far was made before it.)
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0) + datetime.timedelta(seconds=1)
    said["deadline"] = shell(teacher, f"crmlab-hub deadline {ASSIGNMENT} '{now.isoformat()}'", folder)
    time.sleep(max(0.0, (now - datetime.datetime.now(datetime.UTC)).total_seconds()) + 2)
    said["late"] = shell(sessions[late]["person"], f"nbgrader submit {ASSIGNMENT} --course {COURSE}",
                         pwd.getpwnam(late).pw_dir)
    # The instructor: the formgrader's Collect button, then autograde, feedback and export in a terminal.
    said["collect"] = teacher.server("POST", f"formgrader/api/assignment/{ASSIGNMENT}/collect")
    began = time.perf_counter()
    said["autograde"] = shell(teacher, f"crmlab autograde {ASSIGNMENT}", folder)
    said["autograde_seconds"] = time.perf_counter() - began
    said["feedback"] = shell(teacher, f"crmlab feedback {ASSIGNMENT} --include-ungraded && "
                                     f"nbgrader release_feedback {ASSIGNMENT}",
                             folder)
    said["export"] = shell(teacher, "crmlab export", folder)
    said["grades"] = {row["student"]: row for row in csv.DictReader(io.StringIO(
        teacher.read(f"{course.name}/grades.csv")["content"])) if row["assignment"] == ASSIGNMENT}

    def fetch_feedback(name: str) -> list[str]:
        person = sessions[name]["person"]
        person.assignment_action("fetch_feedback", COURSE, ASSIGNMENT)
        try:
            listing = person.read(f"{ASSIGNMENT}/feedback")["content"]
        except HubClientError:
            return []
        return [person.read(f"{entry['path']}/{ASSIGNMENT}.html")["content"] for entry in listing]

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        said["feedback_pages"] = dict(zip(said["students"], pool.map(fetch_feedback, said["students"])))
    said["formgrader"] = {a["name"]: a for a in teacher.server("GET", "formgrader/api/assignments")}
    return said


def gradebook_scores(trial: TrialClass) -> dict[str, tuple[float | None, bool]]:
    """Read back from PostgreSQL: each student's auto-graded points of the assignment, and whether their
    submission's timestamp is after the assignment's deadline."""
    rows = postgres.LocalCluster(trial.settings).sql(
        "SELECT sa.student_id, SUM(g.auto_score), bool_or(a.duedate IS NOT NULL AND sa.timestamp > a.duedate) "
        "FROM submitted_assignment sa JOIN assignment a ON sa.assignment_id = a.id "
        "LEFT JOIN submitted_notebook sn ON sn.assignment_id = sa.id LEFT JOIN grade g ON g.notebook_id = sn.id "
        f"WHERE a.name = '{ASSIGNMENT}' GROUP BY sa.student_id", trial.settings.database)
    found = {}
    for line in rows.splitlines():
        student, score, late = line.split("|")
        found[student] = (float(score) if score else None, late == "t")
    return found


def test_every_student_logged_in_fetched_what_was_released_and_submitted(trial, cycle):
    assert len(cycle["sessions"]) == STUDENTS
    for name, session in cycle["sessions"].items():
        assert session["listed"] == {ASSIGNMENT: "released"}, name
        assert session["fetched_is_release"], name
    inbound = os.listdir(trial.settings.exchange / COURSE / "inbound")
    assert sorted({entry.split("+")[0] for entry in inbound}) == sorted(cycle["students"])
    assert not [entry for entry in inbound if entry.startswith(".")], "a submission left half-written"
    # Each server runs as its own account, with the hub's login as nbgrader's student id.
    first = cycle["students"][0]
    uid, login = cycle["sessions"][first]["person"].run("import os; print(os.getuid(), os.environ['JUPYTERHUB_USER'])"
                                                         ).split()
    assert int(uid) == pwd.getpwnam(first).pw_uid and login == first
    print(f"\n30 students: log in, start, fetch, answer, submit in {cycle['students_seconds']:.0f} s "
          f"(server start {max(s['start_seconds'] for s in cycle['sessions'].values()):.0f} s at most)")


def test_a_students_numbers_and_self_checks_follow_their_hub_login(trial, cycle):
    """Run a right notebook, its id cell left empty, in two students' own kernels: the numbers are drawn for the
    login, and every self-check (data for the class list) says Correct."""
    course = trial.settings.course
    right = [name for name, kind in cycle["plan"].items() if kind == "right"][:2]
    code_cells = [c.source for c in answers(course, "right").cells if c.cell_type == "code"]
    for name in right:
        person = cycle["sessions"][name]["person"]
        printed = person.run("\n".join(["import IPython", "shell = IPython.get_ipython()"] + [
            f"shell.run_cell({source!r}, store_history=False).raise_error()" for source in code_cells]))
        assert f"student id {name!r}" in printed, printed[:2000]
        assert printed.count("Correct:") == 7 and "Not yet" not in printed, printed[-2000:]


def test_exported_grades_and_the_gradebook_in_postgresql_hold_what_each_student_deserves(trial, cycle):
    course = trial.settings.course
    assert cycle["autograde"][0] == 1, cycle["autograde"]  # done, and the broken files failed to grade
    assert cycle["export"][0] == 0, cycle["export"]
    stored = gradebook_scores(trial)
    for name, kind in cycle["plan"].items():
        expected = deserved(course, "right" if kind in ("twice", "late") else kind)
        row = cycle["grades"][name]
        if expected is None:
            assert row["status"] == "failed to grade" and row["score"] == "", row
            assert "is not a valid notebook" in row["reason"], row
            assert stored.get(name, (None, False))[0] is None, stored.get(name)
        else:
            assert row["status"] == "graded" and float(row["auto_score"]) == expected, (name, kind, row)
            assert row["sandbox"] == "on" and not row["flags"], row
            assert stored[name][0] == expected, (name, kind, stored[name])
    print(f"\nautograde of {STUDENTS} through the hub: {cycle['autograde_seconds']:.0f} s")


def test_each_student_fetches_their_own_feedback_and_cannot_reach_anyone_elses(trial, cycle):
    assert cycle["feedback"][0] == 0, cycle["feedback"]
    for name, kind in cycle["plan"].items():
        pages = cycle["feedback_pages"][name]
        if kind == "broken":
            assert pages == [], name  # nothing graded, no feedback
            continue
        assert len(pages) == 1, (name, len(pages))
        # The page is of this student's own notebook: the numbers it shows were drawn for this student alone. (Other
        # ids are in every page: the released notebook carries the self-check data of the whole class list.)
        drawn_for = set(re.findall(r"drawn from your student id (?:'|&#39;|&#x27;)([\w-]+)", pages[0]))
        assert drawn_for == {name}, (name, drawn_for)
    a, b = cycle["students"][:2]
    code = ("import os\n"
            "for path in ({!r}, {!r}):\n"
            "    try:\n        os.listdir(path); print('READ', path)\n"
            "    except PermissionError:\n        print('DENIED', path)\n").format(
        str(trial.settings.exchange / COURSE / "feedback"), pwd.getpwnam(b).pw_dir)
    printed = cycle["sessions"][a]["person"].run(code)
    assert printed.count("DENIED") == 2, printed


def test_a_second_submission_is_the_one_graded_and_the_first_is_kept(trial, cycle):
    twice = cycle["students"][-2]
    assert cycle["twice"][0] == 0 and "You had submitted value before (1 time(s)" in cycle["twice"][2], cycle["twice"]
    kept = [e for e in os.listdir(trial.settings.exchange / COURSE / "inbound") if e.startswith(f"{twice}+")]
    assert len(kept) == 2
    assert cycle["grades"][twice]["status"] == "graded"
    assert float(cycle["grades"][twice]["auto_score"]) == deserved(trial.settings.course, "right")


def test_a_late_submission_says_it_is_late_and_is_recorded_as_late(trial, cycle):
    late = cycle["students"][-1]
    assert cycle["deadline"][0] == 0 and "published to students" in cycle["deadline"][1], cycle["deadline"]
    assert cycle["late"][0] == 0 and "is LATE" in cycle["late"][2], cycle["late"]
    log = cycle["collect"]["log"]
    assert cycle["collect"]["success"] and f"{STUDENTS} submission(s) of value collected" in log, log
    assert re.search(rf"1 arrived after the deadline .*: {late} \(\d+ s late\)", log), log
    stored = gradebook_scores(trial)
    assert [name for name, (_, is_late) in stored.items() if is_late] == [late]
    assert cycle["grades"][late]["status"] == "graded"  # late work is kept and graded; the penalty is yours


def test_the_formgrader_reads_the_gradebook_from_postgresql_and_students_reach_neither(trial, cycle):
    assert cycle["formgrader"][ASSIGNMENT]["num_submissions"] == STUDENTS
    student = cycle["sessions"][cycle["students"][0]]["person"]
    with pytest.raises(HubClientError, match="HTTP 404"):
        student.server("GET", "formgrader/api/assignments")
    printed = student.run(f"import sqlalchemy\ntry:\n    sqlalchemy.create_engine({trial.settings.gradebook_url!r})"
                          ".connect(); print('OPENED')\nexcept sqlalchemy.exc.OperationalError as e:\n"
                          "    print('REFUSED', e.orig)")
    assert printed.startswith("REFUSED") and "does not exist" in printed, printed


def test_200_students_submit_within_a_minute_none_lost_or_mixed_up(trial, cycle):
    """200 more students, each as their own account, fetch and submit within a minute while the instructor
    collects every 10 s; after one more collect every submission is there, byte for byte its owner's."""
    new = trial.add_students(200)
    notebooks = model_solutions(trial.settings.course, ASSIGNMENT, new)
    done = submit_many(trial, ASSIGNMENT, notebooks, seconds=50, collect_every=10)
    assert done["failed"] == [] and done["seconds"] < 60, done
    # Every 10 s, each collect taking what it takes (12 s on a loaded 2-core machine): at least two meanwhile.
    assert len(done["collects"]) >= 2, "the instructor did not collect while students submitted"
    began = time.perf_counter()
    final = trial.as_instructor(f"nbgrader collect --update {ASSIGNMENT}")
    seconds = time.perf_counter() - began
    assert final.returncode == 0, final.stderr
    assert check_collected(trial.settings.course, ASSIGNMENT, notebooks) == []
    # A sample graded: each its owner's model solution, full marks, nothing flagged as someone else's.
    sample = new[::20]
    graded = trial.as_instructor(f"crmlab autograde {ASSIGNMENT} " + " ".join(f"--student {s}" for s in sample))
    assert graded.returncode == 0, graded.stdout + graded.stderr
    assert graded.stdout.count("graded, 10/10 auto points") == len(sample), graded.stdout
    print(f"\n200 submissions in {done['seconds']:.0f} s with {len(done['collects'])} collects meanwhile; "
          f"final collect {seconds:.1f} s")


def test_bad_input_a_second_start_a_port_in_use_and_postgresql_unreachable(trial, cycle, tmp_path):
    again = trial.crmlab_hub("start", check=False)
    assert again.returncode == 2 and "already running" in again.stderr and "nothing was started" in again.stderr
    # A second server configured on the first one's port: refused, naming the port and who holds it.
    other = tmp_path / "other"
    other.mkdir()
    (other / "venv").symlink_to(trial.settings.venv)
    first = trial.settings
    settings.update(other, {"instructor": first.instructor, "students_group": first.students_group,
                            "instructors_group": first.instructors_group, "ip": "127.0.0.1", "port": first.port,
                            "hub_port": first.hub_port + 7, "proxy_api_port": first.proxy_api_port + 7,
                            "proxy": first.proxy, "course_id": COURSE})
    busy = trial.crmlab_hub("--state", other, "start", check=False)
    assert busy.returncode == 2 and f"port {first.port} on 127.0.0.1 is in use" in busy.stderr, busy.stderr
    assert "configurable-http-proxy" in busy.stderr or "node" in busy.stderr, busy.stderr
    # Its gradebook on a PostgreSQL that does not answer: refused, nothing started.
    settings.update(other, {"port": first.port + 7, "gradebook": f"postgresql://nobody@127.0.0.1:{first.port + 9}/x"})
    unreachable = trial.crmlab_hub("--state", other, "start", check=False)
    assert unreachable.returncode == 2 and "is not reachable" in unreachable.stderr, unreachable.stderr
    assert "nothing was started" in unreachable.stderr
    # The class's own PostgreSQL stopped: crmlab says so (no trace), and loses nothing.
    cluster = postgres.LocalCluster(first)
    cluster.stop()
    try:
        down = trial.as_instructor("crmlab export")
        assert down.returncode == 2 and "cannot be reached" in down.stderr and "Traceback" not in down.stderr
    finally:
        cluster.start()
    back = trial.as_instructor("crmlab export")
    assert back.returncode == 0, back.stderr
    with open(first.course / "grades.csv", encoding="utf-8") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle) if row["assignment"] == ASSIGNMENT}
    assert {name: rows[name] for name in cycle["students"]} == cycle["grades"]  # nothing lost


def test_crmlab_hub_docstring_examples_hold():
    """crmlab_hub lives outside the test paths (deploy/jupyterhub): its doctests run here."""
    import doctest

    from crmlab_hub import deadline, exchange

    for module in (deadline, exchange, service):
        failed, tried = doctest.testmod(module)
        assert tried and not failed, module.__name__


@pytest.mark.parametrize(("changes", "message"), [
    ({"instructor": "Li Wei"}, "instructor must be a Linux name"),
    ({"instructor": "li", "port": 70000}, "port must be a port number from 1 to 65535, got 70000"),
    ({"instructor": "li", "hub_port": 8000}, "port, hub_port and proxy_api_port must be three different ports"),
    ({"instructor": "li", "authenticator": "ldap"}, "authenticator must be one of pam, native, lti, got 'ldap'"),
    ({"instructor": "li", "gradebook": "mysql://x/y"}, "gradebook must be 'local' or a PostgreSQL URL"),
    ({"instructor": "li", "authenticator": "lti"}, "the LTI 1.3 authenticator needs lti_issuer"),
    ({"instructor": "li", "ssl_cert": "/etc/cert.pem"}, "give both ssl_cert and ssl_key"),
])
def test_bad_settings_are_refused_naming_the_setting_and_nothing_is_written(tmp_path, changes, message):
    with pytest.raises(settings.HubError, match=re.escape(message)):
        settings.update(tmp_path, changes)
    assert not (tmp_path / settings.SETTINGS_FILE).exists()


def test_the_kubernetes_values_are_yaml_with_python_the_hub_can_compile(tmp_path):
    """deploy/kubernetes/config.yaml is on paper (not deployed here): at least it parses, its extraConfig is
    Python, and the files it mounts for the pods' JUPYTER_CONFIG_PATH are those crmlab-hub setup writes."""
    import yaml

    values = yaml.safe_load((ROOT / "deploy" / "kubernetes" / "config.yaml").read_text(encoding="utf-8"))
    for name, code in values["hub"]["extraConfig"].items():
        compile(code, name, "exec")
    mapped = {item["path"] for volume in values["singleuser"]["storage"]["extraVolumes"] if "configMap" in volume
              for item in volume["configMap"]["items"]}
    chosen = settings.Settings(state=tmp_path, instructor="root", course_dir=str(tmp_path / "course"))
    service.write_jupyter_configs(chosen)
    written = {str(path.relative_to(chosen.jupyter)) for path in chosen.jupyter.rglob("*") if path.is_file()}
    assert mapped == written
