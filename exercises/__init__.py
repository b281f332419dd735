"""The CRM Lab nbgrader course, shipped inside the ``crmlab`` package as ``crmlab.course``.

Not code to import: ``nbgrader_config.py`` and the assignment specs (``assignments/*.py``), which
``crmlab course init DIR`` copies into a course folder of the instructor's.
"""
