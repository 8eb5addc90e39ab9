"""A row for each login (the family of refresh tokens rotated from one sign-in), and the stamp that
ends a user's browser sessions.

Each family that has lineage rows becomes a login, started when its oldest surviving token was
issued, in one INSERT ... SELECT. Rows of tokens whose user was deleted describe no login any more
and are dropped. Going back drops the logins; the families stay on the lineage rows.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

LOGINS_FROM_LINEAGE = """
INSERT INTO accounts_login (family, user_id, started_at)
SELECT lineage.family, MIN(token.user_id), MIN(token.created_at)
FROM accounts_refreshtokenlineage lineage
JOIN token_blacklist_outstandingtoken token ON token.id = lineage.token_id
GROUP BY lineage.family
HAVING MIN(token.user_id) IS NOT NULL
"""

LINEAGE_OF_NO_LOGIN = """
DELETE FROM accounts_refreshtokenlineage
WHERE NOT EXISTS (
    SELECT 1 FROM accounts_login WHERE accounts_login.family = accounts_refreshtokenlineage.family
)
"""


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_refresh_token_lineage'),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='session_stamp',
            field=models.CharField(blank=True, editable=False, max_length=32),
        ),
        migrations.CreateModel(
            name='Login',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('family', models.CharField(max_length=32, unique=True)),
                ('started_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('revoked_at', models.DateTimeField(blank=True, null=True)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='logins', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.RunSQL(LOGINS_FROM_LINEAGE, migrations.RunSQL.noop),
        migrations.RunSQL(LINEAGE_OF_NO_LOGIN, migrations.RunSQL.noop),
    ]
