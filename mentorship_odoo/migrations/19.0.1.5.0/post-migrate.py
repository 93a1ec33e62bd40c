"""19.0.1.5.0: the compliance documents dropped before the update are
written again, so the report has its rows without waiting for the nightly
refresh."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["mentorship.compliance"]._refresh()
