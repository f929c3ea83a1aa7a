"""Every region starts with the five-point scale, pass/fail, an optional ten-point scale and
the usual mark kinds. They are the region's own rows from then on: its admin edits them."""

from decimal import Decimal

from django.db import migrations

FIVE_POINT = [{"value": str(n), "label": str(n), "points": n} for n in range(5, 0, -1)]
TEN_POINT = [{"value": str(n), "label": str(n), "points": n} for n in range(10, 0, -1)]
PASS_FAIL = [
    {"value": "pass", "label": "зачёт", "points": None},
    {"value": "fail", "label": "незачёт", "points": None},
]
SCALES = [
    ("five_point", "Пятибалльная", FIVE_POINT, True),
    ("pass_fail", "Зачёт/незачёт", PASS_FAIL, True),
    ("ten_point", "Десятибалльная", TEN_POINT, False),
]
MARK_KINDS = [
    ("answer", "Ответ на уроке", Decimal(1)),
    ("homework", "Домашняя работа", Decimal(1)),
    ("independent_work", "Самостоятельная работа", Decimal("1.5")),
    ("test", "Контрольная работа", Decimal(2)),
    ("exam", "Экзамен", Decimal(3)),
]


def create_defaults(apps, schema_editor):
    alias = schema_editor.connection.alias
    GradingScale = apps.get_model("academics", "GradingScale")
    MarkKind = apps.get_model("academics", "MarkKind")
    for code, name, values, enabled in SCALES:
        GradingScale.objects.using(alias).get_or_create(
            code=code, defaults={"name": name, "values": values, "is_enabled": enabled}
        )
    for code, name, weight in MARK_KINDS:
        MarkKind.objects.using(alias).get_or_create(code=code, defaults={"name": name, "weight": weight})


class Migration(migrations.Migration):
    dependencies = [("academics", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
