from . import mentorship_xlsx
