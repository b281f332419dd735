"""nbgrader's filesystem exchange, made safe to collect from while students submit, and outspoken.

nbgrader's own ``submit`` copies a student's folder straight into ``inbound/`` under its final name and
writes ``timestamp.txt`` and the permissions after it, so an instructor's ``collect`` at that moment can take
half a submission (or trip over files it may not read yet) and, with ``--update``, keep the half for good
(the timestamp is the same). Here:

- :class:`Submit` writes the submission under a hidden name and renames it into place when it is complete
  (a rename is atomic: ``collect`` sees all of it or none of it); it tells the student when this submission
  replaces an earlier one (all are kept; the newest is graded) and when it arrives after the deadline the
  instructor published (``crmlab-hub deadline``).
- :class:`Collect` skips any submission that is not complete (no ``timestamp.txt``: one made by a plain
  nbgrader submit still being copied), takes that student's newest complete one instead, collects each
  submission on its own (one it cannot read does not stop the others), and ends with a summary: how many
  were collected, which arrived late, which must wait for the next collect.
"""

from __future__ import annotations

import datetime
import glob
import json
import os
import secrets

from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.exchange.default.submit import ExchangeSubmit
from nbgrader.utils import parse_utc

DEADLINES = "deadlines.json"
"""In the exchange's course folder (``EXCHANGE/COURSE/deadlines.json``): assignment → deadline, ISO 8601 in
UTC, readable by everyone; written by ``crmlab-hub deadline``."""


def read_deadlines(exchange: str, course: str) -> dict[str, datetime.datetime]:
    """The published deadlines of ``course`` ({} if none are published)."""
    path = os.path.join(exchange, course, DEADLINES)
    try:
        with open(path, encoding="utf-8") as handle:
            stored = json.load(handle)
    except (OSError, ValueError):
        return {}
    return {name: parse_utc(when) for name, when in stored.items()}


def duration(seconds: float) -> str:
    """``seconds`` in words: '2 d 3 h', '1 h 5 min', '4 min 10 s'.

    >>> duration(3 * 86400 + 7200 + 59), duration(3900), duration(250), duration(3)
    ('3 d 2 h', '1 h 5 min', '4 min 10 s', '3 s')
    """
    seconds = int(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min {secs} s"
    return f"{secs} s"


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.replace(tzinfo=datetime.UTC) if moment.tzinfo is None else moment


class Submit(ExchangeSubmit):
    """``nbgrader submit`` (and the Assignments tab's Submit button), atomic and outspoken.

    The same steps as nbgrader 0.9's ``ExchangeSubmit.copy_files`` (the files, ``timestamp.txt``, the
    submission's secret, the permissions; the same copy in the student's cache, through which
    ``fetch_feedback`` finds their feedback), but the inbound copy is made under a hidden name and renamed
    into place only when complete.
    """

    def copy_files(self) -> None:
        self.init_release()
        assignment = self.coursedir.assignment_id
        student = self.assignment_filename.split("+")[0]
        mine = f"{glob.escape(student)}+{glob.escape(assignment)}+*"
        earlier = sorted(glob.glob(os.path.join(self.cache_path, mine)))
        final = os.path.join(self.inbound_path, self.assignment_filename)
        partial = os.path.join(self.inbound_path, f".{self.assignment_filename}.partial")
        cache = os.path.join(self.cache_path, self.assignment_filename.rsplit("+", 1)[0] if self.add_random_string
                             else self.assignment_filename)
        self.log.info(f"Source: {self.src_path}")
        self.log.info(f"Destination: {final}")
        self.check_filename_diff()
        secret = secrets.token_hex(64)
        os.makedirs(self.cache_path, exist_ok=True)
        for target in (partial, cache):
            self.do_copy(self.src_path, target)
            for name, text in (("timestamp.txt", self.timestamp), ("submission_secret.txt", secret)):
                with open(os.path.join(target, name), "w", encoding="utf-8") as handle:
                    handle.write(text)
            if target == partial:
                self.set_perms(partial, fileperms=0o644, dirperms=0o755)
                os.chmod(partial, 0o777)  # as nbgrader: the instructor may delete it; hidden by its random name
                os.rename(partial, final)
        self.log.info(f"Submitted as: {self.coursedir.course_id} {assignment} {self.timestamp}")
        if earlier:
            last = os.path.basename(earlier[-1]).split("+")[2]
            self.log.warning(f"You had submitted {assignment} before ({len(earlier)} time(s), last at {last}). "
                             "This submission is the one your instructor grades; the earlier ones are kept.")
        deadline = read_deadlines(self.root, self.coursedir.course_id).get(assignment)
        when = _utc(parse_utc(self.timestamp))
        if deadline is not None and when > _utc(deadline):
            self.log.warning(f"This submission of {assignment} is LATE: it arrived "
                             f"{duration((when - _utc(deadline)).total_seconds())} after the deadline "
                             f"({_utc(deadline):%Y-%m-%d %H:%M} UTC). It is kept, and your instructor sees it as late.")


class Collect(ExchangeCollect):
    """``nbgrader collect`` (and the formgrader's Collect button), tolerant of submissions still arriving."""

    def _complete(self, record: dict) -> bool:
        return os.path.isfile(os.path.join(self.inbound_path, record["filename"], "timestamp.txt"))

    def init_src(self) -> None:
        super().init_src()
        self.waiting = []
        kept = []
        for record in self.src_records:
            if self._complete(record):
                kept.append(record)
                continue
            pattern = os.path.join(self.inbound_path, f"{glob.escape(record['username'])}+"
                                                      f"{glob.escape(self.coursedir.assignment_id)}+*")
            complete = [r for r in map(self._path_to_record, glob.glob(pattern)) if self._complete(r)]
            if complete:
                kept.append(self._sort_by_timestamp(complete)[0])
            self.waiting.append(record["username"])
        self.src_records = kept

    def copy_files(self) -> None:
        records, failed = self.src_records, []
        for record in records:
            self.src_records = [record]
            try:
                super().copy_files()
            except OSError as error:
                failed.append(f"{record['username']} ({error})")
        self.src_records = records
        collected = len(records) - len(failed)
        lines = [f"{collected} submission(s) of {self.coursedir.assignment_id} collected or already up to date"]
        if self.duedate is not None:
            due = _utc(self.duedate)
            late = sorted((r["username"], _utc(r["timestamp"]) - due) for r in records
                          if _utc(r["timestamp"]) > due)
            if late:
                lines.append(f"{len(late)} arrived after the deadline ({due:%Y-%m-%d %H:%M} UTC): "
                             + ", ".join(f"{name} ({duration(d.total_seconds())} late)" for name, d in late))
        if self.waiting:
            lines.append(f"{len(self.waiting)} still being written while collecting ({', '.join(self.waiting)}): "
                         "their newest submission is picked up by the next `nbgrader collect --update`")
        if failed:
            lines.append(f"{len(failed)} could not be read and were not collected (run collect again): "
                         + "; ".join(failed))
        for line in lines:
            self.log.warning(line) if line is not lines[0] else self.log.info(line)
