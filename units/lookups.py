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

from .codes import code_after, subtree_range

__all__ = ["InSubtree", "code_after"]  # code_after is imported from here by older callers


@CharField.register_lookup
class InSubtree(Lookup):
    lookup_name = "subtree"

    def as_sql(self, compiler, connection):
        if not (isinstance(self.rhs, str) and self.rhs.isdigit()):
            return StartsWith(self.lhs, self.rhs).as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        low, high = subtree_range(self.rhs)
        return f"({lhs} >= %s AND {lhs} < %s)", [*lhs_params, low, *lhs_params, high]
