"""The single 整改措施 text of a problem becomes its first measure; the text field then goes (0007)."""

from django.db import migrations

BATCH = 2000


def text_into_measures(apps, schema_editor):
    Problem = apps.get_model("rectification", "Problem")
    Measure = apps.get_model("rectification", "Measure")
    rows = (Problem.objects.exclude(measure="").filter(measures__isnull=True)
            .values_list("pk", "measure", "responsible_person", "responsible_user_id", "deadline", "found_by_id",
                         "status", "rectified_at", "rectified_by_id", "evidence_text"))
    done = {"rectified", "closed"}
    batch = []
    for pk, text, person, user_id, deadline, found_by, status, rectified_at, rectified_by, evidence in rows.iterator(
            chunk_size=BATCH):
        # a problem already fixed had its one measure carried out: the measure is done with the problem's account
        finished = status in done and rectified_at is not None
        batch.append(Measure(
            problem_id=pk, position=1, content=text.strip(), responsible_person=person, responsible_user_id=user_id,
            deadline=deadline, created_by_id=found_by, done_at=rectified_at if finished else None,
            done_by_id=rectified_by if finished else None, result=evidence if finished else ""))
        if len(batch) >= BATCH:
            Measure.objects.bulk_create(batch)
            batch = []
    Measure.objects.bulk_create(batch)


def measures_into_text(apps, schema_editor):
    Problem = apps.get_model("rectification", "Problem")
    Measure = apps.get_model("rectification", "Measure")
    for problem_id, content in Measure.objects.filter(position=1).values_list("problem_id", "content"):
        Problem.objects.filter(pk=problem_id).update(measure=content)


class Migration(migrations.Migration):

    dependencies = [
        ("rectification", "0005_measures"),
    ]

    operations = [
        migrations.RunPython(text_into_measures, measures_into_text),
    ]
