"""API tokens expire and can be revoked. Tokens issued before this had no expiry: they now
expire HECHA_TOKEN_DAYS (default 90) days after the upgrade, so scripts keep working while
their owners are told to ask for new ones."""

from datetime import timedelta

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def expire_old_tokens(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    until = timezone.now() + timedelta(days=getattr(settings, "HECHA_TOKEN_DAYS", 90))
    ApiToken.objects.filter(expires_at__isnull=True).update(expires_at=until)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_officers")]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="有效期至"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="revoked_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="吊销时间"),
        ),
        migrations.RunPython(expire_old_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="有效期至"),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="签发时间"),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="user",
            field=models.ForeignKey(
                on_delete=models.deletion.CASCADE,
                related_name="api_tokens",
                to=settings.AUTH_USER_MODEL,
                verbose_name="用户",
            ),
        ),
        migrations.AlterModelOptions(
            name="apitoken",
            options={
                "ordering": ["-created_at"],
                "verbose_name": "API 令牌",
                "verbose_name_plural": "API 令牌",
            },
        ),
    ]
