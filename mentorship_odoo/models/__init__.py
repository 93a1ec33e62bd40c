from . import mentorship_task_type
