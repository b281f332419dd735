"""Write the book's page of every assignment from its spec, in both editions (run by `make site` before the build).

    .venv/bin/python tools/exercise_pages.py [--check]

One page per spec in exercises/assignments/, in book/exercises/assignments/NN-NAME.md (NN: the exercise's
number, so that `_toc.yml`'s glob lists them in order), and its Chinese page in
zh/book/exercises/assignments/NN-NAME.md (the spec's Chinese texts and the Chinese student version:
``exercise_page(name, lang="zh")``); pages of removed specs are deleted, pages whose text is unchanged are left
alone (Sphinx then reads them only when they change). The folders are generated, not committed: adding an
assignment is its spec and its test. ``--check`` exits 1 if a page is missing or stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from crmlab.grading.book import PAGES, exercise_page, page_name
from crmlab.grading.course import TEMPLATE, assignments

ROOT = Path(__file__).resolve().parent.parent
EDITIONS = {"en": ROOT / PAGES, "zh": ROOT / "zh" / PAGES}


def main(check: bool = False) -> int:
    names = assignments(TEMPLATE)
    problems = 0
    for lang, folder in EDITIONS.items():
        wanted = {f"{page_name(name)}.md": exercise_page(name, lang=lang) for name in names}
        stale = [name for name, text in wanted.items()
                 if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text]
        extra = [path for path in folder.glob("*.md") if path.name not in wanted]
        if check:
            for name in stale + [path.name for path in extra]:
                print(f"{(folder / name).relative_to(ROOT)} is missing or stale: run tools/exercise_pages.py",
                      file=sys.stderr)
            problems += len(stale) + len(extra)
            continue
        folder.mkdir(parents=True, exist_ok=True)
        for name in stale:
            (folder / name).write_text(wanted[name], encoding="utf-8")
        for path in extra:
            path.unlink()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(check="--check" in sys.argv[1:]))
