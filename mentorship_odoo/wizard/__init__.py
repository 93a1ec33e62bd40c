from . import mentorship_application_reason
from . import mentorship_matching
