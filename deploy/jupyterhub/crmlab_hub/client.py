"""What a person's browser does on the class server, as a script: log in, start the Jupyter server, use the
Assignments tab (nbgrader's fetch, submit, fetch feedback), read and write files, run code in a kernel.

Used by the tests and ``bench/hub.py``; also handy to check a new server (log in as a test student and fetch).
Every request goes through the public port (configurable-http-proxy), as a browser's would.
"""

from __future__ import annotations

import json
import time
import uuid

import requests


class HubClientError(Exception):
    """The hub or the person's server answered with an error (the message has the status and the answer)."""


class Person:
    """One account logged in through the hub's login form, with an API token of their own."""

    def __init__(self, url: str, name: str, password: str, timeout: float = 60) -> None:
        self.url, self.name, self.timeout = url.rstrip("/"), name, timeout
        browser = requests.Session()
        browser.get(f"{self.url}/hub/login", timeout=timeout)
        xsrf = browser.cookies.get("_xsrf", path="/hub/")
        answer = browser.post(f"{self.url}/hub/login", data={"username": name, "password": password, "_xsrf": xsrf},
                              allow_redirects=False, timeout=timeout)
        if answer.status_code != 302 or "jupyterhub-session-id" not in browser.cookies:
            raise HubClientError(f"{name} could not log in: HTTP {answer.status_code}")
        # The hub sets a new _xsrf cookie bound to the session at login: the token request must carry it.
        xsrf = [cookie.value for cookie in browser.cookies if cookie.name == "_xsrf"][-1]
        answer = browser.post(f"{self.url}/hub/api/users/{name}/tokens", json={"note": "crmlab_hub.client"},
                              headers={"X-XSRFToken": xsrf}, timeout=timeout)
        self.token = self._json(answer, "asking for a token")["token"]
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"token {self.token}"
        self._kernel: str | None = None

    @staticmethod
    def _json(answer: requests.Response, doing: str):
        if answer.status_code >= 400:
            raise HubClientError(f"{doing}: HTTP {answer.status_code}: {answer.text[:500]}")
        return answer.json() if answer.content else None

    def hub(self, method: str, path: str, **kwargs):
        """A request to the hub's REST API (``/hub/api/PATH``)."""
        kwargs.setdefault("timeout", self.timeout)
        return self._json(self.http.request(method, f"{self.url}/hub/api/{path}", **kwargs), f"{method} hub {path}")

    def server(self, method: str, path: str, **kwargs):
        """A request to this person's own Jupyter server (``/user/NAME/PATH``)."""
        kwargs.setdefault("timeout", self.timeout)
        answer = self.http.request(method, f"{self.url}/user/{self.name}/{path}", **kwargs)
        return self._json(answer, f"{method} {self.name}'s {path}")

    def start(self, wait: float = 300) -> float:
        """Start this person's server (as the Start button does) and wait until it answers; seconds taken."""
        began = time.monotonic()
        answer = self.http.post(f"{self.url}/hub/api/users/{self.name}/server", timeout=self.timeout)
        if answer.status_code not in (201, 202, 400):  # 400: already running
            self._json(answer, f"starting {self.name}'s server")
        while True:
            state = self.hub("GET", f"users/{self.name}")["servers"].get("", {})
            if state.get("ready"):
                return time.monotonic() - began
            if not state.get("pending") and time.monotonic() - began > 5:
                raise HubClientError(f"{self.name}'s server stopped while starting: {state}")
            if time.monotonic() - began > wait:
                raise HubClientError(f"{self.name}'s server did not start within {wait:g} s")
            time.sleep(0.5)

    def stop(self) -> None:
        answer = self.http.delete(f"{self.url}/hub/api/users/{self.name}/server", timeout=self.timeout)
        if answer.status_code not in (202, 204, 400):
            self._json(answer, f"stopping {self.name}'s server")

    # The Assignments tab (nbgrader's assignment_list server extension).
    def assignments(self, course: str) -> list[dict]:
        answer = self.server("GET", "assignments", params={"course_id": course})
        if not answer["success"]:
            raise HubClientError(f"{self.name}'s assignment list failed: {answer['value']}")
        return answer["value"]

    def assignment_action(self, action: str, course: str, assignment: str):
        """``fetch``, ``submit`` or ``fetch_feedback``, as the tab's buttons do; the tab's answer."""
        answer = self.server("POST", f"assignments/{action}", data={"course_id": course, "assignment_id": assignment})
        if isinstance(answer, dict) and not answer.get("success", True):
            raise HubClientError(f"{self.name}'s {action} of {assignment} failed: {answer.get('value')}")
        return answer

    # Files (the contents API).
    def read(self, path: str) -> dict:
        return self.server("GET", f"api/contents/{path}", params={"content": 1})

    def write_notebook(self, path: str, notebook: dict) -> None:
        self.server("PUT", f"api/contents/{path}", json={"type": "notebook", "format": "json", "content": notebook})

    def write_text(self, path: str, text: str) -> None:
        self.server("PUT", f"api/contents/{path}", json={"type": "file", "format": "text", "content": text})

    # A kernel of this person's server.
    def run(self, code: str, timeout: float = 600) -> str:
        """Run ``code`` in a kernel of this person's server (one kernel, kept); what it printed and displayed
        (as text). An exception in the code raises :class:`HubClientError` with its traceback."""
        import websocket

        if self._kernel is None:
            self._kernel = self.server("POST", "api/kernels", json={"name": "python3"})["id"]
        address = self.url.replace("http", "ws", 1) + f"/user/{self.name}/api/kernels/{self._kernel}/channels"
        channel = websocket.create_connection(address, header=[f"Authorization: token {self.token}"], timeout=timeout)
        message_id, printed, error = uuid.uuid4().hex, [], None
        channel.send(json.dumps({
            "header": {"msg_id": message_id, "msg_type": "execute_request", "username": self.name,
                       "session": uuid.uuid4().hex, "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        try:
            while True:
                message = json.loads(channel.recv())
                if message.get("parent_header", {}).get("msg_id") != message_id:
                    continue
                kind = message["header"]["msg_type"]
                if kind == "stream":
                    printed.append(message["content"]["text"])
                elif kind in ("display_data", "execute_result") and "text/plain" in message["content"]["data"]:
                    printed.append(message["content"]["data"]["text/plain"] + "\n")
                elif kind == "error":
                    error = "\n".join(message["content"]["traceback"])
                elif kind == "status" and message["content"]["execution_state"] == "idle":
                    break
        finally:
            channel.close()
        if error is not None:
            raise HubClientError(f"code run in {self.name}'s kernel failed:\n{error}")
        return "".join(printed)
