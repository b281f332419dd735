"""What the ``crmlab-hub`` commands do: set a class server up, start it, stop it, say how it is.

Every step checks before it changes anything, and says what is wrong and what to do
(:class:`~crmlab_hub.settings.HubError`). Each step can be run again: it redoes only what is missing or
out of date (``setup`` rebuilds the environment only when the requirements, the wheel or this package
changed).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from crmlab_hub import hubconfig, postgres
from crmlab_hub.settings import HubError, Settings

PACKAGE = Path(__file__).resolve().parent
"""This package (``deploy/jupyterhub/crmlab_hub`` in the repository, or installed in the hub's environment)."""
HUB_BLOCK = ("# crmlab-hub: begin (written by `crmlab-hub setup`; change the settings there, not here)",
             "# crmlab-hub: end")


def _require_root(what: str) -> None:
    if os.geteuid() != 0:
        raise HubError(f"{what} needs root (it spawns each person's server as their own account); run it with sudo")


def _run(command: list[str], what: str, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run([str(c) for c in command], capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise HubError(f"{what} failed:\n{(result.stdout + result.stderr).strip()[-2500:]}")
    return result


def as_account(name: str, command: list, settings: Settings, **kwargs) -> subprocess.CompletedProcess:
    """Run ``command`` as the local account ``name``, in its home, with the hub environment's PATH."""
    home = pwd.getpwnam(name).pw_dir
    env = ["env", "-i", f"HOME={home}", f"USER={name}", "LANG=C.UTF-8",
           f"PATH={settings.venv / 'bin'}:/usr/local/bin:/usr/bin:/bin"]
    return _run(["runuser", "-u", name, "--", *env, *command], f"{' '.join(map(str, command[:3]))} as {name}",
                cwd=home, **kwargs)


# ---------------------------------------------------------------------------------------------- setup


def readable_by_everyone(path: Path) -> str:
    """'' if every account can reach and read ``path``, else the folder that stops them."""
    path = path.resolve()
    for folder in [*reversed(path.parents), path]:
        mode = folder.stat().st_mode
        if folder.is_dir() and not mode & 0o001 or folder == path and not mode & 0o004:
            return str(folder)
    return ""


def _python_paths(python: str) -> list[Path]:
    code = "import sys, sysconfig; print(sys.executable); print(sysconfig.get_path('stdlib'))"
    try:
        out = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError) as error:
        raise HubError(f"the Python {python!r} does not run ({error}); set --python to Debian's /usr/bin/python3") \
            from None
    return [Path(p) for p in out]


def _digest(*paths: Path, extra: str = "") -> str:
    digest = hashlib.sha256(extra.encode())
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def build_environment(settings: Settings, requirements: Path, wheel: Path) -> list[str]:
    """The hub's environment in STATE/venv: the pinned requirements (``--no-deps``, then ``pip check``), the
    crmlab wheel and this package, compiled, readable by every account. Each of the three is installed again
    only when it changed (a new wheel does not rebuild the rest); returns what was installed."""
    for path, what in ((requirements, "requirements file"), (wheel, "crmlab wheel")):
        if not path.is_file():
            hint = " (`make dist` builds it)" if what == "crmlab wheel" else ""
            raise HubError(f"the {what} {path} does not exist{hint}")
    if not (PACKAGE.parent / "pyproject.toml").is_file():
        raise HubError(f"{PACKAGE.parent} is not deploy/jupyterhub of the repository: run setup from the repository")
    venv, stamp = settings.venv, settings.venv / ".crmlab-hub-installed"
    layers = {"requirements": _digest(requirements, extra=settings.python), "crmlab": _digest(wheel),
              "crmlab-hub": _digest(*sorted(PACKAGE.glob("*.py")), PACKAGE.parent / "pyproject.toml")}
    try:
        installed = json.loads(stamp.read_text())
    except (OSError, ValueError):
        installed = {}
    if installed == layers:
        return []
    python = venv / "bin" / "python"
    pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "--no-compile"]
    if installed.get("requirements") != layers["requirements"]:
        for path in _python_paths(settings.python):
            if blocked := readable_by_everyone(path):
                raise HubError(f"the Python {settings.python} cannot be used by the students' accounts: {blocked} is "
                               "not readable by everyone (a pyenv Python under /root, say). Use Debian's own: "
                               "--python /usr/bin/python3 (package python3-venv)")
        if venv.exists():
            if not (venv / "pyvenv.cfg").is_file():
                raise HubError(f"{venv} exists and is not a virtual environment; move it away")
            shutil.rmtree(venv)
        installed = {}
        print(f"building the hub's environment in {venv} (a few minutes) …", flush=True)
        _run([settings.python, "-m", "venv", venv], "creating the virtual environment (Debian: apt install "
                                                    "python3-venv)")
        _run([*pip, "-r", requirements], "installing the pinned requirements")
    steps = {"crmlab": ([*pip, "--force-reinstall", wheel], "installing the crmlab wheel"),
             "crmlab-hub": ([*pip, "--force-reinstall", "--no-build-isolation", PACKAGE.parent],
                            "installing crmlab-hub")}
    done = [name for name in layers if installed.get(name) != layers[name]]
    for name in done:
        if name in steps:
            _run(*steps[name])
    _run([python, "-m", "pip", "check", "--disable-pip-version-check"], "pip check")
    # Compiled here, once: the accounts that run it cannot write __pycache__ into it.
    _run([python, "-m", "compileall", "-q", "-j", "0", venv / "lib"], "compiling the environment")
    stamp.write_text(json.dumps(layers))
    return done


def ensure_group(name: str) -> bool:
    """The Linux group ``name``; True if it was made."""
    import grp

    try:
        grp.getgrnam(name)
        return False
    except KeyError:
        _run(["groupadd", name], f"groupadd {name}")
        return True


def _owned_folder(path: Path, mode: int, owner: str | None = None) -> None:
    """``path`` as a folder with ``mode``, owned by ``owner`` (root when None); refuses a folder someone else made
    (a student could otherwise make the exchange's course folder theirs before the instructor)."""
    account = pwd.getpwnam(owner or "root")
    if path.is_symlink() or path.exists() and not path.is_dir():
        raise HubError(f"{path} exists and is not a folder; move it away")
    if not path.exists():
        path.mkdir(parents=True)
        os.chown(path, account.pw_uid, account.pw_gid)
    elif path.stat().st_uid not in (account.pw_uid, 0):
        raise HubError(f"{path} belongs to {pwd.getpwuid(path.stat().st_uid).pw_name}, not {account.pw_name}: "
                       "someone made it before setup; check it, move it away, and run setup again")
    else:
        os.chown(path, account.pw_uid, account.pw_gid)
    path.chmod(mode)


def ensure_exchange(settings: Settings) -> None:
    """nbgrader's exchange: the root writable by everyone, sticky (nobody removes another's folder); the course's
    folder the instructor's, made now, so that no student can claim its name first; inbound writable but not
    listable by students (sticky: one cannot remove another's submission), feedback reachable only by name."""
    _owned_folder(settings.exchange, 0o1777)
    course = settings.exchange / settings.course_id
    _owned_folder(course, 0o755, settings.instructor)
    for name, mode in (("outbound", 0o755), ("inbound", 0o3733), ("feedback", 0o711)):
        _owned_folder(course / name, mode, settings.instructor)


STUDENT_LAB_OFF = ["@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                   "@jupyter/nbgrader:course-list"]


def write_jupyter_configs(settings: Settings) -> None:
    """STATE/jupyter/student and STATE/jupyter/instructor: the Jupyter and nbgrader configuration each role's
    server gets (the spawner sets JUPYTER_CONFIG_PATH to one of them)."""
    common = (f"c.Exchange.root = {str(settings.exchange)!r}\n"
              f"c.CourseDirectory.course_id = {settings.course_id!r}\n")
    student = settings.jupyter / "student"
    instructor = settings.jupyter / "instructor"
    for folder in (settings.jupyter, student, instructor, student / "labconfig"):
        _owned_folder(folder, 0o755)
    files = {
        student / "nbgrader_config.py": ("c = get_config()  # noqa: F821\n" + common
                                         + "c.ExchangeFactory.submit = 'crmlab_hub.exchange.Submit'\n"),
        student / "jupyter_server_config.json": json.dumps({"ServerApp": {"jpserver_extensions": {
            "nbgrader.server_extensions.formgrader": False, "nbgrader.server_extensions.course_list": False}}},
            indent=2),
        student / "labconfig" / "page_config.json": json.dumps(
            {"disabledExtensions": dict.fromkeys(STUDENT_LAB_OFF, True)}, indent=2),
        # The instructor's server reads the course's own configuration (its gradebook URL, the exchange …).
        instructor / "nbgrader_config.py": ("c = get_config()  # noqa: F821\n" + common
                                            + f"load_subconfig({str(settings.course / 'nbgrader_config.py')!r})  "
                                              "# noqa: F821\n"),
    }
    for path, text in files.items():
        path.write_text(text + ("" if text.endswith("\n") else "\n"), encoding="utf-8")
        path.chmod(0o644)


def hub_block(settings: Settings) -> str:
    """The lines ``setup`` keeps at the end of the course's nbgrader_config.py."""
    return "\n".join([
        HUB_BLOCK[0],
        "# The gradebook on PostgreSQL (SQLite stays the default of a course on a laptop), nbgrader's exchange in",
        "# the shared folder, and a collect that never takes half a submission.",
        f"c.CourseDirectory.db_url = {settings.gradebook_url!r}",
        f"c.Exchange.root = {str(settings.exchange)!r}",
        "c.ExchangeFactory.collect = 'crmlab_hub.exchange.Collect'",
        HUB_BLOCK[1], ""])


def with_hub_block(text: str, block: str) -> str:
    """``text`` (a course's nbgrader_config.py) with the hub block replaced, or added at its end.

    >>> with_hub_block("a = 1\\n", "B\\n") == "a = 1\\n\\nB\\n"
    True
    """
    start, end = text.find(HUB_BLOCK[0]), text.find(HUB_BLOCK[1])
    if start >= 0 and end > start:
        return text[:start] + block + text[end + len(HUB_BLOCK[1]) + 1:]
    return text.rstrip("\n") + "\n\n" + block


def ensure_course(settings: Settings) -> bool:
    """The instructor's course (``crmlab course init`` as the instructor), with the hub block in its
    nbgrader_config.py; True if it was made."""
    course, home = settings.course, Path(pwd.getpwnam(settings.instructor).pw_dir)
    if not course.resolve().is_relative_to(home.resolve()):
        raise HubError(f"the course folder {course} must be inside {settings.instructor}'s home {home} (the "
                       "formgrader serves only folders under the Jupyter server's root)")
    config = course / "nbgrader_config.py"
    made = False
    if not config.is_file():
        if course.exists() and any(course.iterdir()):
            raise HubError(f"{course} exists, is not empty, and is not a course (no nbgrader_config.py)")
        as_account(settings.instructor, [settings.venv / "bin" / "crmlab", "course", "init", course, "--id",
                                         settings.course_id], settings)
        made = True
    ids = as_account(settings.instructor, [settings.venv / "bin" / "python", "-c",
                                           "import sys; from crmlab.grading.config import course_id; "
                                           "print(course_id(sys.argv[1]))", course], settings).stdout.strip()
    if ids != settings.course_id:
        raise HubError(f"the course in {course} has course id {ids!r}, not {settings.course_id!r}: pass "
                       f"--course-id {ids} or another --course-dir")
    config.write_text(with_hub_block(config.read_text(encoding="utf-8"), hub_block(settings)), encoding="utf-8")
    return made


def setup(settings: Settings, requirements: Path, wheel: Path) -> list[str]:
    """Everything a class server needs, made or brought up to date; returns what was done."""
    _require_root("crmlab-hub setup")
    os.umask(0o022)
    try:
        pwd.getpwnam(settings.instructor)
    except KeyError:
        raise HubError(f"there is no local account {settings.instructor!r}: create the instructor's account "
                       f"(adduser {settings.instructor}) or pass --instructor NAME") from None
    done = []
    for group in (settings.students_group, settings.instructors_group):
        if ensure_group(group):
            done.append(f"group {group}")
    _run(["usermod", "--append", "--groups", settings.instructors_group, settings.instructor], "usermod")
    for folder, mode in ((settings.state, 0o755), (settings.hub_dir, 0o700), (settings.logs, 0o750)):
        _owned_folder(folder, mode)
    if installed := build_environment(settings, requirements, wheel):
        done.append(f"environment {settings.venv} ({', '.join(installed)})")
    ensure_exchange(settings)
    if settings.gradebook == "local" and postgres.LocalCluster(settings).initialise():
        done.append(f"PostgreSQL cluster {settings.postgres / 'data'}")
    if ensure_course(settings):
        done.append(f"course {settings.course}")
    write_jupyter_configs(settings)
    hubconfig.private_home(settings.instructor)
    token = settings.hub_dir / "service-token"
    if not token.is_file():
        token.write_text(os.urandom(32).hex())
        token.chmod(0o600)
    return done


# ---------------------------------------------------------------------------------------------- start


LOCK = "hub.lock"


def _lock(settings: Settings):
    """The hub's lock file, opened; locked by the running hub process (it inherits the descriptor)."""
    settings.hub_dir.mkdir(parents=True, exist_ok=True)
    return open(settings.hub_dir / LOCK, "a+", encoding="utf-8")  # noqa: SIM115 - handed to the hub process


def running_hub(settings: Settings) -> dict | None:
    """What the lock file says of the running hub ({'pid', 'since', 'url'}), or None if none runs."""
    with _lock(settings) as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            try:
                return json.loads(handle.read() or "{}")
            except ValueError:
                return {}
        fcntl.flock(handle, fcntl.LOCK_UN)
        return None


def _holder(port: int) -> str:
    """Who listens on ``port`` ('' if nobody can be named)."""
    try:
        import psutil
    except ImportError:
        return ""
    for connection in psutil.net_connections(kind="tcp"):
        if connection.status == psutil.CONN_LISTEN and connection.laddr.port == port and connection.pid:
            try:
                process = psutil.Process(connection.pid)
                return f"{process.name()} (process {process.pid}: {' '.join(process.cmdline())[:120]})"
            except psutil.Error:
                return f"process {connection.pid}"
    return ""


def check_ports(settings: Settings) -> None:
    """Each of the hub's ports free (or held by this server's own proxy, left by a hub that crashed: the hub
    stops it itself); else say which port and who holds it."""
    proxy_pid = settings.hub_dir / "proxy.pid"
    ours = proxy_pid.read_text().strip() if proxy_pid.is_file() else ""
    for name, host, port in (("port", settings.ip or "0.0.0.0", settings.port),
                             ("hub_port", "127.0.0.1", settings.hub_port),
                             ("proxy_api_port", "127.0.0.1", settings.proxy_api_port)):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((host, port))
                continue
            except OSError as error:
                why = error.strerror
        holder = _holder(port)
        if ours and f"process {ours}:" in holder:
            continue
        raise HubError(f"{name} {port} on {host} is in use ({why}) by {holder or 'another program'}: stop it, or "
                       f"choose another with `crmlab-hub setup --{name.replace('_', '-')} N`; nothing was started")


def _url_answers(url: str) -> bool:
    context = ssl._create_unverified_context()  # noqa: S323 - our own hub, maybe a self-signed certificate
    try:
        with urllib.request.urlopen(url, timeout=5, context=context) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _api_url(settings: Settings) -> str:
    host = "127.0.0.1" if settings.ip in ("", "0.0.0.0") else settings.ip
    return f"{'https' if settings.ssl_cert else 'http'}://{host}:{settings.port}/hub/api"


def _log_tail(path: Path, lines: int = 12) -> str:
    if not path.is_file():
        return "(no log)"
    return "\n  ".join(path.read_text(errors="replace").strip().splitlines()[-lines:])


def prepare_gradebook(settings: Settings) -> str:
    """The gradebook's PostgreSQL running and the course's database there; returns what was done."""
    if settings.gradebook != "local":
        if why := postgres.reachable(settings.gradebook_url):
            raise HubError(f"PostgreSQL of the gradebook ({settings.gradebook}) is not reachable: {why}. Start it "
                           "or fix `crmlab-hub setup --gradebook URL`; nothing was started")
        return f"gradebook on {settings.gradebook}"
    cluster = postgres.LocalCluster(settings)
    started = cluster.start()
    made = cluster.ensure_database(settings.instructor, settings.database)
    return ("started PostgreSQL" if started else "PostgreSQL was running") + (f"; made {', '.join(made)}" if made
                                                                              else "")


def start(settings: Settings, wait: float = 180) -> str:
    """Start PostgreSQL (if local) and JupyterHub, which starts configurable-http-proxy; return a report.
    Refuses, changing nothing, when this server's hub already runs or a port is taken."""
    _require_root("crmlab-hub start")
    if not (settings.venv / ".crmlab-hub-installed").is_file():
        raise HubError(f"the hub's environment {settings.venv} is not built: run `crmlab-hub setup` first")
    if (running := running_hub(settings)) is not None:
        raise HubError(f"the hub of {settings.state} is already running (process {running.get('pid', '?')}, since "
                       f"{running.get('since', '?')}, at {running.get('url', '?')}); nothing was started. "
                       "`crmlab-hub status` shows it, `crmlab-hub stop` stops it")
    if not Path(settings.proxy).is_file():
        raise HubError(f"configurable-http-proxy is not at {settings.proxy}: run `make` in the repository (npm ci), "
                       "or pass --proxy PATH to setup")
    check_ports(settings)
    report = [prepare_gradebook(settings)]
    handle = _lock(settings)
    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    log = settings.logs / "jupyterhub.log"
    env = {"PATH": f"{settings.venv / 'bin'}:/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
           "HOME": str(settings.hub_dir), "CRMLAB_HUB_STATE": str(settings.state)}
    with open(log, "a", encoding="utf-8") as out:
        process = subprocess.Popen([str(settings.venv / "bin" / "jupyterhub"), "-f", str(installed_config(settings))],
                                   cwd=settings.hub_dir, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=out,
                                   start_new_session=True, pass_fds=[handle.fileno()])
    handle.seek(0)
    handle.truncate()
    handle.write(json.dumps({"pid": process.pid, "since": time.strftime("%Y-%m-%d %H:%M:%S"),
                             "url": settings.public_url}))
    handle.flush()
    handle.close()  # the hub process keeps the lock as long as it lives
    deadline = time.monotonic() + wait
    while not _url_answers(_api_url(settings)):
        if process.poll() is not None:
            raise HubError(f"JupyterHub stopped at start (exit status {process.returncode}). Its log ({log}) ends:"
                           f"\n  {_log_tail(log)}")
        if time.monotonic() > deadline:
            process.terminate()
            raise HubError(f"JupyterHub did not answer within {wait:g} s, so it was stopped. Its log ({log}) ends:"
                           f"\n  {_log_tail(log)}")
        time.sleep(0.5)
    report.append(f"JupyterHub is running at {settings.public_url} (process {process.pid}; log {log})")
    return "\n".join(report)


def installed_config(settings: Settings) -> Path:
    """jupyterhub_config.py of the crmlab_hub package installed in the hub's environment."""
    found = sorted(settings.venv.glob("lib/python3*/site-packages/crmlab_hub/jupyterhub_config.py"))
    if not found:
        raise HubError(f"crmlab-hub is not installed in {settings.venv}: run `crmlab-hub setup` again")
    return found[-1]


# ---------------------------------------------------------------------------------------------- stop, status


def _is_hub(pid: int) -> bool:
    try:
        return b"jupyterhub" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def stop(settings: Settings, keep_database: bool = False, wait: float = 120) -> str:
    """Stop JupyterHub (it stops every person's server and the proxy first) and the local PostgreSQL."""
    _require_root("crmlab-hub stop")
    report = []
    running = running_hub(settings)
    if running is None:
        report.append("JupyterHub was not running")
    else:
        pid = int(running.get("pid", 0))
        if not _is_hub(pid):
            raise HubError(f"the lock says the hub is process {pid}, which is not JupyterHub; stop it by hand")
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + wait
        while _is_hub(pid) and time.monotonic() < deadline:
            time.sleep(0.25)
        if _is_hub(pid):
            os.kill(pid, signal.SIGKILL)
            report.append(f"JupyterHub (process {pid}) did not stop within {wait:g} s and was killed")
        else:
            report.append(f"JupyterHub (process {pid}) stopped, with every server it had started")
    if settings.gradebook == "local" and not keep_database:
        report.append("PostgreSQL stopped" if postgres.LocalCluster(settings).stop() else "PostgreSQL was not running")
    return "\n".join(report)


def status(settings: Settings) -> tuple[str, bool]:
    """A report of the server, and whether the hub is running and answering."""
    running = running_hub(settings)
    lines, healthy = [f"state folder {settings.state}; course {settings.course_id} in {settings.course}"], False
    if running is None:
        lines.append("JupyterHub: not running (`crmlab-hub start`)")
    else:
        healthy = _url_answers(_api_url(settings))
        lines.append(f"JupyterHub: process {running.get('pid')} since {running.get('since')}, {settings.public_url} "
                     + ("answers" if healthy else "DOES NOT ANSWER (see logs/jupyterhub.log)"))
        token = settings.hub_dir / "service-token"
        if healthy and token.is_file():
            request = urllib.request.Request(_api_url(settings) + "/users?state=active",
                                             headers={"Authorization": f"token {token.read_text().strip()}"})
            try:
                with urllib.request.urlopen(request, timeout=10, context=ssl._create_unverified_context()) as r:
                    lines.append(f"servers running: {len(json.load(r))}")
            except (urllib.error.URLError, OSError, ValueError) as error:
                lines.append(f"servers running: unknown ({error})")
    if settings.gradebook == "local":
        cluster = postgres.LocalCluster(settings)
        lines.append(f"PostgreSQL: {'running' if cluster.running() else 'not running'} ({cluster.data}); gradebook "
                     f"{settings.gradebook_url}")
    else:
        why = postgres.reachable(settings.gradebook_url)
        lines.append(f"PostgreSQL {settings.gradebook}: {'reachable' if not why else 'NOT REACHABLE: ' + why}")
    lines.append(f"exchange {settings.exchange}")
    return "\n".join(lines), healthy
