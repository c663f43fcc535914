"""``phalang line setup`` over the fake LINE API: the rich menu is made here (an image at LINE's
size, Thai labels, one tile per action the chat routes), uploaded, made the default, and the
webhook endpoint is checked by LINE's test call reaching our real webhook. Re-running changes
nothing; a changed menu replaces the old one; a run that stopped half-way is finished."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from phalang.chat import dialog
from tests.chat.helpers import line_send
from tests.watch.conftest import LINE_SECRET

WORDS = ["แจ้งเรื่อง", "ติดตามเรื่อง", "ขอความช่วยเหลือ", "งานอาสา", "ร่วมแสดงความเห็น", "ร่วมกิจกรรม", "รับข่าว", "วิธีใช้"]


def _setup(*args: str) -> str:
    out = io.StringIO()
    call_command("line", "setup", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def line(live_server, channels):  # type: ignore[no-untyped-def]
    server = channels[0]
    server.channel_secret = LINE_SECRET
    server.webhook_endpoint = live_server.url + "/webhooks/line"
    return server


def test_setup_creates_the_menu_makes_it_default_and_checks_the_webhook(line, client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    said = _setup("--image", str(tmp_path / "menu.png"))
    (menu,) = line.rich_menus.values()
    assert [a["action"]["displayText"] for a in menu["areas"]] == WORDS
    assert menu["size"] == {"width": 2500, "height": 1686} and menu["chatBarText"] == "เมนู"
    assert line.default_rich_menu == menu["richMenuId"]
    image = line.rich_menu_images[menu["richMenuId"]]
    assert image == (tmp_path / "menu.png").read_bytes()
    assert Image.open(io.BytesIO(image)).size == (2500, 1686)
    # LINE's test call reached our webhook, signed, and it answered 200.
    assert "webhook test: HTTP 200 OK" in said and "active" in said
    # Each tile sends what the chat routes: แจ้งเรื่อง starts a report.
    data = {a["action"]["displayText"]: a["action"]["data"] for a in menu["areas"]}
    line_send(client, "U" + "1" * 32, data=data["แจ้งเรื่อง"])
    assert "เลือกประเภท" in line.texts()[-1]
    line_send(client, "U" + "1" * 32, data=data["งานอาสา"])
    assert "อาสา" in line.texts()[-1]


def test_running_setup_again_changes_nothing(line) -> None:  # type: ignore[no-untyped-def]
    _setup()
    first = dict(line.rich_menus)
    created = sum(1 for r in line.requests if r.method == "POST" and r.path == "/v2/bot/richmenu")
    said = _setup()
    assert line.rich_menus == first and line.default_rich_menu in first
    assert sum(1 for r in line.requests if r.method == "POST" and r.path == "/v2/bot/richmenu") == created
    assert "reused, image already there" in said


def test_a_changed_menu_replaces_the_old_one_and_leaves_others_alone(line, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    line.rich_menus["richmenu-" + "0" * 32] = {"richMenuId": "richmenu-" + "0" * 32, "name": "campaign menu",
                                                "size": {"width": 2500, "height": 843}, "areas": [],
                                                "selected": False, "chatBarText": "แคมเปญ"}
    _setup()
    old = line.default_rich_menu
    monkeypatch.setattr(dialog, "rich_menu", lambda: [("แจ้งเรื่อง", "act=report"), ("วิธีใช้", "act=help")])
    said = _setup()
    assert old not in line.rich_menus and "deleted 1 older menu" in said
    assert set(line.rich_menus) == {line.default_rich_menu, "richmenu-" + "0" * 32}


def test_a_run_that_stopped_before_the_image_is_finished_by_the_next(line) -> None:  # type: ignore[no-untyped-def]
    real_request = line.route

    def refuse_upload(method, path, headers, body, data):  # type: ignore[no-untyped-def]
        if path.endswith("/content") and method == "POST":
            from tests.fakes.server import Answer
            return Answer(500, {"message": "Internal Server Error"})
        return real_request(method, path, headers, body, data)

    line.route = refuse_upload
    with pytest.raises(CommandError, match="HTTP 500"):
        _setup()
    assert len(line.rich_menus) == 1 and line.default_rich_menu is None
    line.route = real_request
    said = _setup()
    (menu_id,) = line.rich_menus
    assert line.default_rich_menu == menu_id and menu_id in line.rich_menu_images
    assert "reused, image uploaded" in said


def test_a_webhook_that_refuses_line_is_reported(line) -> None:  # type: ignore[no-untyped-def]
    line.channel_secret = "not-our-secret"  # our webhook answers 401 to a bad signature
    with pytest.raises(CommandError, match="webhook test failed: HTTP 401"):
        _setup()


def test_no_webhook_url_in_the_console_is_reported_after_the_menu_is_set(line) -> None:  # type: ignore[no-untyped-def]
    line.webhook_endpoint = ""  # LINE answers 404: no URL entered in the LINE Developers console
    with pytest.raises(CommandError, match="webhook check: LINE refused"):
        _setup()
    assert line.default_rich_menu in line.rich_menus  # the menu itself is done
