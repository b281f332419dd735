"""Write every assignment's nbgrader source notebook from its spec in assignments/.

Run after editing a spec (``python exercises/make_sources.py``); the notebooks in
source/ are committed so that nbgrader (and instructors) can use them directly.
``--check`` exits 1 if a committed notebook differs from what its spec gives.
"""

import sys
from pathlib import Path

import nbformat

from crmlab.grading.answers import load_spec
from crmlab.grading.spec import notebook

COURSE = Path(__file__).resolve().parent


def main(check: bool = False) -> int:
    stale = []
    for name in sorted(path.stem for path in (COURSE / "assignments").glob("*.py")):
        text = nbformat.writes(notebook(load_spec(COURSE, name).ASSIGNMENT)) + "\n"
        path = COURSE / "source" / name / f"{name}.ipynb"
        if check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(str(path))
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{path} is out of date: run python exercises/make_sources.py", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(check="--check" in sys.argv[1:]))
