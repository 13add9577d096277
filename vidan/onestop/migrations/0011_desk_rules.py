import django.db.models.deletion
from django.db import migrations, models


def versions_create(apps, schema_editor):
    """The shipped versions of the desk's rules, and each dossier given the one in force on its day."""
    from vidan.onestop.versions import desk_rules_seed, dossiers_rules_assign

    rules = apps.get_model("onestop", "DeskRules")
    desk_rules_seed(rules)
    dossiers_rules_assign(apps.get_model("onestop", "Dossier"), rules)


class Migration(migrations.Migration):

    dependencies = [
        ('onestop', '0010_commune_index_in_composites'),
    ]

    operations = [
        migrations.CreateModel(
            name='DeskRules',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=30, unique=True, verbose_name='code')),
                ('basis', models.CharField(max_length=255, verbose_name='legal basis')),
                ('valid_from', models.DateField(unique=True, verbose_name='valid from')),
                ('desk_name', models.CharField(max_length=120, verbose_name='name of the desk')),
                ('return_restarts', models.BooleanField(help_text='Ticked: the time limit starts again from zero once the citizen completes the dossier. Unticked: the time already spent counts, and the clock only stands still.', verbose_name='a return during processing restarts the time limit')),
                ('returns_per_agency', models.PositiveSmallIntegerField(help_text='0: no limit.', verbose_name='written returns during processing, per agency')),
                ('apology_lead_days', models.PositiveSmallIntegerField(default=1, help_text='The apology with a new appointment is due this many working days before the due date.', verbose_name='apology: working days before the due date')),
                ('forms', models.JSONField(blank=True, default=dict, help_text='The number of each form, by kind: {"receipt": "01", …}.', verbose_name='forms')),
            ],
            options={
                'verbose_name': 'one-stop desk rules',
                'verbose_name_plural': 'one-stop desk rules',
                'ordering': ['valid_from'],
            },
        ),
        migrations.AddField(
            model_name='dossier',
            name='rules',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='onestop.deskrules', verbose_name='rules'),
        ),
        migrations.RunPython(versions_create, migrations.RunPython.noop),
    ]
