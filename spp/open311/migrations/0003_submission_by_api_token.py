# An Open311 request may be filed with an organisation's API token (spp.core.ApiToken)
# instead of a client application's key: exactly one of the two is recorded.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0009_api_tokens'),
        ('open311', '0002_client_organisation'),
    ]

    operations = [
        migrations.AlterField(
            model_name='submission',
            name='client',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='submissions', to='open311.apiclient'),
        ),
        migrations.AddField(
            model_name='submission',
            name='api_token',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='open311_submissions', to='core.apitoken'),
        ),
        migrations.AddConstraint(
            model_name='submission',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('api_token__isnull', True), ('client__isnull', False)), models.Q(('api_token__isnull', False), ('client__isnull', True)), _connector='OR'), name='open311_submission_one_sender'),
        ),
    ]
