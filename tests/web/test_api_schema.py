"""schemathesis over /api/openapi.json: generated requests to every operation, no server errors.

Bounded (a few examples per operation, no shrinking past a deadline) so the suite stays quick;
every request goes to the app in process, on the session's small store.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests.web.conftest import PERIOD

pytestmark = pytest.mark.xdist_group("web")  # one store and server per worker, built once


@pytest.fixture(scope="module")
def api_schema(web_app, clients):
    # warm the figures the generated requests mostly hit, so each example is quick
    clients["inspector"].get(f"/api/forces/kent-demo?period={PERIOD}")
    return schemathesis.openapi.from_asgi("/api/openapi.json", web_app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_server_errors(case):
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.formatted_path} {case.query}: {response.status_code}"
    assert "Traceback" not in response.text
