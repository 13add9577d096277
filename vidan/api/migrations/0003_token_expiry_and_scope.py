"""API tokens expire and have a scope. A token issued before keeps working, with the rights it had (read and
write), until a year after this migration: then it is refused as expired, and its owner issues a new one."""

from datetime import timedelta

from django.db import migrations, models
from django.utils import timezone

# The longest life a new token may be given (settings.VIDAN_API_TOKEN_MAX_DAYS's default when this was written).
EXISTING_TOKENS_DAYS = 365


def give_existing_tokens_a_year(apps, schema_editor):
    ApiToken = apps.get_model("api", "ApiToken")
    ApiToken.objects.filter(expires_at__isnull=True).update(
        expires_at=timezone.now() + timedelta(days=EXISTING_TOKENS_DAYS)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0002_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read_write", "Read and write"), ("read", "Read only")],
                default="read_write",
                max_length=12,
                verbose_name="scope",
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires at"),
        ),
        migrations.RunPython(give_existing_tokens_a_year, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires at"),
        ),
    ]
