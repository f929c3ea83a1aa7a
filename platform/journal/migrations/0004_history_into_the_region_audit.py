"""The journal's history moves into the region's audit (audit.AuditEntry), then JournalChange goes.

Each row keeps who, when, the old and new values and the pupil; its action is
`<kind>.created` (no old value), `<kind>.deleted` (no new value) or `<kind>.changed`.
"""

from django.db import migrations

BATCH = 2000


def copy_history(apps, schema_editor):
    JournalChange = apps.get_model("journal", "JournalChange")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    rows = []
    for change in JournalChange.objects.order_by("id").iterator(chunk_size=BATCH):
        verb = "created" if change.old is None else "deleted" if change.new is None else "changed"
        rows.append(AuditEntry(
            at=change.changed_at, actor_id=change.changed_by_id, action=f"{change.kind}.{verb}",
            target_type=change.kind, target_id=str(change.object_id), person_id=change.pupil_id,
            before=change.old, after=change.new,
        ))
        if len(rows) == BATCH:
            AuditEntry.objects.bulk_create(rows)
            rows = []
    AuditEntry.objects.bulk_create(rows)


class Migration(migrations.Migration):

    dependencies = [
        ("journal", "0003_homework_class_group"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_history, migrations.RunPython.noop),
        migrations.DeleteModel(name="JournalChange"),
    ]
