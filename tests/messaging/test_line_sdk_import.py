"""Loading the LINE SDK builds no argument validator until a method is called, and every call is
still validated.

The SDK decorates each of its ~300 API methods (sync and async) with pydantic's
``validate_arguments``, which builds a model per method at import: half of the import's second,
paid by every worker process that sends one message. ``line.load_sdk`` defers each validator to
the method's first call; a call with a wrong argument is refused as before.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from pydantic.v1 import ValidationError

from phalang.messaging import line

PROBE = """
import json
from pydantic.v1 import decorator
built = []
eager_init = decorator.ValidatedFunction.__init__
def counting_init(self, *args, **kwargs):
    built.append(1)
    eager_init(self, *args, **kwargs)
decorator.ValidatedFunction.__init__ = counting_init
from phalang.messaging import line
line.load_sdk()
at_import = len(built)
from linebot.v3.messaging import ApiClient, Configuration, MessagingApi
api = MessagingApi(ApiClient(Configuration(host="http://127.0.0.1:9", access_token="t")))
try:
    api.push_message_with_http_info("not a request")
    refused = False
except Exception as exc:
    refused = type(exc).__name__ == "ValidationError"
print(json.dumps({"at_import": at_import, "after_a_call": len(built), "refused": refused}))
"""


def test_loading_the_sdk_builds_no_validator_yet() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=True)
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    # The call builds its own validator (and only its own) and refuses the wrong argument.
    assert seen == {"at_import": 0, "after_a_call": 1, "refused": True}


def test_a_deferred_validator_validates_like_an_eager_one() -> None:
    with line.deferred_argument_validation():
        from pydantic.v1 import validate_arguments

        @validate_arguments
        def double(x: int) -> int:
            return x * 2

    assert double("21") == 42  # coerced as pydantic v1 does
    with pytest.raises(ValidationError):
        double("twenty-one")
    assert double.__name__ == "double"
