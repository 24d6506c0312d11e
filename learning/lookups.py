"""An id that is not a number, or is too big for the database, names nothing.

Addresses and forms carry ids typed or tampered with by people
(`/cohorts/1/learners/99999999999999999999/`, `?id=abc`). Django turns a wrong id of the
right shape into "no such row", but two shapes still escape as a 500: on SQLite an integer
above 2^63 cannot be sent to the database at all (`OverflowError`) in the lookups Django 5.2
does not guard (`in`, and every lookup through a foreign key); and a value that is not a
number at all (`ValueError: Field 'id' expected a number`) reaches the database layer through
views that take an id as text (Wagtail's snippet chooser, for one).

These lookups, registered for every integer field and foreign key when the learning app
loads, answer both as Django already answers a number that exists nowhere: the condition
matches no row (an `exclude()` keeps every row), so the view's own 404 or form error follows.
Values of the right shape behave exactly as before.
"""

from typing import TYPE_CHECKING, Any

from django.core.exceptions import EmptyResultSet
from django.db.models import ForeignObject, IntegerField
from django.db.models.fields.related_lookups import RelatedExact, RelatedIn
from django.db.models.lookups import In, IntegerFieldExact, Lookup

# The classes below are mixins for Django's lookups; mypy checks them as lookups.
if TYPE_CHECKING:
    _Lookup = Lookup[Any]
else:
    _Lookup = object

# Every integer column Camino has is a 64-bit one at most, on SQLite and PostgreSQL alike.
SMALLEST, LARGEST = -(2**63), 2**63 - 1


def _names_nothing(value) -> bool:
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and not (SMALLEST <= value <= LARGEST)
    )


class _MalformedMatchesNothing(_Lookup):
    """A value the field cannot read as its type matches no row (instead of a ValueError)."""

    matches_nothing = False

    def get_prep_lookup(self):
        try:
            return super().get_prep_lookup()
        except (ValueError, TypeError):
            if not self.rhs_is_direct_value():
                raise
            self.matches_nothing = True
            return self.rhs

    def as_sql(self, compiler, connection):
        if self.matches_nothing:
            raise EmptyResultSet
        return super().as_sql(compiler, connection)


class _OutOfRangeMatchesNothing(_Lookup):
    """An equality with a number beyond the column's range matches no row."""

    def as_sql(self, compiler, connection):
        if self.rhs_is_direct_value() and _names_nothing(self.rhs):
            raise EmptyResultSet
        return super().as_sql(compiler, connection)


class _OutOfRangeLeftOut(_Lookup):
    """Numbers beyond the column's range are left out of an `in` list; if none is left, the
    condition matches no row (as an empty list does)."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value() and not isinstance(self.rhs, (str, bytes)):
            try:
                self.rhs = [value for value in self.rhs if not _names_nothing(value)]
            except TypeError:  # not a list of values: left to Django
                pass
        return super().process_rhs(compiler, connection)


class IntegerExact(_MalformedMatchesNothing, IntegerFieldExact):
    pass


class IntegerIn(_MalformedMatchesNothing, _OutOfRangeLeftOut, In):
    pass


class ForeignKeyExact(_MalformedMatchesNothing, _OutOfRangeMatchesNothing, RelatedExact):
    pass


class ForeignKeyIn(_MalformedMatchesNothing, _OutOfRangeLeftOut, RelatedIn):
    pass


def register() -> None:
    IntegerField.register_lookup(IntegerExact)
    IntegerField.register_lookup(IntegerIn)
    ForeignObject.register_lookup(ForeignKeyExact)
    ForeignObject.register_lookup(ForeignKeyIn)
