"""Visit planning: protocol definitions, planned visits and their statuses.

Pure: no clock, no database, no Qt. "Today" is always an argument.

    protocol = load_bundled()                      # DOMAIN.md section 4
    visits = plan(protocol, infusion_date)         # 35 PlannedVisit
    schedule = visit_states(protocol, SubjectCourse((infusion_date,)), today)
"""

from ltfu.schedule.plan import PlannedVisit, follow_up_end, plan, study_day
from ltfu.schedule.protocol import (
    ASSESSMENTS,
    DEFAULT_PROTOCOL_ID,
    STOP_EVENTS,
    VISIT_MODES,
    Protocol,
    VisitDefinition,
    bundled_protocol_ids,
    bundled_protocol_path,
    load_bundled,
    load_protocol,
    parse_protocol,
)
from ltfu.schedule.status import (
    ActualVisit,
    CancelCause,
    ContactAttempt,
    ProtocolAmendment,
    StatusClosure,
    SubjectCourse,
    SubjectSchedule,
    VisitState,
    VisitStatus,
    Withdrawal,
    WithdrawalScope,
    assign_actual,
    lost_to_follow_up_allowed,
    visit_states,
)

__all__ = [
    "ASSESSMENTS",
    "DEFAULT_PROTOCOL_ID",
    "STOP_EVENTS",
    "VISIT_MODES",
    "ActualVisit",
    "CancelCause",
    "ContactAttempt",
    "PlannedVisit",
    "Protocol",
    "ProtocolAmendment",
    "StatusClosure",
    "SubjectCourse",
    "SubjectSchedule",
    "VisitDefinition",
    "VisitState",
    "VisitStatus",
    "Withdrawal",
    "WithdrawalScope",
    "assign_actual",
    "bundled_protocol_ids",
    "bundled_protocol_path",
    "follow_up_end",
    "load_bundled",
    "load_protocol",
    "parse_protocol",
    "plan",
    "study_day",
    "lost_to_follow_up_allowed",
    "visit_states",
]
