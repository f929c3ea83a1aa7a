import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0002_homework_files_per_region"),
        ("schools", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="homework",
            name="class_group",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="homework",
                to="schools.classgroup",
            ),
        ),
        migrations.RunSQL(
            "UPDATE journal_homework h SET class_group_id = l.class_group_id"
            " FROM schedule_lesson l WHERE l.id = h.lesson_id",
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="homework",
            name="class_group",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="homework", to="schools.classgroup"
            ),
        ),
        migrations.AddIndex(
            model_name="homework",
            index=models.Index(fields=["class_group", "due_on"], name="homework_group_due_idx"),
        ),
    ]
