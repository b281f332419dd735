"""Write the book's page of every assignment from its spec (run by `make site` before the build).

    .venv/bin/python tools/exercise_pages.py [--check]

One page per spec in exercises/assignments/, in book/exercises/assignments/NN-NAME.md (NN: the exercise's
number, so that `_toc.yml`'s glob lists them in order); pages of removed specs are deleted, pages whose text is
unchanged are left alone (Sphinx then reads them only when they change). The folder is generated, not
committed: adding an assignment is its spec and its test. ``--check`` exits 1 if a page is missing or stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from crmlab.grading.book import PAGES, exercise_page, page_name
from crmlab.grading.course import TEMPLATE, assignments

ROOT = Path(__file__).resolve().parent.parent


def main(check: bool = False) -> int:
    folder = ROOT / PAGES
    wanted = {f"{page_name(name)}.md": exercise_page(name) for name in assignments(TEMPLATE)}
    stale = [name for name, text in wanted.items()
             if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text]
    extra = [path for path in folder.glob("*.md") if path.name not in wanted]
    if check:
        for name in stale + [path.name for path in extra]:
            print(f"{PAGES}/{name} is missing or stale: run tools/exercise_pages.py", file=sys.stderr)
        return 1 if stale or extra else 0
    folder.mkdir(parents=True, exist_ok=True)
    for name in stale:
        (folder / name).write_text(wanted[name], encoding="utf-8")
    for path in extra:
        path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main(check="--check" in sys.argv[1:]))
