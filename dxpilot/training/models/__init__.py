"""Training models, one module per topic (re-exported here)."""

from dxpilot.training.models.course import Audience as Audience
from dxpilot.training.models.course import Course as Course
from dxpilot.training.models.course import CourseKind as CourseKind
from dxpilot.training.models.course import Session as Session
from dxpilot.training.models.trainee import Attendance as Attendance
from dxpilot.training.models.trainee import AttendanceSource as AttendanceSource
from dxpilot.training.models.trainee import IdentifierKind as IdentifierKind
from dxpilot.training.models.trainee import Registration as Registration
from dxpilot.training.models.trainee import Trainee as Trainee
