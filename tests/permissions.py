"""Permission matrices: which actor may make which write, and what a refusal leaves behind.

A matrix is a table {operation: (status for each of ACTORS)}; a status written `(200, UNCHANGED)`
is a success that rightly changes nothing (liking twice). Every refusal answers its status with a
JSON `detail` and leaves every row of the database as it was; every other success changes a row.
"""

import pytest

from tests.clients import assert_json_detail
from tests.database import database_rows

ACTORS = ("anonymous", "owner", "other user", "staff")
UNCHANGED = "unchanged"


def cells(matrix, actors=ACTORS):
    """The pytest parameters (actor, operation, status, changes) of a matrix, one per cell."""
    params = []
    for operation, statuses in matrix.items():
        for actor, cell in zip(actors, statuses, strict=True):
            status, changes = cell if isinstance(cell, tuple) else (cell, cell < 400)
            params.append(
                pytest.param(actor, operation, status, changes is True, id=f"{actor}-{operation}")
            )
    return params


def assert_cell(write, status, changes):
    """Makes the write and checks its answer and the database against the matrix's cell."""
    before = database_rows()

    response = write()

    if status >= 400:
        assert_json_detail(response, status)
    else:
        assert response.status_code == status, response.content[:500]
    assert (database_rows() != before) is changes
