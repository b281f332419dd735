"""The settings of one class server, kept in ``STATE/settings.json``, and the paths derived from them.

``crmlab-hub setup --option VALUE …`` writes them (an option not given keeps its stored value, or its
default); ``jupyterhub_config.py`` and every other command read them. Everything the deployment owns lives
under the state folder ``STATE`` (default ``/srv/crmlab-hub``) but the course, which lives in the
instructor's home (the formgrader serves only folders under the notebook server's root).
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_STATE = Path(os.environ.get("CRMLAB_HUB_STATE", "/srv/crmlab-hub"))
AUTHENTICATORS = ("pam", "native", "lti")
NAME = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
"""A Linux account or group name that is also a valid nbgrader student id (lower case: JupyterHub lowers
user names)."""
COURSE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class HubError(Exception):
    """Bad input or an environment problem, said so that an administrator can act on it; nothing was changed
    by the step that failed."""


@dataclass
class Settings:
    """One class server. ``state`` is where everything lives; the rest is what ``crmlab-hub setup`` takes."""

    state: Path = DEFAULT_STATE
    instructor: str = ""
    """The instructor's local account: owns the course, the exchange's course folder and the gradebook."""
    course_id: str = "crmlab"
    """nbgrader's course id: with each student's id it fixes their numbers (``crmlab course init --id``)."""
    course_dir: str = ""
    """The course folder (default ``~INSTRUCTOR/COURSE_ID``); it must be inside the instructor's home."""
    authenticator: str = "pam"
    """``pam`` (the server's accounts), ``native`` (sign-up approved by the instructor) or ``lti`` (LTI 1.3)."""
    students_group: str = "crmlab-students"
    instructors_group: str = "crmlab-instructors"
    ip: str = ""
    """Where the hub listens for browsers ('' = every interface)."""
    port: int = 8000
    hub_port: int = 8081
    proxy_api_port: int = 8001
    gradebook: str = "local"
    """``local``: a PostgreSQL cluster in STATE/postgres, run by this server; or the URL of a PostgreSQL
    database you run (``postgresql://user@host:5432/dbname``)."""
    postgres_port: int = 5432
    """The local cluster listens on a Unix socket in STATE/postgres/run only (no TCP); the port names it."""
    postgres_bin: str = ""
    """The folder of initdb and pg_ctl (default: the newest /usr/lib/postgresql/*/bin)."""
    proxy: str = ""
    """configurable-http-proxy (default: node_modules/.bin/configurable-http-proxy of the repository)."""
    python: str = "/usr/bin/python3"
    """The Python the hub's environment is built on: every account must be able to read it."""
    ssl_cert: str = ""
    ssl_key: str = ""
    lti_issuer: str = ""
    lti_client_id: list[str] = field(default_factory=list)
    lti_authorize_url: str = ""
    lti_jwks_endpoint: str = ""
    lti_username_key: str = "custom_student_id"
    """The LTI claim that carries the id on your class list (nbgrader's student id)."""

    # Paths derived from ``state``.
    @property
    def venv(self) -> Path:
        return self.state / "venv"

    @property
    def exchange(self) -> Path:
        return self.state / "exchange"

    @property
    def hub_dir(self) -> Path:
        """The hub's own files (its database, cookie secret, lock, service token): root only."""
        return self.state / "hub"

    @property
    def logs(self) -> Path:
        return self.state / "logs"

    @property
    def jupyter(self) -> Path:
        """Jupyter and nbgrader configuration per role: ``student/`` and ``instructor/``."""
        return self.state / "jupyter"

    @property
    def postgres(self) -> Path:
        return self.state / "postgres"

    @property
    def course(self) -> Path:
        if self.course_dir:
            return Path(self.course_dir)
        import pwd

        return Path(pwd.getpwnam(self.instructor).pw_dir) / self.course_id

    @property
    def database(self) -> str:
        """The name of the course's gradebook database on the local cluster."""
        return "crmlab_" + re.sub(r"[^a-z0-9_]", "_", self.course_id.lower())

    @property
    def public_url(self) -> str:
        scheme = "https" if self.ssl_cert else "http"
        return f"{scheme}://{self.ip or '127.0.0.1'}:{self.port}"

    def check(self) -> Settings:
        """Raise :class:`HubError` naming the first setting that is wrong; return self."""
        if self.authenticator not in AUTHENTICATORS:
            raise HubError(f"authenticator must be one of {', '.join(AUTHENTICATORS)}, got {self.authenticator!r}")
        for name in ("instructor", "students_group", "instructors_group"):
            value = getattr(self, name)
            if not NAME.match(value):
                raise HubError(f"{name} must be a Linux name (lower-case letters, digits, '_' or '-', at most 32, "
                               f"starting with a letter), got {value!r}")
        if self.students_group == self.instructors_group:
            raise HubError(f"students_group and instructors_group must differ, both are {self.students_group!r}")
        if not COURSE_ID.match(self.course_id):
            raise HubError(f"course_id must be 1 to 64 letters, digits, '.', '_' or '-', got {self.course_id!r}")
        ports = {"port": self.port, "hub_port": self.hub_port, "proxy_api_port": self.proxy_api_port}
        for name, value in {**ports, "postgres_port": self.postgres_port}.items():
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
                raise HubError(f"{name} must be a port number from 1 to 65535, got {value!r}")
        if len(set(ports.values())) < len(ports):
            raise HubError(f"port, hub_port and proxy_api_port must be three different ports, got {ports}")
        if self.gradebook != "local" and not re.match(r"^postgresql(\+psycopg2)?://", self.gradebook):
            raise HubError(f"gradebook must be 'local' or a PostgreSQL URL (postgresql://user@host:port/db), "
                           f"got {self.gradebook!r}")
        if bool(self.ssl_cert) != bool(self.ssl_key):
            raise HubError("give both ssl_cert and ssl_key (or neither: then put the hub behind a TLS proxy)")
        if self.authenticator == "lti":
            missing = [n for n in ("lti_issuer", "lti_client_id", "lti_authorize_url", "lti_jwks_endpoint")
                       if not getattr(self, n)]
            if missing:
                raise HubError(f"the LTI 1.3 authenticator needs {', '.join(missing)} (from your LMS's registration "
                               "of the tool)")
        return self

    @property
    def gradebook_url(self) -> str:
        """The course's ``c.CourseDirectory.db_url`` (SQLAlchemy, psycopg2 driver). On the local cluster the
        account connects as itself over the Unix socket (peer authentication: no password anywhere)."""
        if self.gradebook == "local":
            return f"postgresql+psycopg2:///{self.database}?host={self.postgres / 'run'}&port={self.postgres_port}"
        return re.sub(r"^postgresql://", "postgresql+psycopg2://", self.gradebook)


