"""Each lineage row's `family` column becomes a foreign key to its login (same column, same values:
no row is rewritten on PostgreSQL), and counts the token's exchanges inside the grace window.

Apart from 0003 so that the logins it inserted are committed before the constraint is added.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_login'),
    ]

    operations = [
        migrations.AlterField(
            model_name='refreshtokenlineage',
            name='family',
            field=models.ForeignKey(db_column='family', on_delete=django.db.models.deletion.CASCADE, related_name='links', to='accounts.login', to_field='family'),
        ),
        migrations.RenameField(
            model_name='refreshtokenlineage',
            old_name='family',
            new_name='login',
        ),
        migrations.AddField(
            model_name='refreshtokenlineage',
            name='grace_exchanges',
            field=models.PositiveSmallIntegerField(default=0),
        ),
    ]
