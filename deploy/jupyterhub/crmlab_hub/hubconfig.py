"""JupyterHub's configuration for a class server, from ``STATE/settings.json`` (see ``jupyterhub_config.py``).

- One public port (configurable-http-proxy, started by the hub), the hub and the proxy's API on loopback.
- LocalProcessSpawner: each person's Jupyter server runs as their own Linux account, from the hub's
  environment, in their home; the hub login is the account name, which is also nbgrader's student id (the
  released notebooks draw each student's numbers from ``JUPYTERHUB_USER``).
- Only members of the class's two groups get a server (:func:`class_role`): a student gets the student's
  Jupyter configuration (the exchange, the Assignments tab, no formgrader), an instructor the instructor's
  (the formgrader on the course). With NativeAuthenticator or LTI the account is made on first start.
"""

from __future__ import annotations

import grp
import os
import pwd
import subprocess
from pathlib import Path

from crmlab_hub.settings import Settings

SERVICE = "crmlab-hub"
"""The hub service whose token (STATE/hub/service-token, root only) lets ``crmlab-hub status`` see servers."""


def members(group: str) -> set[str]:
    """The accounts in a Linux group (as a supplementary or as their primary group)."""
    try:
        entry = grp.getgrnam(group)
    except KeyError:
        return set()
    return set(entry.gr_mem) | {p.pw_name for p in pwd.getpwall() if p.pw_gid == entry.gr_gid}


class NotInClass(Exception):
    """An account that is not in the class's groups: it gets no server."""


def class_role(name: str, settings: Settings, create: bool) -> str:
    """'instructor' or 'student' for the account ``name``; with ``create``, an unknown name becomes a new
    student account (home private to them). Any other existing account (root, a service …) gets nothing."""
    try:
        pwd.getpwnam(name)
    except KeyError:
        if not create:
            raise NotInClass(f"there is no local account {name!r} on this server") from None
        subprocess.run(["useradd", "--create-home", "--key", "HOME_MODE=0700", "--shell", "/bin/bash",
                        "--groups", settings.students_group, name], check=True, capture_output=True)
    if name == settings.instructor or name in members(settings.instructors_group):
        return "instructor"
    if name in members(settings.students_group):
        return "student"
    raise NotInClass(f"{name} is not in the class (neither group {settings.students_group} nor "
                     f"{settings.instructors_group}); ask the administrator to add them")


def private_home(name: str) -> Path:
    """The account's home, made private (0700) if classmates could read it (Debian's useradd makes 0755
    homes): a student's notebooks and feedback are theirs alone."""
    home = Path(pwd.getpwnam(name).pw_dir)
    if home.is_dir() and home.stat().st_mode & 0o077:
        home.chmod(0o700)
    return home


def configure(c, settings: Settings) -> None:
    """Set JupyterHub's configuration ``c`` for the class server ``settings``."""
    from tornado import web

    hub = settings.hub_dir
    c.JupyterHub.bind_url = f"{'https' if settings.ssl_cert else 'http'}://{settings.ip}:{settings.port}"
    if settings.ssl_cert:
        c.JupyterHub.ssl_cert, c.JupyterHub.ssl_key = settings.ssl_cert, settings.ssl_key
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = settings.hub_port
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.proxy_api_port}"
    c.ConfigurableHTTPProxy.command = [settings.proxy]
    c.ConfigurableHTTPProxy.pid_file = str(hub / "proxy.pid")
    c.JupyterHub.db_url = f"sqlite:///{hub / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(hub / "cookie_secret")
    c.JupyterHub.pid_file = str(hub / "jupyterhub.pid")
    c.JupyterHub.cleanup_servers = True
    # A single server of two or four cores: start a few servers at a time, and wait for them patiently.
    c.JupyterHub.concurrent_spawn_limit = 10
    c.JupyterHub.spawner_class = "localprocess"
    c.Spawner.cmd = [str(settings.venv / "bin" / "jupyterhub-singleuser")]
    c.Spawner.default_url = "/lab"
    c.Spawner.http_timeout = 120
    c.Spawner.start_timeout = 180
    base_environment = {"PATH": f"{settings.venv / 'bin'}:/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}

    def pre_spawn(spawner) -> None:
        name = spawner.user.name
        try:
            role = class_role(name, settings, create=settings.authenticator != "pam")
        except NotInClass as error:
            raise web.HTTPError(403, str(error)) from None
        private_home(name)
        spawner.environment = {**base_environment, "JUPYTER_CONFIG_PATH": str(settings.jupyter / role)}

    c.Spawner.pre_spawn_hook = pre_spawn
    # The account name is the student id: lower-case letters, digits, '_' and '-' (Linux and nbgrader agree).
    c.Authenticator.username_pattern = r"^[a-z_][a-z0-9_-]{0,31}$"
    if settings.authenticator == "pam":
        c.JupyterHub.authenticator_class = "pam"
        c.PAMAuthenticator.allowed_groups = {settings.students_group, settings.instructors_group}
    elif settings.authenticator == "native":
        c.JupyterHub.authenticator_class = "native"
        c.NativeAuthenticator.open_signup = False  # the instructor approves each sign-up at /hub/authorize
        c.NativeAuthenticator.check_common_password = True
        c.NativeAuthenticator.minimum_password_length = 8
        c.Authenticator.admin_users = {settings.instructor}
        c.Authenticator.allow_all = True  # NativeAuthenticator lets in only the approved
    else:
        c.JupyterHub.authenticator_class = "ltiauthenticator.lti13.auth.LTI13Authenticator"
        c.LTI13Authenticator.issuer = settings.lti_issuer
        c.LTI13Authenticator.client_id = set(settings.lti_client_id)
        c.LTI13Authenticator.authorize_url = settings.lti_authorize_url
        c.LTI13Authenticator.jwks_endpoint = settings.lti_jwks_endpoint
        c.LTI13Authenticator.username_key = settings.lti_username_key
        c.Authenticator.allow_all = True  # whoever the LMS launches: the course's members
    token = hub / "service-token"
    if token.is_file():
        c.JupyterHub.services = [{"name": SERVICE, "api_token": token.read_text().strip()}]
        c.JupyterHub.load_roles = [{"name": "crmlab-hub-status", "scopes": ["list:users", "read:servers"],
                                    "services": [SERVICE]}]


def load_config(c) -> None:
    """What ``jupyterhub_config.py`` calls: the settings of the state folder in ``CRMLAB_HUB_STATE``."""
    from crmlab_hub import settings

    configure(c, settings.load(os.environ.get("CRMLAB_HUB_STATE", settings.DEFAULT_STATE)))
