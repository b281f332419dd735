"""crmlab as a package: a wheel installed in a fresh virtualenv works far from the repository.

The wheel is built the way `make dist` builds it; a new virtualenv gets the pinned requirements and the wheel
(nothing from the repository); then, in a folder outside it, a student's released notebook runs and an
instructor's whole cycle works: course init, roster, release, autograde (sandboxed), feedback, export.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def _run(*command, cwd: Path, timeout: int = 900) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
    result = subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                            env=env)
    assert result.returncode == 0, f"{command}: {result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(python of a fresh virtualenv with the pinned requirements and the crmlab wheel, a folder outside the repo)."""
    scratch = tmp_path_factory.mktemp("package")
    wheels = scratch / "dist"
    code = f"from setuptools import build_meta; print(build_meta.build_wheel({str(wheels)!r}))"
    wheels.mkdir()
    name = _run(sys.executable, "-c", code, cwd=ROOT).stdout.strip().splitlines()[-1]
    venv = scratch / "venv"
    _run(Path(sys.base_prefix) / "bin" / "python3", "-m", "venv", venv, cwd=scratch)
    python = venv / "bin" / "python"
    _run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "-r",
         ROOT / "requirements.txt", cwd=scratch)
    _run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", wheels / name,
         cwd=scratch)
    _run(python, "-m", "pip", "check", cwd=scratch)
    far = scratch / "elsewhere"
    far.mkdir()
    return python, far, wheels / name


def test_the_wheel_holds_the_data_the_course_and_mathjax(installed):
    _, _, wheel = installed
    names = zipfile.ZipFile(wheel).namelist()
    assert "crmlab/datasets/mobi/card.md" in names and "crmlab/datasets/oriental_hotel/oriental_hotel.csv" in names
    assert "crmlab/course/nbgrader_config.py" in names and "crmlab/course/assignments/value.py" in names
    assert "crmlab/grading/vendor/tex-svg.js" in names
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("/METADATA"))).decode()
    assert "Requires-Dist: nbgrader" in metadata and "Version: " in metadata


def test_the_installed_package_is_not_the_repository(installed):
    python, far, _ = installed
    where = _run(python, "-c", "import crmlab, crmlab.data; print(crmlab.__file__); print(crmlab.data.DATASETS); "
                 "print(crmlab.data.load('mobi').shape)", cwd=far).stdout.splitlines()
    assert "site-packages" in where[0] and not where[0].startswith(str(ROOT))
    assert "site-packages" in where[1] and where[2] == "(250, 24)"


def test_an_instructors_cycle_and_a_students_notebook_far_from_the_repository(installed):
    python, far, _ = installed
    crmlab = python.parent / "crmlab"
    _run(crmlab, "course", "init", far / "course", "--id", "crm-pkg", cwd=far)
    course = far / "course"
    (far / "class.csv").write_text("id,name\n1001,Li Lei\n", encoding="utf-8")
    _run(crmlab, "--course", course, "roster", far / "class.csv", cwd=far)
    _run(crmlab, "--course", course, "release", "value", cwd=far)
    # The student: the released notebook, their id and answers, run in a Jupyter kernel of the new environment.
    script = ("import nbformat; from crmlab.grading import samples; "
              f"nb = samples.submission({str(course)!r}, 'value', student_id='1001'); "
              f"nbformat.write(nb, {str(far / 'mine.ipynb')!r})")
    _run(python, "-c", script, cwd=far)
    _run(python.parent / "jupyter", "execute", "--inplace", far / "mine.ipynb", cwd=far)
    ran = json.loads((far / "mine.ipynb").read_text(encoding="utf-8"))
    said = "".join("".join(o.get("text", "")) for c in ran["cells"] for o in c.get("outputs", []))
    assert said.count("Correct:") == 7 and "Not yet" not in said
    # The instructor: the submission collected as nbgrader expects, graded in the sandbox, fed back, exported.
    folder = course / "submitted" / "1001" / "value"
    folder.mkdir(parents=True)
    (folder / "value.ipynb").write_text((far / "mine.ipynb").read_text(encoding="utf-8"), encoding="utf-8")
    graded = _run(crmlab, "--course", course, "autograde", "value", cwd=far).stdout
    assert "1001: graded, 10/10 auto points" in graded
    _run(crmlab, "--course", course, "feedback", "value", "--include-ungraded", cwd=far)
    page = (course / "feedback" / "1001" / "value" / "value.html").read_text(encoding="utf-8")
    assert "window.MathJax" in page and "cdnjs" not in page
    _run(crmlab, "--course", course, "export", cwd=far)
    [row] = list(csv.DictReader((course / "grades.csv").open(encoding="utf-8")))
    assert row["student"] == "1001" and row["status"] == "graded" and float(row["auto_score"]) == 10
