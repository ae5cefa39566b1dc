"""Targets per form: each template of a campaign gets a CampaignForm row saying whom it must reach.

Existing campaigns keep their behaviour: a household form reaches the campaign's household
kinds, plus every household with a key person when `include_key_persons` was set; a
village, township or county form reaches every unit of its level, as before.
"""

import django.db.models.deletion
from django.db import migrations, models

KEY_PERSONS = ["has_elderly", "has_disabled", "has_petitioner", "has_special_hardship"]


def forms_from_campaign_targets(apps, schema_editor):
    Campaign = apps.get_model("campaigns", "Campaign")
    CampaignForm = apps.get_model("campaigns", "CampaignForm")
    rows = []
    for campaign in Campaign.objects.prefetch_related("templates"):
        for template in campaign.templates.all():
            household = template.level == "household"
            rows.append(CampaignForm(
                campaign=campaign, template=template,
                household_kinds=list(campaign.target_kinds) if household else [],
                key_persons=KEY_PERSONS if household and campaign.include_key_persons else [],
            ))
    CampaignForm.objects.bulk_create(rows, batch_size=1000)


def campaign_targets_from_forms(apps, schema_editor):
    Campaign = apps.get_model("campaigns", "Campaign")
    CampaignForm = apps.get_model("campaigns", "CampaignForm")
    for campaign in Campaign.objects.all():
        forms = list(CampaignForm.objects.filter(campaign=campaign).select_related("template"))
        campaign.templates.set([form.template for form in forms])
        household = [form for form in forms if form.template.level == "household"]
        campaign.target_kinds = household[0].household_kinds if household else []
        campaign.include_key_persons = bool(household and household[0].key_persons)
        campaign.save(update_fields=["target_kinds", "include_key_persons"])


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0003_campaign_error_threshold'),
        ('checklists', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='CampaignForm',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('household_kinds', models.JSONField(blank=True, default=list, verbose_name='户类型')),
                ('key_persons', models.JSONField(blank=True, default=list, help_text='另含有这些人员的农户，不论户类型', verbose_name='重点人员')),
                ('village_types', models.JSONField(blank=True, default=list, help_text='不选则为全部村', verbose_name='村类型')),
                ('exit_year_from', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='退出年度（起）')),
                ('exit_year_to', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='退出年度（止）')),
                ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='forms', to='campaigns.campaign')),
                ('template', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='campaign_forms', to='checklists.checklisttemplate', verbose_name='排查表')),
            ],
            options={
                'verbose_name': '排查表及排查对象',
                'verbose_name_plural': '排查表及排查对象',
                'ordering': ['campaign', 'template__level', 'template__code'],
                'constraints': [models.UniqueConstraint(fields=('campaign', 'template'), name='campaign_form_once')],
            },
        ),
        migrations.RunPython(forms_from_campaign_targets, campaign_targets_from_forms),
        # Django cannot add `through=` to an existing many-to-many field: drop the old one
        # (its rows are copied above) and add it again over CampaignForm.
        migrations.RemoveField(model_name='campaign', name='templates'),
        migrations.RemoveField(model_name='campaign', name='include_key_persons'),
        migrations.RemoveField(model_name='campaign', name='target_kinds'),
        migrations.AddField(
            model_name='campaign',
            name='templates',
            field=models.ManyToManyField(related_name='campaigns', through='campaigns.CampaignForm', to='checklists.checklisttemplate', verbose_name='排查表'),
        ),
    ]