SETTINGS_FILE = "settings.json"
_STORED = [f.name for f in dataclasses.fields(Settings) if f.name != "state"]


def load(state: Path | str = DEFAULT_STATE) -> Settings:
    """The settings stored in ``state`` (a :class:`HubError` says to run setup when there are none)."""
    state = Path(state).resolve()
    path = state / SETTINGS_FILE
    if not path.is_file():
        raise HubError(f"{state} holds no class server ({path} is missing): run `crmlab-hub setup --state {state} "
                       "--instructor NAME` first")
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise HubError(f"{path} cannot be read ({error}); run `crmlab-hub setup` again to rewrite it") from None
    unknown = sorted(set(stored) - set(_STORED))
    if unknown:
        raise HubError(f"{path} has unknown settings {unknown}; known: {', '.join(_STORED)}")
    return Settings(state=state, **stored).check()


def update(state: Path | str, changes: dict) -> Settings:
    """The stored settings (or the defaults) with ``changes``, checked, saved."""
    state = Path(state).resolve()
    try:
        current = load(state)
    except HubError:
        if (state / SETTINGS_FILE).is_file():
            raise
        current = Settings(state=state)
    merged = dataclasses.replace(current, **{k: v for k, v in changes.items() if v is not None}).check()
    state.mkdir(parents=True, exist_ok=True)
    text = json.dumps({name: getattr(merged, name) for name in _STORED}, indent=2) + "\n"
    temporary = state / (SETTINGS_FILE + ".new")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(state / SETTINGS_FILE)
    return merged
