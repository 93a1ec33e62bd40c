import base64
import binascii
import datetime
import math

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

# Longest text a client may store, by field type; a model lowers them per
# field with ``_text_limits`` (codes and numbers that carry a unique index).
CHAR_LIMIT = 256
TEXT_LIMIT = 20_000
HTML_LIMIT = 200_000
BINARY_LIMIT = 20 * 1024 * 1024
INT_LIMIT = 2**31 - 1
FLOAT_LIMIT = 1e12
YEAR_RANGE = (1900, 2200)
X2MANY_COMMANDS = frozenset(range(7))
LOG_COLUMNS = frozenset({"id", "create_uid", "create_date", "write_uid", "write_date"})


class MentorshipGuardMixin(models.AbstractModel):
    """What every record of the programme checks before a client's values
    are stored.

    * Values are checked against their field: type, length, range, date,
      selection key, base64; a bad value is refused with a clear message
      instead of a database error or a traceback.
    * Fields owned by the workflow (``_protected_fields``), computed and
      related fields, and the identity of an existing record
      (``_identity_fields``) are never written by a client. Server code that
      owns them writes them with ``sudo()`` on the exact records, after its
      own checks; no context key changes any of this.
    """

    _name = "mentorship.guard.mixin"
    _description = "Class Mentors Input Guard"

    _protected_fields = ()
    _identity_fields = ()
    _text_limits = {}

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.su:
            return super().create(vals_list)
        self._check_vals_list(vals_list)
        for vals in vals_list:
            self._guard_values(vals, creating=True)
        # a ``default_<field>`` context key is client input too
        context = {
            key: value
            for key, value in self.env.context.items()
            if not (key.startswith("default_") and key[8:] in self._guarded_field_names())
        }
        records = super(MentorshipGuardMixin, self.with_env(self.env(context=context))).create(
            vals_list
        )
        return records.with_env(self.env)

    def write(self, vals):
        if not self.env.su:
            self._guard_values(vals, creating=False)
        return super().write(vals)

    @api.model
    def _guarded_field_names(self):
        names = set(self._protected_fields)
        for name, field in self._fields.items():
            if (field.compute or field.related) and field.readonly and name != "id":
                names.add(name)
        return names - {"display_name"}

    def _field_label(self, name):
        return self._fields[name]._description_string(self.env)

    @api.model
    def _check_vals_list(self, vals_list):
        if not isinstance(vals_list, list) or not all(isinstance(v, dict) for v in vals_list):
            raise ValidationError(self.env._("The values to save must be a mapping of fields."))

    def _guard_values(self, vals, creating):
        if not isinstance(vals, dict):
            raise ValidationError(self.env._("The values to save must be a mapping of fields."))
        guarded = self._guarded_field_names()
        if not creating:
            guarded |= set(self._identity_fields)
        for name, value in vals.items():
            field = self._fields.get(name)
            if field is None or name in LOG_COLUMNS:
                raise ValidationError(
                    self.env._(
                        "“%(field)s” is not a field of %(model)s.",
                        field=name,
                        model=self._description,
                    )
                )
            if name in guarded and not self._is_noop_value(field, value, creating):
                raise AccessError(
                    self.env._(
                        "“%(field)s” of %(model)s is set by the programme itself and cannot be "
                        "changed directly.",
                        field=self._field_label(name),
                        model=self._description,
                    )
                )
            self._guard_value(field, value)
            if name == "company_id" and value:
                self._check_company_of(self.env["res.company"].browse(value))

    def _is_noop_value(self, field, value, creating):
        """An empty relation, or on creation the field's own default, changes
        nothing: screens send them with every new record."""
        if field.type in ("one2many", "many2many"):
            return not value
        if creating and field.default and not field.compute:
            try:
                return value == field.default(self)
            except Exception:
                return False
        return False

    def _guard_value(self, field, value):
        """Check one value against its field (of any model)."""
        label = field._description_string(self.env)
        invalid = ValidationError(
            self.env._("“%(field)s”: the value given is not valid.", field=label)
        )
        if value is False or value is None:
            return
        kind = field.type
        if kind in ("char", "text", "html"):
            if not isinstance(value, str):
                raise ValidationError(self.env._("“%(field)s” must be text.", field=label))
            limit = self._text_limits.get(
                field.name, {"char": CHAR_LIMIT, "text": TEXT_LIMIT}.get(kind, HTML_LIMIT)
            )
            if len(value) > limit:
                raise ValidationError(
                    self.env._(
                        "“%(field)s” is too long: at most %(limit)s characters.",
                        field=label,
                        limit=limit,
                    )
                )
            if "\x00" in value:
                raise invalid
        elif kind == "boolean":
            if not isinstance(value, bool | int) or value not in (0, 1):
                raise invalid
        elif kind in ("integer", "many2one", "many2one_reference"):
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValidationError(
                    self.env._("“%(field)s” must be a whole number.", field=label)
                )
            if abs(value) > INT_LIMIT or (kind != "integer" and value < 0):
                raise ValidationError(self.env._("“%(field)s” is out of range.", field=label))
        elif kind in ("float", "monetary"):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValidationError(self.env._("“%(field)s” must be a number.", field=label))
            if not math.isfinite(value) or abs(value) > FLOAT_LIMIT:
                raise ValidationError(self.env._("“%(field)s” is out of range.", field=label))
        elif kind in ("date", "datetime"):
            self._guard_date(field, value, label)
        elif kind == "selection":
            if not isinstance(value, str) or value not in dict(
                field._description_selection(self.env)
            ):
                raise ValidationError(
                    self.env._(
                        "“%(field)s”: “%(value)s” is not one of the choices.",
                        field=label,
                        value=str(value)[:40],
                    )
                )
        elif kind == "binary":
            if not isinstance(value, str | bytes) or len(value) > BINARY_LIMIT * 4 / 3:
                raise invalid
            try:
                base64.b64decode(value, validate=True)
            except (binascii.Error, ValueError):
                raise ValidationError(
                    self.env._("“%(field)s” must be a file encoded in base64.", field=label)
                ) from None
        elif kind in ("one2many", "many2many"):
            self._guard_commands(value, invalid)
        elif kind in ("json", "properties"):
            return

    def _guard_date(self, field, value, label):
        if isinstance(value, str):
            try:
                value = (
                    fields.Date.to_date(value)
                    if field.type == "date"
                    else fields.Datetime.to_datetime(value)
                )
            except (ValueError, TypeError):
                value = None
        if not isinstance(value, datetime.date):
            raise ValidationError(
                self.env._("“%(field)s” must be a date such as 2026-09-01.", field=label)
            )
        if not YEAR_RANGE[0] <= value.year <= YEAR_RANGE[1]:
            raise ValidationError(
                self.env._(
                    "“%(field)s”: the year %(year)s is not plausible.", field=label, year=value.year
                )
            )

    def _guard_commands(self, value, invalid):
        if not isinstance(value, list | tuple):
            raise invalid

        def valid_id(record_id):
            return (
                isinstance(record_id, int)
                and not isinstance(record_id, bool)
                and 0 < record_id <= INT_LIMIT
            )

        for command in value:
            if isinstance(command, int) and not isinstance(command, bool):
                if not valid_id(command):
                    raise invalid
                continue  # a plain list of ids
            if not isinstance(command, list | tuple) or not command:
                raise invalid
            if command[0] not in X2MANY_COMMANDS or isinstance(command[0], bool):
                raise invalid
            if command[0] == 6 and (len(command) < 3 or not isinstance(command[2], list | tuple)):
                raise invalid
            if command[0] in (0, 1) and (len(command) < 3 or not isinstance(command[2], dict)):
                raise invalid
            if command[0] in (1, 2, 3, 4) and (len(command) < 2 or not valid_id(command[1])):
                raise invalid
            if command[0] == 6 and not all(valid_id(record_id) for record_id in command[2]):
                raise invalid

    # ------------------------------------------------------------ helpers
    def _check_company_of(self, company):
        """A record may only be put in a company the user works in."""
        if self.env.su or not company:
            return
        if company not in self.env.user.company_ids:
            raise AccessError(
                self.env._("You cannot put a record in a company you do not work in.")
            )

    @api.model
    def _check_text_argument(self, value, label, required=True, limit=TEXT_LIMIT):
        """Check a text argument of a public method, such as a reason."""
        if not value and not required:
            return value
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(self.env._("Give the %(label)s as text.", label=label))
        if len(value) > limit:
            raise ValidationError(
                self.env._(
                    "The %(label)s is too long: at most %(limit)s characters.",
                    label=label,
                    limit=limit,
                )
            )
        return value.strip()
