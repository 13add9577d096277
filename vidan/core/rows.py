"""Inserting one row with an INSERT the ORM wrote once per connection.

Every step of a dossier writes the same few rows (the dossier or its event, its audit entry, the message to the
citizen, the files): the database takes a few hundredths of a millisecond to insert one, and Django took
several times that to write the same INSERT again from the model's fields each time. `row_insert` asks the ORM
for the statement the first time, on each connection, and afterwards only prepares the values, with the same
field methods the ORM uses. Callers validate first (`full_clean`), as they would before `save()`.
"""

import weakref

from django.db import connections, router, transaction
from django.db.models import Model
from django.db.models.signals import post_save, pre_save
from django.db.models.sql import InsertQuery

# connection (one per thread) -> {(model, primary key given?): (sql, the fields it returns)}
_compiled: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def row_insert(obj: Model) -> Model:
    """INSERT `obj` as a new row, as `obj.save(force_insert=True)` does, save signals included; its primary
    key is set from the database when not given. Runs in the caller's transaction."""
    model = type(obj)
    meta = model._meta
    if meta.proxy or meta.parents:  # a row in several tables: the ORM's to write
        obj.save(force_insert=True)
        return obj
    obj._prepare_related_fields_for_save(operation_name="save")
    using = router.db_for_write(model, instance=obj)
    connection = connections[using]
    pre_save.send(sender=model, instance=obj, raw=False, using=using, update_fields=None)
    pk_given = obj.pk is not None
    fields = _fields(model, pk_given)
    values = [field.pre_save(obj, True) for field in fields]
    with transaction.mark_for_rollback_on_error(using=using):
        if any(hasattr(value, "resolve_expression") for value in values):  # only the ORM writes an expression
            returning = [] if pk_given else meta.db_returning_fields
            rows = model._base_manager._insert([obj], fields=fields, returning_fields=returning, using=using)
            row = rows[0] if rows else ()
        else:
            row = _execute(obj, connection, fields, values, pk_given)
    for field, value in zip(meta.db_returning_fields if not pk_given else (), row, strict=False):
        setattr(obj, field.attname, value)
    obj._state.adding = False
    obj._state.db = using
    post_save.send(sender=model, instance=obj, created=True, update_fields=None, raw=False, using=using)
    return obj


def _execute(obj: Model, connection, fields: list, values: list, pk_given: bool) -> tuple:
    """Run the INSERT compiled for this model on this connection; the values the database generated."""
    model = type(obj)
    statements = _compiled.setdefault(connection, {})
    compiled = statements.get((model, pk_given))
    if compiled is None:
        compiled = statements[(model, pk_given)] = _compile(obj, connection, fields)
    sql, returning = compiled
    params = [field.get_db_prep_save(value, connection=connection) for field, value in zip(fields, values, strict=True)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if not returning:
            return ()
        if connection.features.can_return_columns_from_insert:
            return cursor.fetchone()
        meta = model._meta  # a database that cannot return what it generated: it gives the last id
        return (connection.ops.last_insert_id(cursor, meta.db_table, meta.pk.column),)


def _fields(model, pk_given: bool) -> list:
    """The columns an INSERT of `model` writes: all its concrete fields but a primary key the database
    generates."""
    meta = model._meta
    return [field for field in meta.local_concrete_fields if pk_given or field is not meta.auto_field]


def _compile(obj: Model, connection, fields: list) -> tuple[str, list]:
    """The INSERT of `obj`'s model as the ORM writes it for these fields (placeholders for the values, which
    are the same for every row of the model), returning what the database generates."""
    meta = type(obj)._meta
    returning = [] if meta.auto_field is None or meta.auto_field in fields else list(meta.db_returning_fields)
    query = InsertQuery(type(obj))
    query.insert_values(fields, [obj], raw=True)  # the values were prepared already: no second pre_save()
    compiler = query.get_compiler(connection=connection)
    compiler.returning_fields = returning or None
    statements = compiler.as_sql()
    if len(statements) != 1 or len(statements[0][1]) != len(fields):
        raise ValueError(f"one INSERT with a value for each of {len(fields)} columns was expected for {meta.label}")
    if returning and not connection.features.can_return_columns_from_insert:
        returning = [meta.pk]
    return statements[0][0], returning
