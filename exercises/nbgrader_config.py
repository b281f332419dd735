"""nbgrader configuration of the CRM Lab course folder (copy the whole folder anywhere: `crmlab course init DIR`)."""

import os

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "crmlab"
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(c.CourseDirectory.root, "gradebook.db")

# Student code runs in the grading sandbox (bubblewrap: no course folder, no network, limits), never in a
# kernel with your rights; `crmlab autograde --timeout S --memory MIB` set the limits.
c.SandboxedExecute.timeout = 30
# Long outputs are cut so that a print loop (or one huge line) cannot produce a notebook of megabytes.
c.LimitOutput.max_lines = 200
c.LimitOutput.max_traceback = 50
# Scores come from the answer receipts, checked against the key in the grader's own process.
c.Autograde.autograde_preprocessors = [
    "crmlab.grading.preprocessors.SandboxedExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "crmlab.grading.preprocessors.TrimLongOutput",
    "crmlab.grading.preprocessors.SaveVerifiedGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "crmlab.grading.preprocessors.AddGraderNotes",
]  # nbgrader's CheckCellMetadata already ran on the submission (in Autograde.sanitize_preprocessors)

# Feedback never shows hidden tests (in cells or in tracebacks) nor answer receipts,
# even when an instructor runs plain `nbgrader generate_feedback`.
# Nor does it run anything a student wrote or printed (HTML, SVG, JavaScript): shown as text.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "crmlab.grading.preprocessors.HideHiddenTests",
    "crmlab.grading.preprocessors.SanitizeStudentHTML",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# Lateness: due dates come from `crmlab release NAME --due "2026-10-01 23:59 +08:00"`, submission times from
# the LMS download (`crmlab collect`). The export applies this policy (see crmlab.grading.late); with no penalty
# set it reports lateness and costs nothing.
c.LatePolicy.penalty_per_day = 0.0   # share of the points lost per day (or part of one) late, e.g. 0.10
c.LatePolicy.penalty_per_hour = 0.0  # or per hour (or part of one)
c.LatePolicy.grace_minutes = 0       # minutes late that cost nothing
c.LatePolicy.cap = 1.0               # the most a submission can lose, as a share of its points
c.LatePolicy.extensions = {}         # {"1002": {"value": 48}}: hours added to one student's due date
