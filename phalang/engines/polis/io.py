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


def _int(path: Path, line: int, column: str, text: str | None) -> int:
    try:
        return int(str(text).strip())
    except ValueError:
        raise PolisInputError(f"{path}, line {line}: {column} {text!r} is not an integer") from None


def read_votes(path: Path) -> Votes:
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
