"""LINE's rich menu: the menu under the chat's text box, made by the project and set up through the
Messaging API (``phalang line setup``, in the chat: it knows which actions the flows offer).

The image is drawn here with Pillow at LINE's full size (2500 x 1686: developers.line.biz/en/
reference/messaging-api/#upload-rich-menu-image; PNG or JPEG, at most 1 MB), in the Sarabun font
the site and the PDFs already ship (static/phalang/fonts, SIL OFL): one tile per action, its
Thai label large. Each tile is a postback with the same payload as the chat's menu buttons, so a
tap and a typed keyword do the same thing.

Set-up is idempotent. The menu's name carries a digest of its actions and image: a re-run with
nothing changed reuses the menu (uploading the image only if an earlier run stopped before it),
and menus of earlier versions are deleted once the new one is the default, so they never pile up.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from django.conf import settings

from phalang.messaging import line

if TYPE_CHECKING:
    import urllib3
    from PIL import ImageFont

WIDTH, HEIGHT = 2500, 1686  # LINE's large rich menu
MAX_BYTES = 1024 * 1024  # LINE refuses a larger image
MAX_AREAS = 20  # LINE's limit of tappable areas
NAME_PREFIX = "phalang "  # menus this command owns; others on the channel are left alone
CHAT_BAR_TEXT = "เมนู"  # the bar that opens the menu (at most 14 characters)
FONTS = Path(__file__).resolve().parent.parent / "static" / "phalang" / "fonts"
# The site's green and a lighter tint, alternating like a chequerboard so neighbours differ.
TILES = ("#0b6e4f", "#13855f")
INK = "#ffffff"


@dataclass(frozen=True)
class Item:
    label: str  # Thai, shown on the tile and as the person's message when tapped
    payload: str  # the chat's postback data (act=report, ...)


def grid(n: int) -> tuple[int, int]:
    """Columns and rows for ``n`` tiles: two rows of up to four, one row for three or fewer."""
    if n <= 3:
        return max(n, 1), 1
    cols = (n + 1) // 2
    return cols, 2


def bounds(n: int) -> list[tuple[int, int, int, int]]:
    """(x, y, width, height) of each tile, left to right then top to bottom, covering the image."""
    cols, rows = grid(n)
    out = []
    for i in range(n):
        c, r = i % cols, i // cols
        x0, x1 = WIDTH * c // cols, WIDTH * (c + 1) // cols
        y0, y1 = HEIGHT * r // rows, HEIGHT * (r + 1) // rows
        out.append((x0, y0, x1 - x0, y1 - y0))
    return out


@functools.cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    # FreeType reads the WOFF2 the site ships; with libraqm, Thai vowels and tone marks are placed
    # as in any Thai text (Pillow falls back to basic layout without it).
    return ImageFont.truetype(str(FONTS / "sarabun-thai-700-normal.woff2"), size)


def _fit(labels: list[str], width: int) -> ImageFont.FreeTypeFont:
    """One font size for every tile (mixed sizes read as mixed importance): the largest, up to
    130 px, at which the longest label fits in ``width``."""
    size = 130
    while size > 40 and max(_font(size).getlength(label) for label in labels) > width:
        size -= 4
    return _font(size)


def draw(items: list[Item]) -> bytes:
    """The menu image as PNG: a tile per item, its label centred."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), TILES[0])
    pen = ImageDraw.Draw(image)
    cols, _rows = grid(len(items))
    font = _fit([it.label for it in items], WIDTH // cols - 60)
    for i, (item, (x, y, w, h)) in enumerate(zip(items, bounds(len(items)), strict=True)):
        pen.rectangle((x, y, x + w - 1, y + h - 1), fill=TILES[(i % cols + i // cols) % 2])
        pen.rectangle((x, y, x + w - 1, y + h - 1), outline="#ffffff", width=4)
        pen.text((x + w / 2, y + h / 2), item.label, font=font, fill=INK, anchor="mm")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    data = out.getvalue()
    if len(data) > MAX_BYTES:
        raise ValueError(f"rich menu image is {len(data)} bytes; LINE takes at most {MAX_BYTES}")
    return data


def request(items: list[Item], image: bytes) -> dict[str, Any]:
    """The rich menu object (developers.line.biz/en/reference/messaging-api/#rich-menu-object)."""
    if not 1 <= len(items) <= MAX_AREAS:
        raise ValueError(f"a rich menu has 1 to {MAX_AREAS} areas, not {len(items)}")
    areas = [{"bounds": {"x": x, "y": y, "width": w, "height": h},
              "action": {"type": "postback", "label": it.label[:line.LABEL_MAX], "data": it.payload,
                         "displayText": it.label}}
             for it, (x, y, w, h) in zip(items, bounds(len(items)), strict=True)]
    digest = hashlib.sha256(json.dumps(areas, sort_keys=True).encode() + image).hexdigest()[:16]
    return {"size": {"width": WIDTH, "height": HEIGHT}, "selected": False, "name": NAME_PREFIX + digest,
            "chatBarText": CHAT_BAR_TEXT, "areas": areas}


@dataclass
class Outcome:
    menu_id: str = ""
    created: bool = False
    uploaded: bool = False
    deleted: list[str] = field(default_factory=list)
    webhook_endpoint: str = ""
    webhook_active: bool = False
    webhook_ok: bool = False
    webhook_detail: str = ""


@functools.cache
def _http() -> urllib3.PoolManager:
    import urllib3

    return urllib3.PoolManager(timeout=urllib3.Timeout(connect=5, read=30), retries=False)


def _data_api(method: str, path: str, body: bytes | None = None, content_type: str = "") -> tuple[int, bytes]:
    """The data API (api-data.line.me) by plain HTTP: the SDK's blob client ignores the configured
    host, so it could not be pointed at a test server or a proxy."""
    headers = {"Authorization": f"Bearer {settings.LINE_CHANNEL_ACCESS_TOKEN}"}
    if content_type:
        headers["Content-Type"] = content_type
    resp = _http().request(method, f"{settings.LINE_DATA_API_BASE}{path}", body=body, headers=headers)
    return resp.status, bytes(resp.data)


def setup(items: list[Item]) -> Outcome:
    """Create (or reuse) the menu, upload its image, make it the default and delete older
    versions. Raises the SDK's ApiException (or RuntimeError for the data API) when LINE refuses
    a step; a re-run picks up where it stopped."""
    from linebot.v3.messaging import RichMenuRequest

    image = draw(items)
    wanted = request(items, image)
    api = line._api()
    out = Outcome()
    ours = [m for m in api.get_rich_menu_list(_request_timeout=line.TIMEOUT).richmenus
            if m.name.startswith(NAME_PREFIX)]
    same = [m for m in ours if m.name == wanted["name"]]
    if same:
        out.menu_id = same[0].rich_menu_id
        status, _body = _data_api("GET", f"/v2/bot/richmenu/{quote(out.menu_id, safe='')}/content")
        need_image = status == 404
    else:
        created = api.create_rich_menu(RichMenuRequest.from_dict(wanted), _request_timeout=line.TIMEOUT)
        out.menu_id, out.created, need_image = created.rich_menu_id, True, True
    if need_image:
        status, body = _data_api("POST", f"/v2/bot/richmenu/{quote(out.menu_id, safe='')}/content", image, "image/png")
        if status != 200:
            raise RuntimeError(f"rich menu image upload: HTTP {status} {body[:300].decode('utf-8', 'replace')}")
        out.uploaded = True
    api.set_default_rich_menu(out.menu_id, _request_timeout=line.TIMEOUT)
    for m in ours:
        if m.rich_menu_id != out.menu_id:
            api.delete_rich_menu(m.rich_menu_id, _request_timeout=line.TIMEOUT)
            out.deleted.append(m.rich_menu_id)
    return out


def check_webhook(out: Outcome) -> Outcome:
    """The webhook URL LINE has, whether it is on, and LINE's test call to it (a signed webhook
    with no events, developers.line.biz/en/reference/messaging-api/#test-webhook-endpoint)."""
    from linebot.v3.messaging import TestWebhookEndpointRequest

    api = line._api()
    endpoint = api.get_webhook_endpoint(_request_timeout=line.TIMEOUT)
    out.webhook_endpoint, out.webhook_active = endpoint.endpoint, bool(endpoint.active)
    tested = api.test_webhook_endpoint(TestWebhookEndpointRequest(), _request_timeout=line.TIMEOUT)
    out.webhook_ok = bool(tested.success)
    out.webhook_detail = f"HTTP {tested.status_code} {tested.reason} {tested.detail}".strip()
    return out
