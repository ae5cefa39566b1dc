import pytest
from django.db import connection

from tests.factories import make_unit
from units.models import AdminUnit


@pytest.mark.django_db
def test_subtree_is_a_code_prefix(village, other_township_village, outside_village):
    codes = set(AdminUnit.objects.in_subtree("411322100").values_list("code", flat=True))
    assert codes == {"411322100", "411322100001"}


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_answers_prefix_queries_from_an_index():
    make_unit("411322100001")
    sql, params = AdminUnit.objects.in_subtree("411322").values("code").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index" in plan and "Seq Scan" not in plan, plan


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_finds_a_campaigns_forms_in_a_county_by_the_campaign_unit_index():
    """LIKE 'prefix%' cannot be an index condition under a non-C collation; the subtree range can."""
    from checklists.models import Submission

    sql, params = Submission.objects.filter(campaign_id=1, unit__code__subtree="411322").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "submission_campaign_unit" in plan, plan
    condition = next(line for line in plan.splitlines() if "Index Cond" in line)
    assert "unit_id" in condition and "campaign_id" in condition, plan
