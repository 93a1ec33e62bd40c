import logging

import psycopg2

from odoo import models
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools.translate import LazyTranslate

_logger = logging.getLogger(__name__)
_lt = LazyTranslate(__name__)

# the database refused the change because another transaction changed the
# same rows at the same moment (left after Odoo's own retries)
CONCURRENT_UPDATE = (
    psycopg2.errors.SerializationFailure,
    psycopg2.errors.LockNotAvailable,
    psycopg2.errors.DeadlockDetected,
)
UNREACHABLE = _lt(
    "The database could not be reached (the server may be restarting): nothing was saved. "
    "Try again in a moment."
)
CONFLICT = _lt("Someone changed the same record at the same moment: nothing was saved. Try again.")


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _handle_error(cls, exception):
        """Whoever was working when PostgreSQL restarted, or lost a race the
        server could not retry, reads what happened in their language
        instead of the database driver's text; the driver's error goes to
        the log."""
        if (
            isinstance(exception, psycopg2.OperationalError | psycopg2.InterfaceError)
            and request
            and request.dispatcher.routing_type == "jsonrpc"
        ):
            message = CONFLICT if isinstance(exception, CONCURRENT_UPDATE) else UNREACHABLE
            _logger.warning(
                "%s: answered with a message instead of %r",
                request.httprequest.path,
                exception,
            )
            lang = (request.session.context or {}).get("lang") or "en_US"
            clean = UserError(message._translate(lang))
            clean.__cause__ = exception
            exception = clean
        return super()._handle_error(exception)
