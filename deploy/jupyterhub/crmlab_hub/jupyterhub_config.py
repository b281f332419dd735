"""JupyterHub configuration of a CRM Lab class server: everything comes from STATE/settings.json.

``crmlab-hub start`` runs ``jupyterhub -f`` on this file with ``CRMLAB_HUB_STATE`` set; change the settings
with ``crmlab-hub setup --option VALUE`` (see crmlab_hub/settings.py), not here.
"""

from crmlab_hub.hubconfig import load_config

load_config(get_config())  # noqa: F821 (provided by JupyterHub when it loads this file)
