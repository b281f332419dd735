"""``crmlab-hub deadline ASSIGNMENT WHEN``: the instructor sets an assignment's deadline, for grading and for
students.

The deadline goes into nbgrader's gradebook (the assignment's ``duedate``: autograde records how late each
submission is, and the formgrader shows it) and into the exchange's ``deadlines.json``, which every student
can read, so that a late submit says it is late (:class:`crmlab_hub.exchange.Submit`).
"""

from __future__ import annotations

import datetime
import json
import os
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crmlab_hub.exchange import DEADLINES
from crmlab_hub.settings import HubError


def parse_when(when: str, timezone: str | None = None) -> datetime.datetime:
    """``when`` (ISO 8601, e.g. '2026-12-20 23:59', or with an offset) in UTC; a time without an offset is in
    ``timezone`` (an IANA name such as 'Asia/Shanghai'; default the server's).

    >>> parse_when("2026-12-20 23:59", "Asia/Shanghai").isoformat()
    '2026-12-20T15:59:00+00:00'
    >>> parse_when("2026-12-20T23:59+01:00").isoformat()
    '2026-12-20T22:59:00+00:00'
    """
    try:
        moment = datetime.datetime.fromisoformat(when.strip())
    except ValueError:
        raise HubError(f"the deadline must be a date and time like '2026-12-20 23:59' (ISO 8601), got {when!r}") \
            from None
    if moment.tzinfo is None:
        try:
            zone = ZoneInfo(timezone) if timezone else datetime.datetime.now().astimezone().tzinfo
        except (ZoneInfoNotFoundError, ValueError):
            raise HubError(f"unknown time zone {timezone!r}; use an IANA name such as Asia/Shanghai") from None
        moment = moment.replace(tzinfo=zone)
    elif timezone:
        raise HubError(f"{when!r} already says its offset; leave out --timezone")
    return moment.astimezone(datetime.UTC)


def _course_config(course: Path):
    from traitlets.config.loader import PyFileConfigLoader

    if not (course / "nbgrader_config.py").is_file():
        raise HubError(f"{course} is not a course folder (no nbgrader_config.py); run this in your course or pass "
                       "--course DIR")
    return PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()


def set_deadline(course: Path | str, assignment: str, when: datetime.datetime) -> Path:
    """Write the deadline into the gradebook and publish it in the exchange; returns the published file."""
    from crmlab.grading.late import set_due_date

    course = Path(course).resolve()
    config = _course_config(course)
    if not (course / "assignments" / f"{assignment}.py").is_file():
        known = sorted(p.stem for p in (course / "assignments").glob("*.py") if not p.name.startswith("_"))
        raise HubError(f"unknown assignment {assignment!r}; this course has: {', '.join(known) or 'none'}")
    course_id, exchange = str(config.CourseDirectory.course_id), str(config.Exchange.root or "")
    if not exchange or not os.path.isdir(os.path.join(exchange, course_id)):
        raise HubError(f"the course's exchange folder {os.path.join(exchange, course_id)} does not exist: is this "
                       "course set up by `crmlab-hub setup`?")
    set_due_date(course, assignment, when)
    published = Path(exchange) / course_id / DEADLINES
    stored = json.loads(published.read_text(encoding="utf-8")) if published.is_file() else {}
    stored[assignment] = when.isoformat()
    with tempfile.NamedTemporaryFile("w", dir=published.parent, delete=False, encoding="utf-8") as handle:
        json.dump(stored, handle, indent=2)
    os.chmod(handle.name, 0o644)
    os.replace(handle.name, published)
    return published
