"""Queries planned once per process: a QuerySet built and compiled to SQL the first time, then run again
with each request's parameters.

Building a QuerySet and compiling it costs Django 0.3–1 ms of Python per query, twenty times what SQLite
or PostgreSQL take to run the indexed read behind a public page. A page's queries differ between
requests only in their parameters (slugs, ids, the time "now"), so the public pages keep their queries
as ordinary QuerySets in functions like this one, and `prepared` compiles each once:

    @prepared
    def issue_cards(*, issue_id: int, at: datetime) -> QuerySet:
        return Article.objects.published(at=at).filter(issue_id=issue_id).order_by("order").values("title")

    issue_cards(issue_id=7, at=timezone.now())   # a list: what list(the QuerySet) gives

The first call on a database connection builds the QuerySet from stand-in values (a unique string,
integer or datetime per argument), compiles it, and finds each stand-in among the SQL's parameters;
later calls on that connection run the same SQL with the stand-ins replaced, and turn the rows into
what the QuerySet would give (model instances with their select_related objects and annotations, dicts,
tuples), through Django's own iterables and converters.

Arguments are keyword-only: str, int, or an aware datetime. The function must build the same query
whatever their values (no branching on them): every stand-in has to reach the SQL as a parameter,
else `PlanError`. QuerySets with prefetch_related are refused (PlanError): run the related query as a
planned query of its own.
"""

import datetime as dt
import functools
import weakref

from django.db import connections
from django.db.models.sql.query import Query
from django.utils import timezone
from django.utils.dateparse import parse_datetime


class PlanError(ValueError):
    """The query cannot be planned once and run with other parameters (the message says why)."""


class _PlannedQuery(Query):
    """Hands Django's iterables the compiler planned once (with this run's parameters) instead of compiling."""

    planned_compiler = None

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        return self.planned_compiler


class _PlannedCompilerMixin:
    planned_sql = ""
    planned_params = ()
    planned_converters = None

    def as_sql(self, *args, **kwargs):
        return self.planned_sql, self.planned_params

    def get_converters(self, expressions):
        # The columns are the same on every run, so are the functions that convert their values.
        if self.planned_converters is None:
            self.planned_converters = super().get_converters(expressions)
        return self.planned_converters


_STAND_IN_TIME = dt.datetime(1001, 1, 1, tzinfo=dt.UTC)


def _check(function: str, name: str, value) -> None:
    if isinstance(value, bool) or not isinstance(value, int | str | dt.datetime):
        raise PlanError(f"{function}(): {name}={value!r}: planned queries take str, int or aware datetime arguments.")
    if isinstance(value, dt.datetime) and timezone.is_naive(value):
        raise PlanError(f"{function}(): {name}={value!r} is a naive datetime; pass an aware one.")


def _stand_in(function: str, name: str, value, index: int):
    _check(function, name, value)
    if isinstance(value, dt.datetime):
        return _STAND_IN_TIME + dt.timedelta(microseconds=index + 1)
    if isinstance(value, int):
        return -987_654_321_000 - index
    return f"planned-stand-in-{index}-for-{name.replace('_', '-')}"  # plain: text fields normalise


def _adapt(connection, value):
    """The parameter Django passes to the database for a value of a lookup (datetimes are adapted)."""
    return connection.ops.adapt_datetimefield_value(value) if isinstance(value, dt.datetime) else value


def _looks_like_time(connection, param) -> bool:
    """Is this SQL parameter a datetime (as the database gets it: SQLite gets text)?"""
    if isinstance(param, dt.datetime):
        return True
    return connection.vendor == "sqlite" and _parsed_time(param) is not None


def _parsed_time(text: str):
    try:
        return parse_datetime(text) if len(text) >= 19 else None
    except ValueError:
        return None


class _Plan:
    def __init__(self, function, build, arguments: dict):
        stand_ins = {name: _stand_in(function, name, value, i) for i, (name, value) in enumerate(arguments.items())}
        queryset = build(**stand_ins)
        if queryset._prefetch_related_lookups:
            raise PlanError(f"{function}(): prefetch_related cannot be planned; plan the related query separately.")
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        connection = compiler.connection
        adapted = [(name, _adapt(connection, value)) for name, value in stand_ins.items()]
        self.slots = [
            (position, name)
            for position, param in enumerate(params)
            for name, value in adapted
            if type(param) is type(value) and param == value
        ]
        taken = {position for position, _ in self.slots}
        for position, param in enumerate(params):
            if position not in taken and isinstance(param, dt.datetime | str) and _looks_like_time(connection, param):
                raise PlanError(
                    f"{function}(): the time {param!r} is built into the query; pass it as an argument "
                    "(e.g. `.published(at=at)`), else every run would use the time of the first."
                )
        missing = set(stand_ins) - {name for _, name in self.slots}
        if missing:
            raise PlanError(f"{function}(): {', '.join(sorted(missing))} did not reach the SQL as parameters.")
        self.params, self.names, self.function = list(params), set(stand_ins), function
        compiler.__class__ = type("Planned" + type(compiler).__name__, (_PlannedCompilerMixin, type(compiler)), {})
        compiler.planned_sql = sql
        self.compiler, self.connection = compiler, connection
        query = queryset.query.chain(_PlannedQuery)
        query.planned_compiler = compiler
        iterable = queryset._iterable_class  # the query setter would make a values_list() one a values() one
        queryset.query = query
        queryset._iterable_class = iterable
        self.queryset = queryset

    def run(self, arguments: dict) -> list:
        if arguments.keys() != self.names:
            expected, got = ", ".join(sorted(self.names)), ", ".join(sorted(arguments))
            raise TypeError(f"{self.function}() takes the keyword arguments {expected}, not {got}")
        for name, value in arguments.items():
            _check(self.function, name, value)
        params = self.params.copy()
        for position, name in self.slots:
            params[position] = _adapt(self.connection, arguments[name])
        self.compiler.planned_params = tuple(params)
        return list(self.queryset._chain())


def prepared(build):
    """Decorator: `build(**arguments)` returns a QuerySet; the decorated function returns its results as
    a list, compiled once per database connection (module docstring). Raises PlanError as described there."""
    function = build.__qualname__
    plans = weakref.WeakKeyDictionary()  # connection -> _Plan
    alias = None  # the database the QuerySet reads from, known once it was built

    @functools.wraps(build)
    def run(**arguments):
        nonlocal alias
        plan = plans.get(connections[alias]) if alias is not None else None
        if plan is None:
            plan = _Plan(function, build, arguments)
            alias = plan.queryset.db
            plans[plan.connection] = plan
        return plan.run(arguments)

    return run
