"""What every app's serializers share: fields whose rules the OpenAPI schema states exactly, and
the uniqueness check of names (api.names)."""

from django.core.validators import EmailValidator, RegexValidator
from django.db import models
from rest_framework import serializers
from rest_framework.utils import html
from rest_framework.validators import UniqueValidator

from api.names import NormalizedNameField, comparison_key, normalized

# What a text may not be made of only, unless it may be blank: the characters Python's
# str.strip() trims, as DRF's CharField does before its blank test. Named one by one, because
# `\s` means a different set in each regular-expression dialect (Python, Rust, JavaScript).
NOT_BLANK_PATTERN = r"[^\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"

# The addresses Django's EmailValidator takes, less quoted local parts, IP literals, "localhost"
# and international domain names, which a client's `format: email` may not take. Their local part
# (before the @) has at most 64 characters, as `format: email` says and no portable regex can.
EMAIL_PATTERN = (
    r"^[-!#$%&'*+/=?^_`{}|~0-9A-Za-z]+(\.[-!#$%&'*+/=?^_`{}|~0-9A-Za-z]+)*"
    r"@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\Z"
)


class UniqueNameValidator(UniqueValidator):
    """No other row has this name under api.names' rule: compared by the `<field>_key`
    column, whose unique index is the database's side of the same rule."""

    def filter_queryset(self, value, queryset, field_name):
        return queryset.filter(**{f"{field_name}_key": comparison_key(value)})


def unique_case_insensitively(model, field):
    """The field's value may not be another row's in any case or Unicode form: names and
    addresses that are one under api.names would make the same slug, or reach the same
    person."""
    return UniqueNameValidator(
        queryset=model.objects.all(),
        message=f"A {model._meta.verbose_name} with that {field} already exists.",
    )


class StrictCharField(serializers.CharField):
    """Text as the schema describes it: a JSON string, no longer than allowed as sent.

    DRF's CharField also takes a number and keeps its digits, and checks the length after
    trimming, so a body the schema calls invalid was saved. Trimming and blank text are DRF's.
    Line breaks are stored as LF, and counted so.
    """

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        # HTML forms send line breaks as CRLF: stored text has one kind, whichever client sent it.
        data = data.replace("\r\n", "\n").replace("\r", "\n")
        if self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return super().to_internal_value(data)


class NormalizedCharField(StrictCharField):
    """A name as it is stored (api.names.NormalizedNameField): NFKC-normalised before its
    length and its validators are checked, so that what was checked is what is saved."""

    def to_internal_value(self, data):
        return super().to_internal_value(normalized(data) if isinstance(data, str) else data)


MAX_EMAIL_LOCAL_PART = 64


class StrictEmailField(serializers.EmailField):
    """An e-mail address in the plain form the schema's pattern states."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # The pattern takes a subset of what Django's EmailValidator takes: it replaces it, so
        # that an address is refused with one message.
        self.validators = [
            *(v for v in self.validators if not isinstance(v, EmailValidator)),
            RegexValidator(EMAIL_PATTERN, message=self.error_messages["invalid"]),
        ]

    def to_internal_value(self, data):
        address = super().to_internal_value(data)
        if len(address.rpartition("@")[0]) > MAX_EMAIL_LOCAL_PART:
            self.fail("invalid")
        return address


class StrictBooleanField(serializers.BooleanField):
    """A JSON `true` or `false`, as the schema says. DRF also takes "yes", "off", 1, "0" and more;
    only an HTML form, whose fields are all text, keeps DRF's reading of its values."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or html.is_html_input(self.root.initial_data):
            return super().to_internal_value(data)
        self.fail("invalid", input=data)


class StrictModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose text and e-mail model fields are the strict fields above."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.EmailField: StrictEmailField,
        models.BooleanField: StrictBooleanField,
        NormalizedNameField: NormalizedCharField,
    }

    def build_standard_field(self, field_name, model_field):
        """Starts a field with a default at it, so that the browsable API's forms and raw data
        pre-fill a value the API takes (DRF would offer `null`, which it then refuses)."""
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        if model_field.has_default() and not callable(model_field.default):
            field_kwargs.setdefault("initial", model_field.default)
        return field_class, field_kwargs
