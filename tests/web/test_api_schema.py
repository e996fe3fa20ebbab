"""schemathesis over /api/openapi.json: generated requests to every operation, no server errors.

Bounded (a few examples per operation, no deadline) so the suite stays quick; every request goes
to the app in process, on the session's small store.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.web.conftest import PERIOD

pytestmark = pytest.mark.xdist_group("web")  # one store and server per worker, built once

EXAMPLES = 5


def test_no_server_errors(web_app, clients):
    # warm the figures the generated requests mostly hit, so each example is quick
    clients["inspector"].get(f"/api/forces/kent-demo?period={PERIOD}")
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", web_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    failures = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def check(case):
            # generous: an overview without a period reads every indicator's latest from the records
            response = case.call(timeout=900)
            if response.status_code >= 500 or "Traceback" in response.text:
                failures.append(f"{case.method} {case.formatted_path} {case.query}: {response.status_code}")

        check()
    assert failures == []
