"""votes.csv is read as columns (pandas' C parser) and gives the same votes as row-by-row reading;
a bad file still names its line."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from phalang.engines.polis.io import PolisInputError, _read_votes_by_row, read_votes


def _write(path: Path, body: str) -> Path:
    path.write_text("timestamp,datetime,comment-id,voter-id,vote\n" + body, encoding="utf-8")
    return path


def test_columns_equal_rows_with_quoted_commas(tmp_path):
    path = _write(tmp_path / "votes.csv",
                  '1403054214196,"Wed, Jun 18 08:16:54 WIB 2014",0,0,0\n'
                  "1403057082753,Wed Jun 18 09:04:42 WIB 2014,0,1,1\n"
                  '1403057082999,"x ""quoted"", y",3,1,-1\n')
    fast, slow = read_votes(path), _read_votes_by_row(path)
    for name in ("participant", "statement", "value", "timestamp"):
        assert np.array_equal(getattr(fast, name), getattr(slow, name)), name
    assert fast.value.dtype == np.int8 and fast.participant.dtype == np.int64
    assert fast.statement.tolist() == [0, 0, 3]


@pytest.mark.parametrize(("row", "message"), [
    ("1,x,0,1,2\n", "line 3: vote 2 is not -1, 0 or 1"),
    ("1,x,0,one,1\n", "line 3: voter-id 'one' is not an integer"),
    ("1,x,0,99999999999999999999999,1\n", "line 3: voter-id"),
    ("1,x,0,,1\n", "line 3: voter-id '' is not an integer"),
])
def test_bad_line_is_named(tmp_path, row, message):
    path = _write(tmp_path / "votes.csv", "1,x,0,0,1\n" + row)
    with pytest.raises(PolisInputError, match=message):
        read_votes(path)


def test_header_only_is_no_votes(tmp_path):
    votes = read_votes(_write(tmp_path / "votes.csv", ""))
    assert len(votes.participant) == 0
