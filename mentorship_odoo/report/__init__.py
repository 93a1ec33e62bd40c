from . import mentorship_xlsx
from . import mentorship_dashboard_report
from . import mentorship_effect_report
from . import mentorship_compliance
