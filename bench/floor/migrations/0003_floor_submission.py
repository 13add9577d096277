from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("benchfloor", "0002_open_item"),
    ]

    operations = [
        migrations.CreateModel(
            name="FloorSubmission",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=120)),
                ("phone", models.CharField(max_length=20)),
                ("at", models.DateTimeField()),
            ],
        ),
    ]
