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


class GradebookUnreachable(Exception):
    """The gradebook's database server does not answer (a PostgreSQL that is not running, a wrong URL)."""


def has_gradebook(course: Path | str) -> bool:
    """Whether the gradebook exists yet (a release makes it): the file for SQLite; for a server, it must answer
    (:class:`GradebookUnreachable` says so before any work starts, not once per submission)."""
    url = gradebook_url(course)
    if url.startswith("sqlite:///"):
        return Path(url.removeprefix("sqlite:///")).is_file()
    import sqlalchemy

    engine = sqlalchemy.create_engine(url, connect_args={"connect_timeout": 10} if url.startswith("postgres") else {})
    try:
        with engine.connect():
            return True
    except sqlalchemy.exc.OperationalError as error:
        raise GradebookUnreachable(
            f"the gradebook's database ({url}) cannot be reached: {str(error.orig or error).strip().splitlines()[0]}. "
            "Is its PostgreSQL server running? (On a crmlab-hub class server: `sudo crmlab-hub status`.) "
            "Nothing was changed") from None
    finally:
        engine.dispose()
