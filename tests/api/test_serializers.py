"""The strict text and e-mail fields: what the schema says of a field is what the API enforces."""

import re

import pytest
from rest_framework import serializers

from api.serializers import NOT_BLANK_PATTERN, StrictCharField, StrictEmailField


def validate(field, value):
    """The field's value, or its first error message."""
    try:
        return field.run_validation(value)
    except serializers.ValidationError as error:
        return f"error: {error.detail[0]}"


@pytest.mark.parametrize("number", [0, 42, 1.5, 1e300])
def test_a_number_is_not_text(number):
    assert validate(StrictCharField(), number) == "error: Not a valid string."


def test_text_is_trimmed():
    assert validate(StrictCharField(), "  Hello\n") == "Hello"


def test_the_length_counts_the_text_as_sent():
    field = StrictCharField(max_length=5)

    assert validate(field, "Hello") == "Hello"
    assert validate(field, " Hello") == "error: Ensure this field has no more than 5 characters."


@pytest.mark.parametrize("blank", ["", " ", "\t\n", "\xa0", "\u3000", "\x1c"])
def test_whitespace_only_is_blank(blank):
    assert validate(StrictCharField(), blank) == "error: This field may not be blank."
    assert validate(StrictCharField(allow_blank=True), blank) == ""


def test_the_schemas_not_blank_pattern_refuses_exactly_what_python_trims():
    whitespace = {chr(code) for code in range(0x110000) if chr(code).strip() == ""}
    pattern = re.compile(NOT_BLANK_PATTERN)

    assert {char for char in map(chr, range(0x110000)) if not pattern.search(char)} == whitespace


@pytest.mark.parametrize(
    "address", ["alice@example.com", "a.b+tag@mail.example.org", "o'brien@example.co.uk"]
)
def test_a_plain_email_address_is_accepted(address):
    assert validate(StrictEmailField(), address) == address


@pytest.mark.parametrize(
    "address",
    [
        "0@0.a",  # A one-letter top-level domain.
        "alice@localhost",
        "alice@[127.0.0.1]",
        '"alice"@example.com',
        "alice@bücher.example",  # Django takes international names; `format: email` may not.
        f"{'a' * 65}@example.com",  # A local part longer than 64 characters.
        42,
    ],
)
def test_an_email_address_outside_the_documented_form_is_refused(address):
    assert validate(StrictEmailField(), address) == "error: Enter a valid email address."
