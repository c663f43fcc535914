"""`phalang polis import` and `export` round-trip a real Pol.is conversation."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.management import call_command

from phalang.deliberation.models import Conversation
from phalang.engines.polis import analyze, read_export

pytestmark = pytest.mark.django_db


def vote_rows(folder: Path) -> list[tuple[str, str, str, str]]:
    with (folder / "votes.csv").open(encoding="utf-8") as f:
        return [(r["timestamp"], r["comment-id"], r["voter-id"], r["vote"]) for r in csv.DictReader(f)]


def comment_rows(folder: Path) -> set[tuple[str, str, str, str]]:
    with (folder / "comments.csv").open(encoding="utf-8") as f:
        return {(r["comment-id"], r["author-id"], r["moderated"], r["comment-body"]) for r in csv.DictReader(f)}


def test_import_export_reimport_gives_the_same_conversation(shared_data, tmp_path) -> None:  # type: ignore[no-untyped-def]
    original = shared_data / "polis" / "brexit-consensus"
    call_command("polis", "import", str(original))
    first = Conversation.objects.get()
    assert first.topic == "Can there be consensus on Brexit?"
    assert "Computational Democracy Project" in first.attribution
    assert first.votes.count() == len(vote_rows(original))

    call_command("polis", "export", str(first.pk), str(tmp_path / "out"))
    exported = tmp_path / "out"
    assert sorted(vote_rows(exported)) == sorted(vote_rows(original))
    assert comment_rows(exported) == comment_rows(original)

    call_command("polis", "import", str(exported))
    second = Conversation.objects.exclude(pk=first.pk).get()
    call_command("polis", "export", str(second.pk), str(tmp_path / "again"))
    assert vote_rows(tmp_path / "again") == vote_rows(exported)
    assert comment_rows(tmp_path / "again") == comment_rows(exported)

    # The engine sees the same conversation in both folders.
    assert analyze(*read_export(exported)).to_dict() == analyze(*read_export(original)).to_dict()


def test_import_refuses_a_bad_vote_with_the_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "comments.csv").write_text("comment-id,moderated,comment-body\n0,1,hello there\n")
    (tmp_path / "votes.csv").write_text("timestamp,comment-id,voter-id,vote\n1000,0,1,1\n1001,0,2,7\n")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="line 3"):
        call_command("polis", "import", str(tmp_path))
    assert not Conversation.objects.exists()
