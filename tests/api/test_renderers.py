"""The API's JSON renderer (orjson) writes exactly the bytes DRF's own JSONRenderer writes."""

import datetime
import decimal
import json
import uuid
import zoneinfo

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import ErrorDetail
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from api.renderers import OrjsonRenderer

LONDON = zoneinfo.ZoneInfo("Europe/London")

VALUES = {
    "text": "plain ascii",
    "unicode": 'café, 東京, emoji 🎉, quote " and backslash \\ and </script>',
    "javascript separators": "line\u2028paragraph\u2029end",
    "control characters": "tab\tnewline\nnul\x00bell\x07",
    "numbers": [0, -1, 2**53, 1.5, 0.1, 1e22, True, False, None],
    "error details": {"title": [ErrorDetail("This field is required.", code="required")]},
    "lazy text": gettext_lazy("Not found."),
    "list errors keyed by index": {"tags": {0: ["Too long."], 3: ["Blank."]}},
    "serializer containers": ReturnDict(
        {"results": ReturnList([{"id": 1}], serializer=None)}, serializer=None
    ),
    "aware datetime in UTC": datetime.datetime(2025, 1, 2, 3, 4, 5, 678901, tzinfo=datetime.UTC),
    "datetime at zero offset": datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=LONDON),
    "datetime with an offset": datetime.datetime(2025, 7, 2, 3, 4, 5, tzinfo=LONDON),
    "naive datetime": datetime.datetime(2025, 1, 2, 3, 4, 5),
    "date and time": [datetime.date(2025, 1, 2), datetime.time(3, 4, 5, 6)],
    "duration": datetime.timedelta(hours=1, microseconds=5),
    "decimal": decimal.Decimal("12.50"),
    "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "tuple and nesting": ({"a": [{"b": ()}]},),
    "empty": [{}, [], ""],
}


@pytest.mark.parametrize("value", VALUES.values(), ids=VALUES.keys())
def test_each_kind_of_value_renders_as_drf_renders_it(value):
    data = {"value": value}

    assert OrjsonRenderer().render(data) == JSONRenderer().render(data)


def test_floats_written_with_a_small_exponent_are_the_same_numbers():
    data = {"value": [1e-7, 1e-5, 2.5e-10]}

    rendered = OrjsonRenderer().render(data)

    assert json.loads(rendered) == json.loads(JSONRenderer().render(data))
    assert rendered == b'{"value":[1e-7,0.00001,2.5e-10]}'


def test_nothing_renders_as_an_empty_body():
    assert OrjsonRenderer().render(None) == b""


def test_indented_output_is_drfs():
    data = {"a": [1, {"b": "c"}]}
    media_type = "application/json; indent=4"

    rendered = OrjsonRenderer().render(data, media_type)

    assert rendered == JSONRenderer().render(data, media_type)
    assert b"\n    " in rendered
