from presidency.models.admission import Admission
from presidency.models.cooperation import CooperationProject, ReportingDuty
from presidency.models.guidelines import Guideline, GuidelineProgress, ReorientationProposal
from presidency.models.representation import RepresentationDocument, RepresentationEntry

__all__ = [
    "Admission",
    "CooperationProject",
    "Guideline",
    "GuidelineProgress",
    "ReorientationProposal",
    "ReportingDuty",
    "RepresentationDocument",
    "RepresentationEntry",
]
