"""Audit item 13: fuzzing the OpenAPI document gave server errors. Schemathesis (a dev
dependency) generates valid and invalid requests for every operation from the document itself
and sends them to the app in process; none may give a 5xx. The budget is bounded so the test
takes a minute or two in CI: ``PHALANG_FUZZ_EXAMPLES`` examples per operation and mode (default
10, about 700 requests in all; the audit ran about 25,000)."""

from __future__ import annotations

import os

import hypothesis
import pytest
from hypothesis import HealthCheck
from schemathesis import GenerationMode, openapi

EXAMPLES = int(os.environ.get("PHALANG_FUZZ_EXAMPLES", "10"))


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_no_server_error_anywhere_in_the_api(gazetteer, settings) -> None:  # type: ignore[no-untyped-def]
    from django.core.cache import cache
    from django.core.wsgi import get_wsgi_application

    settings.PHALANG_LIMITS = {k: "1000000/60" for k in ("report", "help_request", "follow", "vote")}
    app = get_wsgi_application()
    schema = openapi.from_wsgi("/api/v1/openapi.json", app)
    failures: list[str] = []
    sent = 0
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 30
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @hypothesis.settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                                 suppress_health_check=list(HealthCheck), phases=[hypothesis.Phase.generate])
            @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
            def fuzz(case) -> None:  # type: ignore[no-untyped-def]
                nonlocal sent
                sent += 1
                cache.clear()  # the receipt-guess limits would otherwise answer 429 early
                response = case.call(app=app)
                if response.status_code >= 500:
                    failures.append(f"{case.method} {case.formatted_path} {case.query} {str(case.body)[:200]} -> "
                                    f"{response.status_code}")

            try:
                fuzz()
            except hypothesis.errors.Unsatisfiable:
                pass  # no invalid request exists for an operation without inputs
    assert not failures, "\n".join(sorted(set(failures))[:30])
    assert sent >= len(operations) * EXAMPLES  # the budget was spent
