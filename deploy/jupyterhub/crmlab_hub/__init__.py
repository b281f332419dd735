"""crmlab-hub: a CRM Lab class on one Linux server with JupyterHub, nbgrader's exchange and PostgreSQL.

``crmlab-hub setup`` builds the hub's environment (the pinned requirements and the crmlab wheel, on a Python
every account can read), the shared exchange folder, the instructor's course and the PostgreSQL cluster that
holds its gradebook; ``crmlab-hub start`` starts PostgreSQL and JupyterHub (which starts
configurable-http-proxy); ``crmlab-hub stop`` and ``crmlab-hub status`` do what they say. Students and the
instructor are real local accounts (PAM), or accounts made on first login (NativeAuthenticator, LTI 1.3).
The instructor page of the book (book/exercises/hub.md) explains it step by step.
"""

__version__ = "0.1.0"
