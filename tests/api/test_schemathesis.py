"""Generated requests against the API's own OpenAPI: whatever comes in, the server never answers 5xx.

Schemathesis reads ``/openapi.json`` from the app in process and, for every operation, generates
requests that fit the schema (positive) and requests that break it (negative), sent as an admin
with a real bearer token so that they reach the routes rather than stop at the sign-in. Writes
are included (the module has its own copy of the database). Generation is derandomised, so a run
sends the same requests every time, and bounded per operation; at least 500 requests are sent.
Besides "no 5xx", every answer must have a documented content type and fit its documented schema.
Not checked: status-code conformance (the schema documents 200/201 and 422 only, not the 400,
401, 403, 404 and 409 of the one error format).
"""

from __future__ import annotations

import logging
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import Api, make_api

MIN_REQUESTS = 500
AIM = 800  # requests aimed at in all: the bound of examples per operation and mode is AIM / (2 × operations)
KEPT = ("370200", "330200", "370212", "370203")  # regions whose observations the fixture keeps
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def fuzz_api(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """The app on a small database of this module's own: the demo's registry and chains, and the
    observations of four regions only (a fuzzer needs every shape of data, not 75,000 figures);
    Monte Carlo draws capped by :func:`make_api`."""
    path = tmp_path_factory.mktemp("fuzz") / "demo.duckdb"
    shutil.copyfile(demo_db_template, path)
    with duckdb.connect(str(path)) as con:
        con.execute("DELETE FROM observations WHERE region_code NOT IN (SELECT unnest(?))", [list(KEPT)])
        con.execute("CHECKPOINT")
    yield from make_api(path)


def test_no_generated_request_gets_a_server_error(fuzz_api: Api, caplog: pytest.LogCaptureFixture) -> None:
    app = fuzz_api.client.app
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    headers = fuzz_api.headers("admin")
    per_run = max(5, AIM // (2 * len(operations)))
    sent: Counter[str] = Counter()
    failures: list[str] = []

    def run(operation: schemathesis.APIOperation, mode: GenerationMode) -> None:
        @settings(max_examples=per_run, derandomize=True, database=None, deadline=None,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(generation_mode=mode))
        def send(case: schemathesis.Case) -> None:
            caplog.clear()
            sent[operation.label] += 1
            try:  # a crash the error handlers let through surfaces here, as an exception
                response = case.call(headers=headers)
                case.validate_response(response, checks=CHECKS, headers=headers)
            except Exception as exc:  # noqa: BLE001 - every failure is collected, then reported together
                server_log = "\n".join(logging.Formatter().format(r) for r in caplog.records)
                failures.append(f"{operation.label}\n{case.as_curl_command(headers)}\n"
                                f"{type(exc).__name__}: {exc}\n{server_log}")

        try:
            send()
        except Unsatisfiable:  # nothing of the operation to break (no parameters, no body)
            assert mode is GenerationMode.NEGATIVE

    with caplog.at_level(logging.ERROR, logger="pacesetter"):
        for operation in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                run(operation, mode)
    assert not failures, f"{len(failures)} failing requests:\n\n" + "\n\n".join(failures[:20])
    assert sum(sent.values()) >= MIN_REQUESTS, sent
