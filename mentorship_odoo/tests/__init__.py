from . import test_task_type
from . import test_selection
from . import test_selection_access
from . import test_matching
from . import test_school_import
from . import test_handbook
from . import test_tour
from . import test_evaluation
