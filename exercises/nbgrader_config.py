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

# Collecting a zip downloaded from an LMS (`crmlab collect ASSIGNMENT ZIP --lms canvas|moodle`)
# sets FileNameCollectorPlugin.named_regexp from crmlab.grading.course.LMS_LAYOUTS.
c.ZipCollectApp.collector_plugin = "nbgrader.plugins.FileNameCollectorPlugin"
c.FileNameCollectorPlugin.valid_ext = [".ipynb", ".py", ".csv", ".txt", ".md", ".png", ".jpg", ".json", ".xlsx"]
