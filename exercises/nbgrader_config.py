"""nbgrader configuration of the CRM Lab course folder (copy the whole folder anywhere: `crmlab course init DIR`)."""

import os

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "crmlab"
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(c.CourseDirectory.root, "gradebook.db")

# A per-cell time limit; `crmlab autograde --timeout S` overrides it.
c.Execute.timeout = 30
c.Execute.interrupt_on_timeout = True
# nbclient waits only 4 s for a cell's last outputs after it finishes, then nbgrader fails the whole notebook;
# on a busy grading machine that happens to correct notebooks. Wait longer (a real hang still fails loudly).
c.Execute.iopub_timeout = 20
# Long outputs are cut so that a print loop (or one huge line) cannot produce a notebook of megabytes.
c.LimitOutput.max_lines = 200
c.LimitOutput.max_traceback = 50
c.Autograde.autograde_preprocessors = [
    "nbgrader.preprocessors.Execute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "crmlab.grading.preprocessors.TrimLongOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# Feedback never shows hidden tests (in cells or in tracebacks) nor answer receipts,
# even when an instructor runs plain `nbgrader generate_feedback`.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "crmlab.grading.preprocessors.HideHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# Collecting a zip downloaded from an LMS (`crmlab collect ASSIGNMENT ZIP --lms canvas|moodle`)
# sets FileNameCollectorPlugin.named_regexp from crmlab.grading.course.LMS_LAYOUTS.
c.ZipCollectApp.collector_plugin = "nbgrader.plugins.FileNameCollectorPlugin"
c.FileNameCollectorPlugin.valid_ext = [".ipynb", ".py", ".csv", ".txt", ".md", ".png", ".jpg", ".json", ".xlsx"]
