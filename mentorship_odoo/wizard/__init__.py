from . import mentorship_application_reason
