"""A bounded schemathesis run over ``/openapi.json``: generated requests for every
operation against the real API (uvicorn on loopback, the built IGeL store, writes on
with a token) find no server error, no undocumented status, and no body that breaks its
documented schema.

Bounded: :data:`EXAMPLES` examples per operation (the review's unbounded run sent 67,761
requests); writes go to a module-scoped copy of the store.
"""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from api_test_config import TOKEN  # noqa: E402
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from schemathesis import checks  # noqa: E402

#: generated examples per operation
EXAMPLES = 12
#: responses seen, by status (printed, and checked to include errors)
STATUSES: dict[int, int] = {}


CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.response_schema_conformance,
    checks.content_type_conformance,
]


def _run_operation(operation, token: str) -> list[str]:
    """Send EXAMPLES generated requests to one operation; return the failures found."""
    failures: list[str] = []

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        headers = {"Authorization": f"Bearer {token}"} if case.operation.method.upper() != "GET" else {}
        response = case.call_and_validate(headers=headers, timeout=60, checks=CHECKS)
        STATUSES[response.status_code] = STATUSES.get(response.status_code, 0) + 1

    try:
        run()
    except (AssertionError, BaseExceptionGroup) as exc:  # failed checks (a FailureGroup), shrunk
        failures.append(f"{operation.label}: {exc}")
    return failures


@pytest.mark.slow
def test_api_keeps_its_contract(write_server):
    schema = schemathesis.openapi.from_url(write_server.url + "/openapi.json")
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        failures += _run_operation(operation, TOKEN)
    assert operations >= 40  # every documented operation was exercised
    print("statuses:", dict(sorted(STATUSES.items())))
    assert sum(STATUSES.values()) >= operations * 3
    assert not failures, f"{len(failures)} failures:\n\n" + "\n\n".join(failures[:30])
