# Term reports of the Presidency and the Technical Secretariat (issue 17; 003 §VIII
# Presidency 12, ST 13).

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_committees"),
        ("members", "0003_committees_offices"),
        ("reports", "0002_rename_table"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalTermReport",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("presidency", "Report of the Presidency"),
                            ("secretariat", "Report of the Technical Secretariat"),
                        ],
                        max_length=12,
                        verbose_name="kind",
                    ),
                ),
                ("title", models.CharField(max_length=250, verbose_name="title")),
                ("introduction", models.TextField(blank=True, verbose_name="Introduction")),
                (
                    "actions",
                    models.TextField(
                        blank=True,
                        help_text="003 §VIII: the report on the actions carried out during the term.",
                        verbose_name="Actions carried out",
                    ),
                ),
                (
                    "meetings_text",
                    models.TextField(blank=True, verbose_name="Meetings and participation"),
                ),
                (
                    "agreements_text",
                    models.TextField(blank=True, verbose_name="Agreements and their fulfilment"),
                ),
                ("alliances_text", models.TextField(blank=True, verbose_name="Alliances")),
                (
                    "results_text",
                    models.TextField(blank=True, verbose_name="Results of the operating plans"),
                ),
                ("conclusions", models.TextField(blank=True, verbose_name="Conclusions")),
                (
                    "summary",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        help_text="Figures of the term taken from the platform's records when drafted.",
                        verbose_name="summary from the records",
                    ),
                ),
                (
                    "summary_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="summary taken at"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("presented", "Presented"),
                            ("archived", "Archived"),
                        ],
                        default="draft",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "presented_on",
                    models.DateField(blank=True, null=True, verbose_name="presented on"),
                ),
                (
                    "archived_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="archived at"),
                ),
                (
                    "created_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="drafted at"),
                ),
                (
                    "updated_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="changed at"),
                ),
                ("version", models.PositiveIntegerField(default=1, verbose_name="version")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "archived_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="archived by",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="drafted by",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.meeting",
                        verbose_name="presented at",
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="members.office",
                        verbose_name="term",
                    ),
                ),
                (
                    "presented_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="presentation recorded by",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical term report",
                "verbose_name_plural": "historical term reports",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="TermReport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("presidency", "Report of the Presidency"),
                            ("secretariat", "Report of the Technical Secretariat"),
                        ],
                        max_length=12,
                        verbose_name="kind",
                    ),
                ),
                ("title", models.CharField(max_length=250, verbose_name="title")),
                ("introduction", models.TextField(blank=True, verbose_name="Introduction")),
                (
                    "actions",
                    models.TextField(
                        blank=True,
                        help_text="003 §VIII: the report on the actions carried out during the term.",
                        verbose_name="Actions carried out",
                    ),
                ),
                (
                    "meetings_text",
                    models.TextField(blank=True, verbose_name="Meetings and participation"),
                ),
                (
                    "agreements_text",
                    models.TextField(blank=True, verbose_name="Agreements and their fulfilment"),
                ),
                ("alliances_text", models.TextField(blank=True, verbose_name="Alliances")),
                (
                    "results_text",
                    models.TextField(blank=True, verbose_name="Results of the operating plans"),
                ),
                ("conclusions", models.TextField(blank=True, verbose_name="Conclusions")),
                (
                    "summary",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        help_text="Figures of the term taken from the platform's records when drafted.",
                        verbose_name="summary from the records",
                    ),
                ),
                (
                    "summary_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="summary taken at"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("presented", "Presented"),
                            ("archived", "Archived"),
                        ],
                        default="draft",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "presented_on",
                    models.DateField(blank=True, null=True, verbose_name="presented on"),
                ),
                (
                    "archived_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="archived at"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="drafted at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="changed at")),
                ("version", models.PositiveIntegerField(default=1, verbose_name="version")),
                (
                    "archived_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="archived by",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="drafted by",
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="meetings.meeting",
                        verbose_name="presented at",
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="term_reports",
                        to="members.office",
                        verbose_name="term",
                    ),
                ),
                (
                    "presented_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="presentation recorded by",
                    ),
                ),
            ],
            options={
                "verbose_name": "term report",
                "verbose_name_plural": "term reports",
                "ordering": ["-office__start_date", "kind", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("office", "kind"),
                        name="termreport_one_per_office",
                        violation_error_code="term_report_exists",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("status", "draft"),
                            models.Q(("meeting__isnull", False), ("presented_on__isnull", False)),
                            _connector="OR",
                        ),
                        name="termreport_presented_at_a_meeting",
                        violation_error_code="term_report_meeting_required",
                    ),
                ],
            },
        ),
    ]
