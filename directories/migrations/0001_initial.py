# Institutions and contact points (issue 19); operations written by hand from
# `makemigrations directories --dry-run -v 3`.

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import directories.models.contacts


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("members", "0006_regional_agreements"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalInstitution",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=250, verbose_name="name")),
                ("acronym", models.CharField(blank=True, max_length=30, verbose_name="acronym")),
                (
                    "sector",
                    models.CharField(
                        choices=[
                            ("state", "State"),
                            ("civil_society", "Civil society"),
                            ("international", "International"),
                        ],
                        max_length=16,
                        verbose_name="sector",
                    ),
                ),
                (
                    "level",
                    models.CharField(
                        choices=[("political", "Political"), ("technical", "Technical")],
                        max_length=10,
                        verbose_name="level",
                    ),
                ),
                (
                    "areas",
                    models.JSONField(
                        blank=True,
                        default=list,
                        validators=[directories.models.contacts.validate_areas],
                        verbose_name="areas",
                    ),
                ),
                (
                    "member_of_national_body",
                    models.BooleanField(default=False, verbose_name="member of the national body"),
                ),
                ("website", models.URLField(blank=True, verbose_name="website")),
                (
                    "version",
                    models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
                ),
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
                    "country",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="members.country",
                        verbose_name="country",
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
            ],
            options={
                "verbose_name": "historical institution",
                "verbose_name_plural": "historical institutions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Institution",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=250, verbose_name="name")),
                ("acronym", models.CharField(blank=True, max_length=30, verbose_name="acronym")),
                (
                    "sector",
                    models.CharField(
                        choices=[
                            ("state", "State"),
                            ("civil_society", "Civil society"),
                            ("international", "International"),
                        ],
                        max_length=16,
                        verbose_name="sector",
                    ),
                ),
                (
                    "level",
                    models.CharField(
                        choices=[("political", "Political"), ("technical", "Technical")],
                        max_length=10,
                        verbose_name="level",
                    ),
                ),
                (
                    "areas",
                    models.JSONField(
                        blank=True,
                        default=list,
                        validators=[directories.models.contacts.validate_areas],
                        verbose_name="areas",
                    ),
                ),
                (
                    "member_of_national_body",
                    models.BooleanField(default=False, verbose_name="member of the national body"),
                ),
                ("website", models.URLField(blank=True, verbose_name="website")),
                (
                    "version",
                    models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
                ),
                (
                    "country",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="institutions",
                        to="members.country",
                        verbose_name="country",
                    ),
                ),
            ],
            options={
                "verbose_name": "institution",
                "verbose_name_plural": "institutions",
                "ordering": ["country__name_es", "name"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalContactPoint",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "type",
                    models.CharField(
                        choices=[
                            ("attention_centre", "Migrant attention centre"),
                            ("consulate", "Consulate"),
                            ("repatriation", "Repatriation and reintegration service"),
                            ("central_authority", "Central authority (victim protection)"),
                            ("public_ministry", "Public Ministry contact team"),
                            ("smuggling_focal_point", "Smuggling focal point"),
                            ("interpretation", "Translation and interpretation service"),
                            ("official", "Official (directory of officials)"),
                        ],
                        max_length=24,
                        verbose_name="type",
                    ),
                ),
                ("name", models.CharField(max_length=250, verbose_name="office or post")),
                (
                    "contact_name",
                    models.CharField(
                        blank=True,
                        help_text="An official's name, institutional data only.",
                        max_length=200,
                        verbose_name="contact person",
                    ),
                ),
                ("position", models.CharField(blank=True, max_length=200, verbose_name="position")),
                (
                    "level",
                    models.CharField(
                        blank=True,
                        choices=[("political", "Political"), ("technical", "Technical")],
                        max_length=10,
                        verbose_name="level",
                    ),
                ),
                (
                    "authority_status",
                    models.CharField(
                        blank=True,
                        choices=[("designated", "Designated"), ("pending", "Pending")],
                        max_length=10,
                        verbose_name="designation status",
                    ),
                ),
                (
                    "designating_act",
                    models.CharField(blank=True, max_length=300, verbose_name="designating act"),
                ),
                (
                    "function",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("police_investigator", "Specialised police investigator"),
                            ("interpol", "INTERPOL officer"),
                            ("prosecutor", "Prosecutor"),
                        ],
                        max_length=20,
                        verbose_name="function",
                    ),
                ),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="e-mail")),
                (
                    "phone",
                    models.CharField(
                        blank=True,
                        max_length=40,
                        validators=[directories.models.contacts.validate_phone],
                        verbose_name="phone",
                    ),
                ),
                ("website", models.URLField(blank=True, verbose_name="website")),
                ("address", models.CharField(blank=True, max_length=300, verbose_name="address")),
                ("city", models.CharField(blank=True, max_length=100, verbose_name="city")),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                (
                    "areas",
                    models.JSONField(
                        blank=True,
                        default=list,
                        validators=[directories.models.contacts.validate_areas],
                        verbose_name="areas",
                    ),
                ),
                (
                    "verified_on",
                    models.DateField(blank=True, null=True, verbose_name="verified on"),
                ),
                (
                    "review_interval_days",
                    models.PositiveSmallIntegerField(
                        choices=[
                            (30, "30 days"),
                            (60, "60 days"),
                            (90, "90 days"),
                            (180, "180 days"),
                            (365, "365 days"),
                        ],
                        default=180,
                        verbose_name="review every (days)",
                    ),
                ),
                (
                    "version",
                    models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
                ),
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
                    "country",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The country that owns the entry: its focal points keep it.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="members.country",
                        verbose_name="country",
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
                    "institution",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="directories.institution",
                        verbose_name="institution",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical contact point",
                "verbose_name_plural": "historical contact points",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="ContactPoint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "type",
                    models.CharField(
                        choices=[
                            ("attention_centre", "Migrant attention centre"),
                            ("consulate", "Consulate"),
                            ("repatriation", "Repatriation and reintegration service"),
                            ("central_authority", "Central authority (victim protection)"),
                            ("public_ministry", "Public Ministry contact team"),
                            ("smuggling_focal_point", "Smuggling focal point"),
                            ("interpretation", "Translation and interpretation service"),
                            ("official", "Official (directory of officials)"),
                        ],
                        max_length=24,
                        verbose_name="type",
                    ),
                ),
                ("name", models.CharField(max_length=250, verbose_name="office or post")),
                (
                    "contact_name",
                    models.CharField(
                        blank=True,
                        help_text="An official's name, institutional data only.",
                        max_length=200,
                        verbose_name="contact person",
                    ),
                ),
                ("position", models.CharField(blank=True, max_length=200, verbose_name="position")),
                (
                    "level",
                    models.CharField(
                        blank=True,
                        choices=[("political", "Political"), ("technical", "Technical")],
                        max_length=10,
                        verbose_name="level",
                    ),
                ),
                (
                    "authority_status",
                    models.CharField(
                        blank=True,
                        choices=[("designated", "Designated"), ("pending", "Pending")],
                        max_length=10,
                        verbose_name="designation status",
                    ),
                ),
                (
                    "designating_act",
                    models.CharField(blank=True, max_length=300, verbose_name="designating act"),
                ),
                (
                    "function",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("police_investigator", "Specialised police investigator"),
                            ("interpol", "INTERPOL officer"),
                            ("prosecutor", "Prosecutor"),
                        ],
                        max_length=20,
                        verbose_name="function",
                    ),
                ),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="e-mail")),
                (
                    "phone",
                    models.CharField(
                        blank=True,
                        max_length=40,
                        validators=[directories.models.contacts.validate_phone],
                        verbose_name="phone",
                    ),
                ),
                ("website", models.URLField(blank=True, verbose_name="website")),
                ("address", models.CharField(blank=True, max_length=300, verbose_name="address")),
                ("city", models.CharField(blank=True, max_length=100, verbose_name="city")),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                (
                    "areas",
                    models.JSONField(
                        blank=True,
                        default=list,
                        validators=[directories.models.contacts.validate_areas],
                        verbose_name="areas",
                    ),
                ),
                (
                    "verified_on",
                    models.DateField(blank=True, null=True, verbose_name="verified on"),
                ),
                (
                    "review_interval_days",
                    models.PositiveSmallIntegerField(
                        choices=[
                            (30, "30 days"),
                            (60, "60 days"),
                            (90, "90 days"),
                            (180, "180 days"),
                            (365, "365 days"),
                        ],
                        default=180,
                        verbose_name="review every (days)",
                    ),
                ),
                (
                    "version",
                    models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
                ),
                (
                    "country",
                    models.ForeignKey(
                        help_text="The country that owns the entry: its focal points keep it.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="contact_points",
                        to="members.country",
                        verbose_name="country",
                    ),
                ),
                (
                    "institution",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="contact_points",
                        to="directories.institution",
                        verbose_name="institution",
                    ),
                ),
            ],
            options={
                "verbose_name": "contact point",
                "verbose_name_plural": "contact points",
                "ordering": ["country__name_es", "type", "name", "pk"],
            },
        ),
        migrations.AddConstraint(
            model_name="institution",
            constraint=models.UniqueConstraint(
                fields=("country", "name"), name="institution_unique_name"
            ),
        ),
        migrations.AddIndex(
            model_name="contactpoint",
            index=models.Index(fields=["country", "type"], name="contactpoint_country_type"),
        ),
    ]
