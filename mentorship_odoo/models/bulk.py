"""One-statement inserts of rows the server computes in bulk (a term's
grades, the compliance documents), and the helpers of such computations.

The ORM's ``create()`` builds each record in the cache, runs defaults,
computed fields and the chatter, and inserts by batches of 100: most of the
time of a term's first grading went there. These rows come whole from the
server's own computation, so they are inserted in one statement from a JSON
object per row, which keeps the number of queries constant in the number of
rows.
"""

import contextlib
import gc
import json

from odoo import fields
from odoo.tools import SQL

JSON_TYPES = ("json", "jsonb")

# Python's text of a list of lists of integers, made PostgreSQL's of an array
ARRAY_TEXT = str.maketrans("[]", "{}")


def array_text(values):
    """``values`` (integers, or lists of them, nested alike) as the text of
    a PostgreSQL array, which PostgreSQL reads at once: ``[[1, 2], [3, 4]]``
    → ``{{1, 2}, {3, 4}}``."""
    return str(values).translate(ARRAY_TEXT)


@contextlib.contextmanager
def paused_gc():
    """Pause Python's garbage collector for a bulk computation, as Odoo
    pauses it to load a registry: such a computation makes tens of
    thousands of short-lived objects, which reference counting frees, and
    each collection they would trigger walks the objects of the whole
    registry. Unlike ``odoo.tools.gc.disabling_gc``, the collector resumes
    when the computation raises too (a refused grading, say), so that the
    worker does not go on without it."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class JsonText(fields.Json):
    """A JSON field kept as text (PostgreSQL's ``json``), for documents that
    are written and read whole, never searched: PostgreSQL checks such a
    text and stores it as it is, where ``jsonb`` parses it into a binary
    form (a grade's findings took longer to parse than the rest of its row
    to insert). The client decodes both alike. An existing ``jsonb`` column
    is converted in place on upgrade."""

    _column_type = ("json", "json")


# one encoder for every call: ``json.dumps`` with options builds a new one each time
_COMPACT_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


def compact_json(value):
    """``value`` as the shortest JSON text (no spaces, characters as they
    are): what PostgreSQL parses for a bulk statement, and what the grades'
    fingerprints hash."""
    return _COMPACT_ENCODER.encode(value)


def insert_rows(
    model,
    rows,
    returning=("id",),
    encoded=None,
    encoded_columns=(),
    json_columns=None,
    links=None,
):
    """Insert ``rows`` (dicts of stored column values, the same keys in
    each) into the table of ``model`` with the log columns of its user, and
    return the ``returning`` columns of the new rows. No default, computed
    field or chatter runs: the caller gives every stored value, and
    invalidates what it has in cache of the model.

    ``encoded``, when given, holds for each row a JSON object the caller
    has already encoded (to fingerprint it, say): its ``encoded_columns``
    are stored too, and its other keys ignored, so nothing is encoded twice.
    An empty JSON value in it is stored as NULL, as the ORM does.

    ``json_columns`` maps JSON columns to the JSON text of each row's value,
    in the rows' order. PostgreSQL reads such a text once, where a large
    value inside the row's object would be parsed twice (the object, then
    the value): a term's grade findings, a few kilobytes each, go this way.

    ``links``, ``(many2many field, key column, [(key, linked id)])``, links
    the new rows to records through the field in the same statement: each
    pair names a new row by its value of the key column, which the rows
    hold once each (a grade's mentor, say)."""
    if not rows:
        return []
    json_columns = json_columns or {}
    columns = list(rows[0])
    names = columns + [name for name in encoded_columns if name not in columns]
    types = {name: model._fields[name].column_type[1] for name in names}
    texts = [f"t{index}" for index in range(len(json_columns))]

    def column_value(name, value):
        # what the ORM stores: NULL for an empty value, except a boolean
        if types[name] == "bool":
            return bool(value)
        if value is False or (types[name] in JSON_TYPES and not value):
            return None
        return value

    def selected(name):
        if types[name] in JSON_TYPES:
            return SQL("NULLIF(NULLIF(%s, '[]'), '{}')", SQL.identifier(name))
        return SQL.identifier(name)

    pieces = [
        compact_json({name: column_value(name, row[name]) for name in columns}) for row in rows
    ]
    if encoded is not None:
        # two JSON objects made one: the caller's keys, then the row's
        pieces = [
            head[:-1] + "," + piece[1:] if len(head) > 2 else piece
            for head, piece in zip(encoded, pieces, strict=True)
        ]
    insert = SQL(
        """
        INSERT INTO %(table)s (%(names)s, create_uid, create_date, write_uid, write_date)
        SELECT %(selected)s, %(uid)s, NOW() AT TIME ZONE 'UTC',
           %(uid)s, NOW() AT TIME ZONE 'UTC'
          FROM unnest(%(arrays)s) AS p(%(aliases)s)
    CROSS JOIN LATERAL jsonb_to_record(p.piece::jsonb) AS r(%(typed)s)
     RETURNING %(returning)s
        """,
        table=SQL.identifier(model._table),
        names=SQL(", ").join(SQL.identifier(name) for name in [*names, *json_columns]),
        selected=SQL(", ").join(
            [selected(name) for name in names]
            + [
                SQL(
                    "NULLIF(NULLIF(p.%s, '[]'), '{}')::%s",
                    SQL.identifier(text),
                    SQL(model._fields[name].column_type[1]),
                )
                for name, text in zip(json_columns, texts, strict=True)
            ]
        ),
        typed=SQL(", ").join(
            SQL("%s %s", SQL.identifier(name), SQL(types[name])) for name in names
        ),
        uid=model.env.uid,
        # one JSON object per row: PostgreSQL parses many small documents
        # several times faster than one large document of them all
        arrays=SQL(", ").join(
            SQL("%s::text[]", values) for values in [pieces, *json_columns.values()]
        ),
        aliases=SQL(", ").join(SQL.identifier(alias) for alias in ["piece", *texts]),
        returning=SQL(", ").join(
            SQL.identifier(name)
            for name in dict.fromkeys([*returning, *(("id", links[1]) if links else ())])
        ),
    )
    if not links:
        return model.env.execute_query(insert)
    field_name, key, pairs = links
    field = model._fields[field_name]
    return model.env.execute_query(
        SQL(
            """
            WITH inserted AS (%(insert)s),
                 linked AS (
                     INSERT INTO %(rel)s (%(col1)s, %(col2)s)
                     SELECT inserted.id, l.linked
                       FROM unnest(%(keys)s::int[], %(linked)s::int[]) AS l(key, linked)
                       JOIN inserted ON inserted.%(key)s = l.key
                 )
            SELECT %(returning)s FROM inserted
            """,
            insert=insert,
            rel=SQL.identifier(field.relation),
            col1=SQL.identifier(field.column1),
            col2=SQL.identifier(field.column2),
            keys=array_text([left for left, _right in pairs]),
            linked=array_text([right for _left, right in pairs]),
            key=SQL.identifier(key),
            returning=SQL(", ").join(SQL.identifier("inserted", name) for name in returning),
        )
    )
