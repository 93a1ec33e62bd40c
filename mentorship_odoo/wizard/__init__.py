from . import mentorship_application_reason
from . import mentorship_matching
from . import mentorship_handbook_reopen
from . import comment_wizard
