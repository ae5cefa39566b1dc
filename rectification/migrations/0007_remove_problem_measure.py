from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("rectification", "0006_problem_measure_text_into_measures"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="problem",
            name="measure",
        ),
    ]
