"""Training: courses and their sessions, trainees and enrolments, study visits, the bulletin."""

from .courses import Course, Session
from .outreach import BulletinIssue, StudyVisit
from .trainees import Enrolment, Trainee

__all__ = ["BulletinIssue", "Course", "Enrolment", "Session", "StudyVisit", "Trainee"]
