"""The list of your sessions (auth/sessions/)."""

from rest_framework import serializers

from accounts.models import Login


class SessionSerializer(serializers.ModelSerializer):
    """One login of yours: a JWT login, a browser session or an API token."""

    name = serializers.CharField(
        source="api_token.name",
        default=None,
        read_only=True,
        allow_null=True,
        help_text="An API token's name; null for the other kinds.",
    )
    ip = serializers.IPAddressField(
        source="last_ip", read_only=True, allow_null=True, help_text="The IP it was last used from."
    )
    current = serializers.SerializerMethodField(help_text="Whether this request is sent with it.")

    class Meta:
        model = Login
        fields = ["id", "kind", "name", "started_at", "last_used_at", "client", "ip", "current"]
        read_only_fields = fields
        extra_kwargs = {
            "client": {
                "help_text": 'Browser and system, as "Firefox on Linux", from its User-Agent.'
            }
        }

    def get_current(self, login) -> bool:
        return login.pk == self.context.get("current_login_id")
