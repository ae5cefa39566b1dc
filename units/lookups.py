"""`field__subtree=code`: the rows whose unit code lies in the subtree of `code`.

A subtree is a code prefix, so this means `startswith`, but it is written as a range,
`code >= '411322' AND code < '411323'`. PostgreSQL uses a plain btree index for
`LIKE 'prefix%'` only under the C collation, so under C.UTF-8 or en_US a query such as
"this campaign's forms in this county" could not use the (campaign, unit) indexes and
scanned the campaign's whole index instead; a range can. Codes are digits, and digits
sort the same in every collation; anything else falls back to `startswith`.
"""

from django.db.models import CharField, Lookup
from django.db.models.lookups import StartsWith


def code_after(prefix: str) -> str:
    """The smallest code above every code that starts with `prefix`: '411329' -> '41133'."""
    digits = prefix.rstrip("9")
    return digits[:-1] + str(int(digits[-1]) + 1) if digits else "A"  # letters sort after digits


@CharField.register_lookup
class InSubtree(Lookup):
    lookup_name = "subtree"

    def as_sql(self, compiler, connection):
        if not (isinstance(self.rhs, str) and self.rhs.isdigit()):
            return StartsWith(self.lhs, self.rhs).as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"({lhs} >= %s AND {lhs} < %s)", [*lhs_params, self.rhs, *lhs_params, code_after(self.rhs)]
