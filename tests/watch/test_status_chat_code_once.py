"""Code review: since /status/ became post/redirect/get, every GET (a reload, Back) of the case
page minted another live "open this case in the chat" code. The code is a key to the case's
status in the chat for 15 minutes, so a page reloaded twenty times left twenty live keys. Now the
POST that finds the case makes one code, and every GET of that visit shows the same one."""

from __future__ import annotations

import re

import pytest

from phalang.watch import chatlink
from tests.watch.cases import cast, resolved_case  # noqa: F401

CODE = re.compile(r"start=follow-([A-Za-z0-9_-]+)")


@pytest.fixture
def chat_named(settings):  # type: ignore[no-untyped-def]
    settings.TELEGRAM_BOT_USERNAME = "phalang_test_bot"
    settings.LINE_BASIC_ID = "@123abcde"


@pytest.fixture
def minted(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    codes: list[str] = []
    real = chatlink.new_code

    def counting(report):  # type: ignore[no-untyped-def]
        codes.append(real(report))
        return codes[-1]

    monkeypatch.setattr(chatlink, "new_code", counting)
    return codes


def _code(page: str) -> str:
    found = CODE.findall(page)
    assert found, "the status page shows no chat link"
    return str(found[0])


def test_reloading_the_case_page_shows_the_same_code(client, gazetteer, cast, chat_named, minted) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    report, receipt = resolved_case(cast)
    assert client.post("/status/", {"receipt": receipt}).status_code == 303
    pages = [client.get("/status/").content.decode() for _ in range(5)]
    codes = {_code(page) for page in pages}
    assert len(codes) == 1 and len(minted) == 1
    assert chatlink.report_for(codes.pop()) == report


def test_each_post_makes_one_new_code(client, gazetteer, cast, chat_named, minted) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _report, receipt = resolved_case(cast)
    client.post("/status/", {"receipt": receipt})
    first = _code(client.get("/status/").content.decode())
    client.post("/status/", {"receipt": receipt, "message": "ยังมีน้ำขังอยู่หน้าร้านที่สาม"})
    second = _code(client.get("/status/").content.decode())
    assert first != second and len(minted) == 2
    assert _code(client.get("/status/").content.decode()) == second


def test_done_forgets_the_code_with_the_case(client, gazetteer, cast, chat_named) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _report, receipt = resolved_case(cast)
    client.post("/status/", {"receipt": receipt})
    client.post("/status/", {"action": "done"})
    assert not CODE.findall(client.get("/status/").content.decode())


def test_no_chat_named_no_code(client, gazetteer, cast, minted, settings) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    settings.TELEGRAM_BOT_USERNAME = settings.LINE_BASIC_ID = ""
    _report, receipt = resolved_case(cast)
    client.post("/status/", {"receipt": receipt})
    assert 'id="status"' in client.get("/status/").content.decode() and minted == []
