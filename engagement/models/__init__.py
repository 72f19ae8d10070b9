from .history import ChangeRecord
from .meetings import AgendaItem, Attendance, FeedbackCriterion, PanelMeeting
from .organisations import CommunityOrganisation, Sector
from .outcomes import Action, Correction, ProgressUpdate, Recommendation, ScrutinyOutcome
from .people import Invitation, Membership, Profile
from .places import District, LocalPriority, NeighbourhoodTeam
from .plans import EngagementPlan, PlanSection, PlanVersion, SectionTemplate
from .questions import Feedback, FeedbackRating, Question, QuestionResponse, Upvote
from .revision import ContentRevision
from .roles import PanelRoles, roles_of

__all__ = [
    "Action",
    "AgendaItem",
    "Attendance",
    "ChangeRecord",
    "CommunityOrganisation",
    "ContentRevision",
    "Correction",
    "District",
    "EngagementPlan",
    "Feedback",
    "FeedbackCriterion",
    "FeedbackRating",
    "Invitation",
    "LocalPriority",
    "Membership",
    "NeighbourhoodTeam",
    "PanelMeeting",
    "PanelRoles",
    "PlanSection",
    "PlanVersion",
    "Profile",
    "ProgressUpdate",
    "Question",
    "QuestionResponse",
    "Recommendation",
    "ScrutinyOutcome",
    "SectionTemplate",
    "Sector",
    "Upvote",
    "roles_of",
]
