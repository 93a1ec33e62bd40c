from . import test_task_type
