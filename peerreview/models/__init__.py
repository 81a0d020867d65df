"""The register's tables, one module per aggregate.

Importing this package registers every model on `db.metadata`, which Alembic reads.
"""

from peerreview.models.audit import AuditEntry
from peerreview.models.calendar import BankHoliday
from peerreview.models.councils import (
    Council,
    CouncilBorder,
    CouncilRelation,
    StatisticalNeighbour,
)
from peerreview.models.improvement import (
    CapacityAssessment,
    ImprovementPhase,
    LeadershipChange,
    SupportPackage,
)
from peerreview.models.ofsted import OfstedEvent
from peerreview.models.reviewers import (
    Reviewer,
    ReviewerConflict,
    ReviewerEmployment,
    ReviewerExpertise,
    ReviewerUnavailability,
)
from peerreview.models.reviews import Review, ReviewRequest, SolverRun, TeamAssignment
from peerreview.models.templates import TeamTemplate
from peerreview.models.users import User

__all__ = [
    "AuditEntry",
    "BankHoliday",
    "CapacityAssessment",
    "Council",
    "CouncilBorder",
    "CouncilRelation",
    "ImprovementPhase",
    "LeadershipChange",
    "OfstedEvent",
    "Review",
    "ReviewRequest",
    "Reviewer",
    "ReviewerConflict",
    "ReviewerEmployment",
    "ReviewerExpertise",
    "ReviewerUnavailability",
    "SolverRun",
    "StatisticalNeighbour",
    "SupportPackage",
    "TeamAssignment",
    "TeamTemplate",
    "User",
]
