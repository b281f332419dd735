"""The gradebook's PostgreSQL: a cluster of the class server's own (``gradebook = local``), or one you run.

The local cluster lives in ``STATE/postgres/data``, belongs to Debian's ``postgres`` account, and listens
only on a Unix socket in ``STATE/postgres/run`` (no TCP port, so it cannot clash with another PostgreSQL on
the machine). Accounts connect as themselves (peer authentication): the instructor's account owns the
course's database; a student's account has no role, so it cannot open the gradebook at all.
"""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

from crmlab_hub.settings import HubError, Settings

SERVER_ACCOUNT = "postgres"


def bin_dir(settings: Settings) -> Path:
    """The folder of initdb and pg_ctl: the setting, or the newest Debian PostgreSQL."""
    if settings.postgres_bin:
        folder = Path(settings.postgres_bin)
    else:
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
                       key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
        if not found:
            raise HubError("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/pg_ctl): "
                           "`apt-get install postgresql` (tools/install-system-packages.sh does it), or set "
                           "--gradebook to the URL of a PostgreSQL you run")
        folder = found[-1].parent
    if not (folder / "pg_ctl").is_file():
        raise HubError(f"{folder} has no pg_ctl: set --postgres-bin to the folder holding initdb and pg_ctl")
    return folder


class LocalCluster:
    """The class server's own PostgreSQL cluster."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.data = settings.postgres / "data"
        self.run_dir = settings.postgres / "run"
        self.log = settings.postgres / "postgresql.log"  # the postgres account writes it
        self.port = settings.postgres_port

    def _command(self, program: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        command = ["runuser", "-u", SERVER_ACCOUNT, "--", str(bin_dir(self.settings) / program), *args]
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd="/")

    def initialise(self) -> bool:
        """Create the cluster if there is none; True if it was created."""
        import pwd
        import shutil

        if (self.data / "PG_VERSION").is_file():
            return False
        try:
            account = pwd.getpwnam(SERVER_ACCOUNT)
        except KeyError:
            raise HubError(f"there is no {SERVER_ACCOUNT!r} account: install Debian's postgresql package") from None
        for folder, mode in ((self.settings.postgres, 0o755), (self.run_dir, 0o755), (self.data, 0o700)):
            folder.mkdir(parents=True, exist_ok=True)
            shutil.chown(folder, account.pw_uid, account.pw_gid)
            folder.chmod(mode)
        result = self._command("initdb", "-D", str(self.data), "--auth-local=peer", "--auth-host=reject",
                               "--encoding=UTF8", "--locale=C.UTF-8")
        if result.returncode != 0:
            raise HubError(f"initdb failed in {self.data}:\n{result.stderr.strip()[-1500:]}")
        return True

    def running(self) -> bool:
        return (self.data / "PG_VERSION").is_file() and self._command("pg_ctl", "status", "-D",
                                                                       str(self.data)).returncode == 0

    def start(self) -> bool:
        """Start the cluster unless it runs; True if this call started it. A failure says why (the log's end)."""
        if not (self.data / "PG_VERSION").is_file():
            raise HubError(f"no PostgreSQL cluster in {self.data}: run `crmlab-hub setup` first")
        if self.running():
            return False
        options = f"-k {self.run_dir} -p {self.port} -c listen_addresses=''"
        result = self._command("pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data), "-l", str(self.log),
                               "-o", options)
        if result.returncode != 0:
            tail = self.log.read_text(errors="replace").strip().splitlines()[-8:] if self.log.is_file() else []
            raise HubError("PostgreSQL did not start, so the gradebook is not reachable; nothing else was "
                           f"started. Its log ({self.log}) ends:\n  " + "\n  ".join(tail or [result.stderr.strip()]))
        return True

    def stop(self) -> bool:
        """Stop the cluster if it runs; True if it was running."""
        if not self.running():
            return False
        result = self._command("pg_ctl", "stop", "-D", str(self.data), "-m", "fast", "-w", "-t", "60")
        if result.returncode != 0:
            raise HubError(f"PostgreSQL did not stop: {result.stderr.strip()}")
        return True

    def sql(self, statement: str, database: str = "postgres") -> str:
        """Run one SQL statement as the server's superuser; its output (tuples only)."""
        result = self._command("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", str(self.run_dir), "-p",
                               str(self.port), "-d", database, "-tAc", statement)
        if result.returncode != 0:
            raise HubError(f"PostgreSQL refused {statement!r}: {result.stderr.strip()}")
        return result.stdout.strip()

    def ensure_database(self, owner: str, database: str) -> list[str]:
        """A login role for ``owner`` (the account's own name: peer authentication) and its ``database``;
        returns what was created."""
        for name in (owner, database):
            if not re.fullmatch(r"[a-z_][a-z0-9_-]{0,62}", name):
                raise HubError(f"{name!r} cannot be a PostgreSQL name here (lower-case letters, digits, _ and -)")
        made = []
        if not self.sql(f"SELECT 1 FROM pg_roles WHERE rolname = '{owner}'"):
            self.sql(f'CREATE ROLE "{owner}" LOGIN')
            made.append(f"role {owner}")
        if not self.sql(f"SELECT 1 FROM pg_database WHERE datname = '{database}'"):
            self.sql(f'CREATE DATABASE "{database}" OWNER "{owner}"')
            # Nobody but its owner may even connect to it.
            self.sql(f'REVOKE CONNECT, TEMPORARY ON DATABASE "{database}" FROM PUBLIC')
            made.append(f"database {database}")
        return made


def reachable(url: str, timeout: int = 5) -> str:
    """'' if the PostgreSQL server of ``url`` (SQLAlchemy or libpq form) accepts connections, else why not."""
    libpq = re.sub(r"^postgresql\+\w+://", "postgresql://", url)
    try:
        result = subprocess.run(["pg_isready", "-d", libpq, "-t", str(timeout)], capture_output=True, text=True,
                                timeout=timeout + 10)
    except FileNotFoundError:
        return "pg_isready is not installed (Debian's postgresql-client)"
    if result.returncode == 0:
        return ""
    said = {1: "it rejects connections (starting up or shutting down?)", 2: "no answer",
            3: "the URL cannot be used"}.get(result.returncode, f"pg_isready exit status {result.returncode}")
    return f"{said}: {result.stdout.strip() or result.stderr.strip()}"


def wait_until_reachable(url: str, seconds: float = 30) -> str:
    """Like :func:`reachable`, trying for up to ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        why = reachable(url)
        if not why or time.monotonic() > deadline:
            return why
        time.sleep(0.5)
