"""Lateness: due dates, extensions, a grace period and a late penalty, applied in the export.

Due dates are nbgrader's own (the gradebook's ``duedate``, set by ``crmlab release NAME --due``); submission
times are the LMS's (``crmlab collect`` writes them to nbgrader's ``timestamp.txt``). The penalty is set in
the course's ``nbgrader_config.py``::

    c.LatePolicy.penalty_per_day = 0.10   # share of the assignment's points lost per day (or part of one) late
    c.LatePolicy.penalty_per_hour = 0.0   # or per hour (or part of one); the two add up
    c.LatePolicy.grace_minutes = 15       # minutes late that cost nothing
    c.LatePolicy.cap = 0.5                # the most a submission can lose, as a share of the points
    c.LatePolicy.extensions = {"1002": {"value": 48}}   # hours added to one student's due date

With no penalty set, lateness is reported (how late, per row) and costs nothing.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

from traitlets import Dict, Float
from traitlets.config import Configurable


class LatePolicy(Configurable):
    """The course's late policy (see the module docstring); every value is checked when it is used."""

    penalty_per_day = Float(0.0, help="share of the points lost per day, or part of one, late").tag(config=True)
    penalty_per_hour = Float(0.0, help="share of the points lost per hour, or part of one, late").tag(config=True)
    grace_minutes = Float(0.0, help="minutes late that cost nothing").tag(config=True)
    cap = Float(1.0, help="the most a submission can lose, as a share of its points").tag(config=True)
    extensions = Dict(help="student id → {assignment: hours added to the due date}").tag(config=True)

    def check(self) -> LatePolicy:
        for name in ("penalty_per_day", "penalty_per_hour", "cap"):
            value = getattr(self, name)
            if not 0 <= value <= 1:
                raise ValueError(f"LatePolicy.{name} must be a share between 0 and 1, got {value!r}")
        if self.grace_minutes < 0:
            raise ValueError(f"LatePolicy.grace_minutes must be ≥ 0, got {self.grace_minutes!r}")
        for student, hours in self.extensions.items():
            if not isinstance(hours, dict) or not all(isinstance(h, (int, float)) and h >= 0 for h in hours.values()):
                raise ValueError(f"LatePolicy.extensions[{student!r}] must map assignments to hours ≥ 0, got "
                                 f"{hours!r}")
        return self

    def extension(self, student: str, assignment: str) -> timedelta:
        return timedelta(hours=self.extensions.get(student, {}).get(assignment, 0))

    def penalty(self, seconds_late: float) -> float:
        """The share of the points lost for submitting ``seconds_late`` after the (extended) due date."""
        counted = seconds_late - self.grace_minutes * 60
        if counted <= 0:
            return 0.0
        lost = self.penalty_per_day * math.ceil(counted / 86400) + self.penalty_per_hour * math.ceil(counted / 3600)
        return min(self.cap, lost)


def policy(course: Path | str) -> LatePolicy:
    """The course's late policy, from its ``nbgrader_config.py``."""
    from crmlab.grading.config import _config

    return LatePolicy(config=_config(course)).check()


def parse_due(text: str) -> datetime:
    """A due date as an instructor types it: ``2026-10-01 23:59`` (UTC) or ``2026-10-01 23:59 +08:00``."""
    for pattern in ("%Y-%m-%d %H:%M %z", "%Y-%m-%d %H:%M:%S %z", "%Y-%m-%dT%H:%M%z", "%Y-%m-%d %H:%M",
                    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            due = datetime.strptime(text.strip(), pattern)
        except ValueError:
            continue
        return due if due.tzinfo else due.replace(tzinfo=UTC)
    raise ValueError(f"due date must look like 2026-10-01 23:59 or 2026-10-01 23:59 +08:00, got {text!r}")


def due_dates(course: Path) -> dict[str, datetime]:
    """assignment → due date (UTC), for the assignments that have one in the gradebook."""
    from nbgrader.api import Gradebook

    from crmlab.grading.config import course_id, gradebook_url, has_gradebook

    if not has_gradebook(course):
        return {}
    with Gradebook(gradebook_url(course), course_id(course)) as gradebook:
        return {a.name: a.duedate.replace(tzinfo=UTC) for a in gradebook.assignments if a.duedate}


def set_due_date(course: Path, assignment: str, due: datetime) -> None:
    """Record ``due`` as the assignment's due date in nbgrader's gradebook (stored in UTC, as nbgrader does)."""
    from nbgrader.api import Gradebook

    from crmlab.grading.config import course_id, gradebook_url

    with Gradebook(gradebook_url(course), course_id(course)) as gradebook:
        gradebook.update_or_create_assignment(assignment, duedate=due.astimezone(UTC).replace(tzinfo=None))


def describe(submitted: datetime, due: datetime | None, marked_late: bool = False) -> str:
    """How late a submission is, in words: '' (on time), 'late by 1 d 3 h', or what the LMS said."""
    if due is None:
        return "late (the LMS says so; no due date is set: crmlab release NAME --due …)" if marked_late else ""
    seconds = (submitted - due).total_seconds()
    return f"late by {duration(seconds)}" if seconds > 0 else ""


def duration(seconds: float) -> str:
    """A positive duration in days, hours and minutes, as an instructor reads it."""
    minutes = math.ceil(seconds / 60)
    days, rest = divmod(minutes, 1440)
    hours, minutes = divmod(rest, 60)
    parts = [f"{days} d" if days else "", f"{hours} h" if hours else "", f"{minutes} min" if minutes else ""]
    return " ".join(p for p in parts if p) or "0 min"
