"""Two campaigns never carry one enterprise through the procedure at once."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_close_duplicate_open_cases")]

    operations = [
        migrations.AddConstraint(
            model_name="case",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("stage__in", ["rectified", "revoked", "withdrawn"]), _negated=True
                ),
                fields=("uscc",),
                name="one_open_case_per_enterprise",
            ),
        ),
    ]
