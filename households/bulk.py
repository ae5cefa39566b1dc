"""Writing many households fast: COPY on PostgreSQL (10x bulk_create), bulk_create elsewhere."""

import csv
import io

from django.db import connection, transaction
from django.utils import timezone

from .models import Household

COLUMNS = ["number", "village_id", "head_name", "id_number_masked", "id_number_cipher", "id_number_hash", "kind",
           "members", "members_able_to_work", "has_elderly", "has_disabled", "has_petitioner",
           "has_special_hardship", "helper_name", "helper_phone", "phone", "created_at", "updated_at"]


@transaction.atomic
def write_households(households: list[Household]) -> int:
    if not households:
        return 0
    if connection.vendor != "postgresql":
        Household.objects.bulk_create(households, batch_size=5000, ignore_conflicts=True)
        return len(households)
    now = timezone.now().isoformat()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for h in households:
        writer.writerow([h.number, h.village_id, h.head_name, h.id_number_masked, h.id_number_cipher,
                         h.id_number_hash, h.kind, h.members, h.members_able_to_work, h.has_elderly,
                         h.has_disabled, h.has_petitioner, h.has_special_hardship, h.helper_name, h.helper_phone,
                         h.phone, now, now])
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {Household._meta.db_table} ({', '.join(COLUMNS)}) FROM STDIN WITH (FORMAT csv)",
                           buffer)
    return len(households)
