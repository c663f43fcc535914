"""The OCDS 1.1 schemas kept beside the tests (tests/opendata/schema), as validators that resolve
"release-schema.json" locally, never over the network."""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft4Validator
from referencing import Registry, Resource

SCHEMA = Path(__file__).parent / "schema"


def validator(name: str) -> Draft4Validator:
    release = json.loads((SCHEMA / "release-schema.json").read_text(encoding="utf-8"))
    registry = Registry().with_resource("release-schema.json", Resource.from_contents(release))
    schema = json.loads((SCHEMA / name).read_text(encoding="utf-8"))
    schema.pop("id", None)  # resolve "release-schema.json" against the registry, not the web
    return Draft4Validator(schema, registry=registry)
