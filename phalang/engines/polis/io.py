"""Reading a Pol.is export folder (``votes.csv`` and ``comments.csv``)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from .votes import Statements, Votes


class PolisInputError(ValueError):
    """The export folder or one of its files cannot be used; the message says why."""


def _rows(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    if not path.is_file():
        raise PolisInputError(f"{path}: file not found")
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise PolisInputError(f"{path}: missing column(s) {', '.join(missing)}")
            return list(reader)
    except (csv.Error, UnicodeDecodeError) as error:
        raise PolisInputError(f"{path}: not a readable CSV file ({error})") from error


_INT64 = 2**63


def _int(path: Path, line: int, column: str, text: str | None) -> int:
    try:
        number = int(str(text).strip())
    except ValueError:
        raise PolisInputError(f"{path}, line {line}: {column} {text!r} is not an integer") from None
    if not -_INT64 <= number < _INT64:
        raise PolisInputError(f"{path}, line {line}: {column} {text!r} is too large")
    return number


def read_votes(path: Path) -> Votes:
    """The vote columns of ``votes.csv``, read as columns.

    pandas' C parser (installed with OR-Tools) reads only the needed columns straight into
    integer arrays: 5,000,000 votes in about a second and a few hundred MB, where building a
    dict per row took 8–10 s and 2 GB (docs/benchmarks.md, "Opinion map from a CSV export").
    Any file it refuses is read again row by row, to name the line and column at fault.
    """
    header = _header(path, ("voter-id", "comment-id", "vote"))
    columns = ["voter-id", "comment-id", "vote"] + (["timestamp"] if "timestamp" in header else [])
    try:
        import pandas as pd

        frame = pd.read_csv(path, usecols=columns, engine="c", encoding="utf-8",
                            dtype={"voter-id": "int64", "comment-id": "int64", "vote": "int8",
                                   "timestamp": "float64"})
    except (ValueError, OverflowError, UnicodeDecodeError):
        return _read_votes_by_row(path)  # names the line at fault
    value = frame["vote"].to_numpy()
    bad = np.flatnonzero((value < -1) | (value > 1))
    if bad.size:
        line = int(bad[0]) + 2
        raise PolisInputError(f"{path}, line {line}: vote {int(value[bad[0]])} is not -1, 0 or 1")
    timestamp = frame["timestamp"].to_numpy() if "timestamp" in columns else None
    if timestamp is not None and np.isnan(timestamp).any():
        return _read_votes_by_row(path)
    return Votes(
        participant=np.ascontiguousarray(frame["voter-id"].to_numpy(), dtype=np.int64),
        statement=np.ascontiguousarray(frame["comment-id"].to_numpy(), dtype=np.int64),
        value=np.ascontiguousarray(value, dtype=np.int8),
        timestamp=np.ascontiguousarray(timestamp, dtype=np.float64) if timestamp is not None else None,
    )


def _header(path: Path, required: tuple[str, ...]) -> list[str]:
    if not path.is_file():
        raise PolisInputError(f"{path}: file not found")
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            fieldnames = next(csv.reader(handle), [])
    except (csv.Error, UnicodeDecodeError) as error:
        raise PolisInputError(f"{path}: not a readable CSV file ({error})") from error
    missing = [c for c in required if c not in fieldnames]
    if missing:
        raise PolisInputError(f"{path}: missing column(s) {', '.join(missing)}")
    return fieldnames


def _read_votes_by_row(path: Path) -> Votes:
    rows = _rows(path, ("voter-id", "comment-id", "vote"))
    participant, statement, value, timestamp = [], [], [], []
    has_time = bool(rows) and "timestamp" in rows[0]
    for line, row in enumerate(rows, start=2):
        participant.append(_int(path, line, "voter-id", row["voter-id"]))
        statement.append(_int(path, line, "comment-id", row["comment-id"]))
        vote = _int(path, line, "vote", row["vote"])
        if vote not in (-1, 0, 1):
            raise PolisInputError(f"{path}, line {line}: vote {vote} is not -1, 0 or 1")
        value.append(vote)
        if has_time:
            timestamp.append(float(_int(path, line, "timestamp", row["timestamp"])))
    return Votes(
        participant=np.asarray(participant, dtype=np.int64),
        statement=np.asarray(statement, dtype=np.int64),
        value=np.asarray(value, dtype=np.int8),
        timestamp=np.asarray(timestamp, dtype=np.float64) if has_time else None,
    )


def read_statements(path: Path) -> Statements:
    rows = _rows(path, ("comment-id", "moderated"))
    ids = [_int(path, line, "comment-id", r["comment-id"]) for line, r in enumerate(rows, start=2)]
    moderated = [
        _int(path, line, "moderated", r["moderated"]) for line, r in enumerate(rows, start=2)
    ]
    return Statements.from_moderation(ids, moderated)


def read_export(folder: Path) -> tuple[Votes, Statements]:
    """Votes and moderation from a Pol.is export folder."""
    if not folder.is_dir():
        raise PolisInputError(f"{folder}: not a folder")
    return read_votes(folder / "votes.csv"), read_statements(folder / "comments.csv")
