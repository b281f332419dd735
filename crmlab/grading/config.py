"""What a course's ``nbgrader_config.py`` says that crmlab needs: its id and where its gradebook is.

The course id (``c.CourseDirectory.course_id``), with each student's id, fixes the student's numbers; the
gradebook URL (``c.CourseDirectory.db_url``) is SQLite in the course folder by default, or a PostgreSQL
server for a class on JupyterHub.
"""

from __future__ import annotations

from pathlib import Path


def _config(course: Path | str):
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()


def course_id(course: Path | str) -> str:
    """The course's nbgrader ``course_id``: with the student id, it fixes the numbers."""
    return str(_config(course).CourseDirectory.course_id or "course")


def gradebook_url(course: Path | str) -> str:
    """The course's gradebook, as an SQLAlchemy URL (``c.CourseDirectory.db_url``; default its gradebook.db)."""
    return str(_config(course).CourseDirectory.db_url or f"sqlite:///{Path(course) / 'gradebook.db'}")


def has_gradebook(course: Path | str) -> bool:
    """Whether the gradebook exists yet (a release makes it): the file for SQLite; a server is assumed to."""
    url = gradebook_url(course)
    return not url.startswith("sqlite:///") or Path(url.removeprefix("sqlite:///")).is_file()
