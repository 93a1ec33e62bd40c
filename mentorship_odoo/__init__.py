from . import controllers
from . import models
from . import report
from . import wizard


def uninstall_hook(env):
    """The quota compliance report's documents are a table of the report,
    not of a model: dropped with the addon."""
    from odoo.tools import SQL

    from .report.mentorship_compliance import DOCUMENTS

    env.cr.execute(SQL("DROP TABLE IF EXISTS %s CASCADE", SQL.identifier(DOCUMENTS)))
