from . import test_task_type
from . import test_selection
from . import test_selection_access
