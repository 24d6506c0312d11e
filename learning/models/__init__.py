"""The learning plugin's models, one job per module; import them from here."""

from .assessment import Rating, SelfAssessment, SelfAssessmentConsent
from .frameworks import Capability, Framework, Theme
from .pages import CourseIndexPage, CoursePage, ModulePage
from .progress import ChecklistTick, Enrolment, ModuleCompletion, Stage, StageCompletion
from .submissions import FormSubmission

__all__ = [
    "Capability",
    "ChecklistTick",
    "CourseIndexPage",
    "CoursePage",
    "Enrolment",
    "FormSubmission",
    "Framework",
    "ModuleCompletion",
    "ModulePage",
    "Rating",
    "SelfAssessment",
    "SelfAssessmentConsent",
    "Stage",
    "StageCompletion",
    "Theme",
]
