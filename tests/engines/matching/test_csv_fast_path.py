"""The column-wise CSV fast path and the row-by-row parser read clean files identically,
and anything doubtful goes to the row-by-row parser."""

from __future__ import annotations

import io

import pytest

from phalang.engines.matching import validate_requests, validate_volunteers
from phalang.engines.matching.csvio import (
    _columns,
    _fast_requests,
    _fast_volunteers,
    load_requests,
    to_csv_text,
    write_requests,
    write_volunteers,
)
from tests.engines.matching.helpers import random_instance


@pytest.mark.parametrize("seed", range(3))
def test_both_paths_agree_on_clean_files(seed: int) -> None:
    requests, volunteers = random_instance(seed, 200, 80)
    rtext = to_csv_text(write_requests, requests)
    vtext = to_csv_text(write_volunteers, volunteers)
    careful_r, errors_r = validate_requests(io.StringIO(rtext))
    careful_v, errors_v = validate_volunteers(io.StringIO(vtext))
    assert errors_r == errors_v == []
    assert _fast_requests(_columns(rtext) or {}) == careful_r == requests
    assert _fast_volunteers(_columns(vtext) or {}) == careful_v == volunteers


def test_optional_columns_may_be_missing_or_empty() -> None:
    text = "id,lat,lon,urgency,people\nr1, 13.7 ,100.5,2,\nr2,13.8,100.6,4,3\n"
    fast = _fast_requests(_columns(text) or {})
    assert fast is not None
    assert fast == validate_requests(io.StringIO(text))[0]
    assert [r.people for r in fast] == [1, 3]


@pytest.mark.parametrize(
    "row",
    [
        "r9,nan,100.5,2",
        "r9,13.7,100.5,2.5",
        "r9,13.7,100.5,0",
        "r1,13.7,100.5,2",  # duplicate id
        ",13.7,100.5,2",
        "r9,13.7,100.5",  # short row
        "",  # blank line
    ],
)
def test_doubtful_files_leave_the_fast_path(row: str) -> None:
    text = f"id,lat,lon,urgency\nr1,13.7,100.5,2\n{row}\n"
    assert _fast_requests(_columns(text) or {}) is None
    if row:
        with pytest.raises(ValueError, match="line 3"):
            load_requests(io.StringIO(text))
    else:
        assert [r.id for r in load_requests(io.StringIO(text))] == ["r1"]
