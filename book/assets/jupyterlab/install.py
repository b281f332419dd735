"""Make JupyterLab read the book's pages: install CRM Lab's JupyterLab settings and extension into a Python environment.

    python book/assets/jupyterlab/install.py            # into the running Python's environment (make: .venv)

- ``share/jupyter/lab/settings/overrides.d/crmlab.json``: a ``.md`` page opens as a notebook by
  default (jupytext's viewer), and JupyterLab does not ask to fetch news from the internet.
- ``share/jupyter/labextensions/crmlab-jupyterlab/``: the extension that shows the numbers a page glues
  (``crmlab-glue.js``), built by prepending the calculators' engine (``../static/crmlab-calculators.js``,
  for Python's number formatting): nothing is written twice, and nothing needs Node at run time.

jupyterlab-myst (pinned in requirements.txt) renders MyST; jupytext opens the ``.md`` pages.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAME = "crmlab-jupyterlab"
SETTINGS = {
    "@jupyterlab/docmanager-extension:plugin": {
        "defaultViewers": {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}},
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


def install(prefix: Path) -> Path:
    """Write the settings and the extension under ``prefix``; the extension's folder."""
    settings = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.d"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "crmlab.json").write_text(json.dumps(SETTINGS, indent=2) + "\n", encoding="utf-8")

    code = ((HERE.parent / "static" / "crmlab-calculators.js").read_text(encoding="utf-8") + "\n"
            + (HERE / "crmlab-glue.js").read_text(encoding="utf-8"))
    entry = f"remoteEntry.{hashlib.sha1(code.encode()).hexdigest()[:12]}.js"
    target = prefix / "share" / "jupyter" / "labextensions" / NAME
    shutil.rmtree(target, ignore_errors=True)
    (target / "static").mkdir(parents=True)
    (target / "static" / entry).write_text(code, encoding="utf-8")
    package = {"name": NAME, "version": "1.0.0", "description": "CRM Lab: glued numbers in JupyterLab",
               "jupyterlab": {"extension": True, "_build": {"load": f"static/{entry}", "extension": "./extension"}}}
    (target / "package.json").write_text(json.dumps(package, indent=2) + "\n", encoding="utf-8")
    return target


if __name__ == "__main__":
    print(f"CRM Lab's JupyterLab extension and settings: {install(Path(sys.prefix))}")
