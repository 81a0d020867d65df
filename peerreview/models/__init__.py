"""The register's tables, one module per aggregate.

Importing this package registers every model on `db.metadata`, which Alembic reads.
"""

from peerreview.models.accounts import PasswordReset
from peerreview.models.audit import AuditEntry
from peerreview.models.calendar import BankHoliday
from peerreview.models.councils import (
    Council,
    CouncilBorder,
    CouncilRelation,
    StatisticalNeighbour,
)
from peerreview.models.escalations import Escalation
from peerreview.models.freshness import ChangeStamp
from peerreview.models.improvement import (
    CapacityAssessment,
    ImprovementPhase,
    LeadershipChange,
    SupportPackage,
)
from peerreview.models.invitations import Invitation
from peerreview.models.ofsted import OfstedEvent
from peerreview.models.reviewers import (
    Reviewer,
    ReviewerConflict,
    ReviewerEmployment,
    ReviewerExpertise,
    ReviewerUnavailability,
)
from peerreview.models.reviews import Review, ReviewRequest, SolverRun, TeamAssignment
from peerreview.models.rota import Rota
from peerreview.models.templates import TeamTemplate
from peerreview.models.tokens import ApiToken, FeedToken
from peerreview.models.users import User

__all__ = [
    "ApiToken",
    "AuditEntry",
    "BankHoliday",
    "ChangeStamp",
    "CapacityAssessment",
    "Council",
    "CouncilBorder",
    "CouncilRelation",
    "FeedToken",
    "Escalation",
    "ImprovementPhase",
    "Invitation",
    "LeadershipChange",
    "OfstedEvent",
    "PasswordReset",
    "Review",
    "ReviewRequest",
    "Reviewer",
    "ReviewerConflict",
    "ReviewerEmployment",
    "ReviewerExpertise",
    "ReviewerUnavailability",
    "Rota",
    "SolverRun",
    "StatisticalNeighbour",
    "SupportPackage",
    "TeamAssignment",
    "TeamTemplate",
    "User",
]
