"""A volunteer's link code comes with a "send in LINE" link: sending its text links the chat, so
nobody types the code."""

from __future__ import annotations

import re
from urllib.parse import unquote

from phalang.aid.models import VolunteerProfile
from tests.chat.helpers import line_send
from tests.fakes import line as fl


def test_the_link_code_opens_line_with_the_command_and_links_the_chat(client, settings, channels,  # type: ignore[no-untyped-def]
                                                                       make_volunteer) -> None:
    line, _tg, _sms = channels
    settings.LINE_BASIC_ID = "@phalang"
    vol = make_volunteer()
    client.force_login(vol.user)
    assert "oaMessage" not in client.get("/aid/tasks/").content.decode()  # no code asked for yet
    page = client.post("/aid/tasks/", {"link": "1"}).content.decode()
    url = re.search(r'id="link-line" href="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    text = unquote(url.split("/?", 1)[1])
    code = re.search(r'<code class="secret">(\d+)</code>', page).group(1)  # type: ignore[union-attr]
    assert text == f"เชื่อมบัญชี {code}"
    line_send(client, fl.user_id(), text=text)
    assert VolunteerProfile.objects.get(pk=vol.pk).chat_channel == "line"
    assert "เชื่อม" in line.texts()[-1]
