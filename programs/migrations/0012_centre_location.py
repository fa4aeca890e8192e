"""Where each centre is (latitude and longitude, both or neither), for the dashboard's map.

The demo's centres get theirs from the demo loader (`load_demo`), which updates centres
already loaded; an office's own centres are placed in the back office or by import.
"""

from decimal import Decimal

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("programs", "0011_verbose_names")]

    operations = [
        migrations.AddField(
            model_name="centre",
            name="latitude",
            field=models.DecimalField(
                blank=True,
                decimal_places=5,
                help_text="Decimal degrees, north positive, e.g. 40.28 for Khujand.",
                max_digits=8,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(
                        Decimal("-90"),
                        message="The latitude is in degrees between -90 and 90 (north "
                        "positive), e.g. 40.28.",
                    ),
                    django.core.validators.MaxValueValidator(
                        Decimal("90"),
                        message="The latitude is in degrees between -90 and 90 (north "
                        "positive), e.g. 40.28.",
                    ),
                ],
                verbose_name="latitude",
            ),
        ),
        migrations.AddField(
            model_name="centre",
            name="longitude",
            field=models.DecimalField(
                blank=True,
                decimal_places=5,
                help_text="Decimal degrees, east positive, e.g. 69.62 for Khujand.",
                max_digits=8,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(
                        Decimal("-180"),
                        message="The longitude is in degrees between -180 and 180 (east "
                        "positive), e.g. 69.62.",
                    ),
                    django.core.validators.MaxValueValidator(
                        Decimal("180"),
                        message="The longitude is in degrees between -180 and 180 (east "
                        "positive), e.g. 69.62.",
                    ),
                ],
                verbose_name="longitude",
            ),
        ),
    ]
