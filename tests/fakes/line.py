"""A fake LINE Platform: the Messaging API and its data API on one loopback URL, plus signed
webhook bodies and event builders shaped like LINE's (developers.line.biz/en/reference/
messaging-api/#webhook-event-objects).

The fake behaves like LINE where our code depends on it: a reply token works once (400
"Invalid reply token" after), a repeated X-Line-Retry-Key answers 409 and sends nothing (and a
key that is not a UUID answers 400; developers.line.biz/en/docs/messaging-api/retrying-api-request/),
a wrong channel access token answers 401, and too many requests per second answer 429.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import time
import uuid
from typing import Any

from tests.fakes.server import Answer, FakeServer

_AUTH_FAILED = {
    "message": "Authentication failed. Confirm that the access token in the authorization "
    "header is valid."
}
_PROFILE = re.compile(r"^/v2/bot/profile/([^/]+)$")
_CONTENT = re.compile(r"^/v2/bot/message/([^/]+)/content$")
_RICH_MENU = re.compile(r"^/v2/bot/richmenu/(richmenu-[0-9a-f]{32}|[^/]+)$")
_RICH_MENU_IMAGE = re.compile(r"^/v2/bot/richmenu/([^/]+)/content$")
_DEFAULT_RICH_MENU = re.compile(r"^/v2/bot/user/all/richmenu/([^/]+)$")
_SEND = ("push", "multicast", "narrowcast", "broadcast")


def _error(message: str, details: list[dict[str, str]] | None = None, status: int = 400) -> Answer:
    return Answer(status, {"message": message, **({"details": details} if details else {})})


def _check_messages(data: Any, recipient: str | None) -> list[dict[str, str]]:
    """LINE's validation, as far as our messages go: what it would list under "details"."""
    if not isinstance(data, dict):
        return [{"message": "must be a JSON object", "property": ""}]
    problems = []
    if recipient == "to" and not isinstance(data.get("to"), str):
        problems.append({"message": "must be specified", "property": "to"})
    if recipient == "to[]":
        to = data.get("to")
        if not isinstance(to, list) or not 1 <= len(to) <= 500:
            problems.append({"message": "size must be between 1 and 500", "property": "to"})
    messages = data.get("messages")
    if not isinstance(messages, list) or not 1 <= len(messages) <= 5:
        return [*problems, {"message": "size must be between 1 and 5", "property": "messages"}]
    for i, message in enumerate(messages):
        if not isinstance(message, dict) or "type" not in message:
            problems.append({"message": "must be specified", "property": f"messages[{i}].type"})
        elif message["type"] == "text":
            text = message.get("text")
            if not isinstance(text, str) or not 1 <= len(text) <= 5000:
                problems.append({"message": "length must be between 1 and 5000",
                                 "property": f"messages[{i}].text"})
        elif message["type"] == "flex":
            problems += _check_flex(message, f"messages[{i}]")
    return problems


_ACTION_TYPES = {"postback", "message", "uri", "clipboard", "datetimepicker", "camera", "cameraRoll", "location",
                 "richmenuswitch"}


def _check_flex(message: dict[str, Any], where: str) -> list[dict[str, str]]:
    """LINE's checks of a Flex Message, as far as our cards go (developers.line.biz/en/reference/
    messaging-api/#flex-message): alt text, a bubble or carousel, non-empty texts, and actions'
    limits (label 20, postback data 300, clipboard text 1000 characters, an https/line/tel URI)."""
    problems = []
    alt = message.get("altText")
    if not isinstance(alt, str) or not 1 <= len(alt) <= 400:
        problems.append({"message": "length must be between 1 and 400", "property": f"{where}.altText"})
    contents = message.get("contents")
    if not isinstance(contents, dict) or contents.get("type") not in ("bubble", "carousel"):
        return [*problems, {"message": "must be specified", "property": f"{where}.contents"}]

    def walk(node: Any, path: str) -> None:
        if isinstance(node, list):
            for j, item in enumerate(node):
                walk(item, f"{path}[{j}]")
            return
        if not isinstance(node, dict):
            return
        if node.get("type") == "text" and not node.get("text") and not node.get("contents"):
            problems.append({"message": "must be specified", "property": f"{path}.text"})
        if node.get("type") == "button" and not isinstance(node.get("action"), dict):
            problems.append({"message": "must be specified", "property": f"{path}.action"})
        action = node.get("action")
        if isinstance(action, dict):
            apath = f"{path}.action"
            if action.get("type") not in _ACTION_TYPES:
                problems.append({"message": "invalid action type", "property": f"{apath}.type"})
            label = action.get("label")
            if label is not None and not (isinstance(label, str) and 1 <= len(label) <= 20):
                problems.append({"message": "length must be between 1 and 20", "property": f"{apath}.label"})
            if action.get("type") == "postback" and not (isinstance(action.get("data"), str)
                                                         and 1 <= len(action["data"]) <= 300):
                problems.append({"message": "length must be between 1 and 300", "property": f"{apath}.data"})
            if action.get("type") == "clipboard" and not (isinstance(action.get("clipboardText"), str)
                                                          and 1 <= len(action["clipboardText"]) <= 1000):
                problems.append({"message": "length must be between 1 and 1000",
                                 "property": f"{apath}.clipboardText"})
            if action.get("type") == "uri" and not re.match(r"^(https?|line|tel):", str(action.get("uri", ""))):
                problems.append({"message": "invalid uri scheme", "property": f"{apath}.uri"})
        for key, value in node.items():
            if key != "action":
                walk(value, f"{path}.{key}")

    walk(contents, f"{where}.contents")
    return problems


class FakeLineServer(FakeServer):
    """Serves /v2/bot/message/{reply,push,multicast,narrowcast,broadcast}, message content and
    profiles. `.replies`, `.pushes`, `.multicasts`, `.narrowcasts` and `.broadcasts` hold the
    JSON bodies LINE accepted, once each."""

    def __init__(self, access_token: str = "test-line-access-token", *,
                 rate_limit_per_s: float | None = None) -> None:
        super().__init__(rate_limit_per_s=rate_limit_per_s)
        self.access_token = access_token
        self._sent: dict[str, list[Any]] = {kind: [] for kind in ("reply", *_SEND)}
        self._accepted: list[Any] = []  # every accepted body, all kinds, in arrival order
        self._used_reply_tokens: set[str] = set()
        self._retry_keys: dict[str, tuple[str, Any]] = {}  # key -> (request id, answer body)
        self._content: dict[str, tuple[bytes, str]] = {}
        self._profiles: dict[str, dict[str, str]] = {}
        # The month's message quota (None: unlimited) and what was used of it, for /quota.
        self.quota: int | None = None
        self.quota_used = 0
        # Rich menus (id -> object), their images, the default; the webhook URL set in the
        # console, and the channel secret the webhook test signs its request with.
        self.rich_menus: dict[str, dict[str, Any]] = {}
        self.rich_menu_images: dict[str, bytes] = {}
        self.default_rich_menu: str | None = None
        self.webhook_endpoint = ""
        self.webhook_active = True
        self.channel_secret = ""

    # --- set-up by the test ---------------------------------------------------------------------

    def add_content(self, message_id: str, data: bytes, content_type: str = "image/jpeg") -> None:
        """Bytes served for GET /v2/bot/message/{message_id}/content (an image a user sent)."""
        with self._lock:
            self._content[str(message_id)] = (data, content_type)

    def set_profile(self, user_id: str, display_name: str, language: str = "th") -> None:
        with self._lock:
            self._profiles[user_id] = {"displayName": display_name, "language": language}

    # --- what LINE accepted -----------------------------------------------------------------

    def _list(self, kind: str) -> list[Any]:
        with self._lock:
            return list(self._sent[kind])

    @property
    def replies(self) -> list[Any]:
        return self._list("reply")

    @property
    def pushes(self) -> list[Any]:
        return self._list("push")

    @property
    def multicasts(self) -> list[Any]:
        return self._list("multicast")

    @property
    def narrowcasts(self) -> list[Any]:
        return self._list("narrowcast")

    @property
    def broadcasts(self) -> list[Any]:
        return self._list("broadcast")

    def recipients(self) -> list[str]:
        """Every user a push or multicast was accepted for, once per acceptance, in order."""
        with self._lock:
            return [to for body in self._accepted if "replyToken" not in body
                    for to in (body["to"] if isinstance(body.get("to"), list) else [body.get("to")])
                    if to is not None]

    def texts(self) -> list[str]:
        """The text of every accepted text message, replies and sends alike, in order."""
        with self._lock:
            return [m["text"] for body in self._accepted for m in body["messages"]
                    if m.get("type") == "text"]

    def flex(self) -> list[dict[str, Any]]:
        """Every accepted Flex Message, replies and sends alike, in order."""
        with self._lock:
            return [m for body in self._accepted for m in body["messages"] if m.get("type") == "flex"]

    def clear(self) -> None:
        with self._lock:
            super().clear()
            self._accepted.clear()
            for kind in self._sent.values():
                kind.clear()

    # --- the API --------------------------------------------------------------------------

    def rate_limited(self) -> Answer:
        return _error("The API rate limit has been exceeded. Try again later.", status=429)

    def route(self, method: str, path: str, headers: dict[str, str], body: bytes,
              data: Any) -> Answer:
        if headers.get("authorization") != f"Bearer {self.access_token}":
            return Answer(401, _AUTH_FAILED)
        path = path.split("?", 1)[0]
        if method == "POST" and path == "/v2/bot/message/reply":
            return self._reply(data)
        if method == "GET" and path == "/v2/bot/message/quota":
            return Answer(200, {"type": "limited", "value": self.quota} if self.quota is not None else {"type": "none"})
        if method == "GET" and path == "/v2/bot/message/quota/consumption":
            return Answer(200, {"totalUsage": self.quota_used})
        if method == "POST" and path.startswith("/v2/bot/message/"):
            kind = path.rsplit("/", 1)[1]
            if kind in _SEND:
                return self._send(kind, headers, data)
        if "/richmenu" in path or path.startswith("/v2/bot/channel/webhook/"):
            return self._rich_menu_api(method, path, headers, body, data)
        if method == "GET" and (match := _CONTENT.match(path)):
            if match[1] not in self._content:
                return _error("Not found", status=404)
            data_bytes, content_type = self._content[match[1]]
            return Answer(200, data_bytes, content_type=content_type)
        if method == "GET" and (match := _PROFILE.match(path)):
            user_id = match[1]
            profile = self._profiles.get(user_id, {"displayName": f"ผู้ใช้ {user_id[-4:]}",
                                                     "language": "th"})
            return Answer(200, {"userId": user_id, **profile,
                                "pictureUrl": f"https://profile.line-scdn.net/{user_id}"})
        return _error("Not found", status=404)

    def _rich_menu_api(self, method: str, path: str, headers: dict[str, str], body: bytes, data: Any) -> Answer:
        """Rich menus and the webhook endpoint (developers.line.biz/en/reference/messaging-api/
        #rich-menu, #get-webhook-endpoint-information, #test-webhook-endpoint). The image routes
        live on api-data.line.me in LINE; here one server is both."""
        if method == "POST" and path == "/v2/bot/richmenu":
            problems = _check_rich_menu(data)
            if problems:
                return _error(f"The request body has {len(problems)} error(s)", problems)
            menu_id = "richmenu-" + secrets.token_hex(16)
            self.rich_menus[menu_id] = {"richMenuId": menu_id, **data}
            return Answer(200, {"richMenuId": menu_id})
        if method == "GET" and path == "/v2/bot/richmenu/list":
            return Answer(200, {"richmenus": list(self.rich_menus.values())})
        if method == "GET" and path == "/v2/bot/user/all/richmenu":
            if self.default_rich_menu is None:
                return _error("no default richmenu", status=404)
            return Answer(200, {"richMenuId": self.default_rich_menu})
        if (match := _RICH_MENU_IMAGE.match(path)) and method in ("GET", "POST"):
            menu_id = match[1]
            if menu_id not in self.rich_menus:
                return _error("Not found", status=404)
            if method == "GET":
                if menu_id not in self.rich_menu_images:
                    return _error("Not found", status=404)
                return Answer(200, self.rich_menu_images[menu_id], content_type="image/png")
            return self._rich_menu_image(menu_id, headers, body)
        if (match := _DEFAULT_RICH_MENU.match(path)) and method == "POST":
            if match[1] not in self.rich_menus:
                return _error("richmenu not found", status=404)
            if match[1] not in self.rich_menu_images:
                return _error("must upload richmenu image before applying it to user")
            self.default_rich_menu = match[1]
            return Answer(200, {})
        if (match := _RICH_MENU.match(path)) and method in ("GET", "DELETE"):
            if match[1] not in self.rich_menus:
                return _error("Not found", status=404)
            if method == "GET":
                return Answer(200, self.rich_menus[match[1]])
            del self.rich_menus[match[1]]
            self.rich_menu_images.pop(match[1], None)
            if self.default_rich_menu == match[1]:
                self.default_rich_menu = None
            return Answer(200, {})
        if path == "/v2/bot/channel/webhook/endpoint" and method == "GET":
            if not self.webhook_endpoint:
                return _error("Not found", status=404)
            return Answer(200, {"endpoint": self.webhook_endpoint, "active": self.webhook_active})
        if path == "/v2/bot/channel/webhook/endpoint" and method == "PUT":
            if not isinstance(data, dict) or not str(data.get("endpoint", "")).startswith("https://"):
                return _error("Invalid webhook endpoint URL")
            self.webhook_endpoint = data["endpoint"]
            return Answer(200, {})
        if path == "/v2/bot/channel/webhook/test" and method == "POST":
            return self._test_webhook(str((data or {}).get("endpoint") or self.webhook_endpoint))
        return _error("Not found", status=404)

    def _rich_menu_image(self, menu_id: str, headers: dict[str, str], body: bytes) -> Answer:
        if headers.get("content-type") not in ("image/png", "image/jpeg"):
            return Answer(415, {"message": "Unsupported media type"})
        if menu_id in self.rich_menu_images:
            return _error("An image has already been uploaded to the richmenu")
        if len(body) > 1024 * 1024:
            return _error("The image exceeds the maximum size of 1MB", status=413)
        size = _png_size(body) if headers["content-type"] == "image/png" else None
        menu = self.rich_menus[menu_id]["size"]
        if size != (menu["width"], menu["height"]):
            return _error("The image size does not match the rich menu size")
        self.rich_menu_images[menu_id] = body
        return Answer(200, {})

    def _test_webhook(self, endpoint: str) -> Answer:
        """LINE sends a signed webhook with no events to the endpoint and says how it answered."""
        import datetime
        import urllib.error
        import urllib.request

        if not endpoint:
            return _error("The webhook URL is not set")
        body = webhook_body([])
        request = urllib.request.Request(endpoint, body, method="POST", headers={
            "Content-Type": "application/json", "X-Line-Signature": line_signature(self.channel_secret, body)})
        try:
            with urllib.request.urlopen(request, timeout=10) as resp:
                status = resp.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except OSError:
            status = 0
        reason = "OK" if status == 200 else "COULD_NOT_CONNECT" if status == 0 else "ERROR_STATUS_CODE"
        at = datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        return Answer(200, {"success": status == 200, "timestamp": at, "statusCode": status, "reason": reason,
                            "detail": str(status)})

    def _reply(self, data: Any) -> Answer:
        problems = _check_messages(data, None)
        token = data.get("replyToken") if isinstance(data, dict) else None
        if not isinstance(token, str) or not token:
            problems.append({"message": "must be specified", "property": "replyToken"})
        if problems or not isinstance(token, str):
            return _error(f"The request body has {len(problems)} error(s)", problems)
        if token in self._used_reply_tokens:
            return _error("Invalid reply token")
        self._used_reply_tokens.add(token)
        self._sent["reply"].append(data)
        self._accepted.append(data)
        return Answer(200, {"sentMessages": _sent_messages(data)})

    def _send(self, kind: str, headers: dict[str, str], data: Any) -> Answer:
        recipient = {"push": "to", "multicast": "to[]"}.get(kind)
        problems = _check_messages(data, recipient)
        if problems:
            return _error(f"The request body has {len(problems)} error(s)", problems)
        key = headers.get("x-line-retry-key")
        if key is not None and not _is_uuid(key):
            return _error("The value for the 'X-Line-Retry-Key' header is invalid")
        if key and key in self._retry_keys:
            request_id, accepted = self._retry_keys[key]
            return Answer(409, {"message": "The retry key is already accepted", **accepted},
                          {"x-line-accepted-request-id": request_id})
        request_id = secrets.token_hex(16)
        answer_body = {"sentMessages": _sent_messages(data)} if kind == "push" else {}
        if key:
            self._retry_keys[key] = (request_id, answer_body)
        self._sent[kind].append(data)
        self._accepted.append(data)
        status = 202 if kind == "narrowcast" else 200
        return Answer(status, answer_body, {"x-line-request-id": request_id})


def _check_rich_menu(data: Any) -> list[dict[str, str]]:
    """LINE's checks of a rich menu object: size (width 800-2500, height at least 250, width/height
    at least 1.45), name (300), chat bar text (14), 1-20 areas inside the image, valid actions."""
    if not isinstance(data, dict):
        return [{"message": "must be a JSON object", "property": ""}]
    problems = []
    size = data.get("size") or {}
    width, height = size.get("width"), size.get("height")
    if not (isinstance(width, int) and isinstance(height, int) and 800 <= width <= 2500 and height >= 250
            and width / height >= 1.45):
        problems.append({"message": "invalid size", "property": "size"})
        width, height = 0, 0
    if not isinstance(data.get("selected"), bool):
        problems.append({"message": "must be specified", "property": "selected"})
    if not isinstance(data.get("name"), str) or not 1 <= len(data["name"]) <= 300:
        problems.append({"message": "length must be between 1 and 300", "property": "name"})
    if not isinstance(data.get("chatBarText"), str) or not 1 <= len(data["chatBarText"]) <= 14:
        problems.append({"message": "length must be between 1 and 14", "property": "chatBarText"})
    areas = data.get("areas")
    if not isinstance(areas, list) or not 1 <= len(areas) <= 20:
        return [*problems, {"message": "size must be between 1 and 20", "property": "areas"}]
    for i, area in enumerate(areas):
        b = (area or {}).get("bounds") or {}
        x, y, w, h = (b.get(k) for k in ("x", "y", "width", "height"))
        if not all(isinstance(v, int) for v in (x, y, w, h)) or x < 0 or y < 0 or w <= 0 or h <= 0 \
                or x + w > width or y + h > height:
            problems.append({"message": "must be inside the rich menu", "property": f"areas[{i}].bounds"})
        action = (area or {}).get("action")
        if not isinstance(action, dict):
            problems.append({"message": "must be specified", "property": f"areas[{i}].action"})
            continue
        problems += _check_flex({"altText": "-", "contents": {"type": "bubble", "body": {"action": action}}},
                                f"areas[{i}]")
    return problems


def _png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's IHDR chunk; None if it is not a PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _is_uuid(value: str) -> bool:
    """LINE takes a retry key only as a hexadecimal UUID with hyphens."""
    try:
        return str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


def _sent_messages(data: dict[str, Any]) -> list[dict[str, str]]:
    return [{"id": str(secrets.randbelow(10**18)), "quoteToken": secrets.token_urlsafe(24)}
            for _ in data["messages"]]


# --- webhooks -------------------------------------------------------------------------------


def line_signature(channel_secret: str, body: bytes) -> str:
    """The X-Line-Signature LINE sends: base64 of HMAC-SHA256(channel secret, body)."""
    digest = hmac.new(channel_secret.encode(), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def webhook_body(events: list[dict[str, Any]], destination: str | None = None) -> bytes:
    """A webhook request body as LINE sends it (UTF-8 JSON, Thai left unescaped)."""
    payload = {"destination": destination or "U" + "0" * 32, "events": events}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def signed_webhook(channel_secret: str, events: list[dict[str, Any]]) -> tuple[bytes, dict[str, str]]:
    """(body, headers) ready to POST to our webhook endpoint."""
    body = webhook_body(events)
    return body, {"Content-Type": "application/json",
                  "X-Line-Signature": line_signature(channel_secret, body)}


def user_id() -> str:
    """A LINE user ID: U followed by 32 hex digits."""
    return "U" + secrets.token_hex(16)


def message_id() -> str:
    return str(secrets.randbelow(10**17) + 10**17)


_ULID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _ulid() -> str:
    # webhookEventId is a ULID: 48-bit millisecond time then 80 random bits, Crockford base32.
    value = (int(time.time() * 1000) << 80) | secrets.randbits(80)
    return "".join(_ULID_ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(26)))


def _event(kind: str, user: str | None, reply_token: str | bool | None, redelivery: bool,
           timestamp: int | None, webhook_event_id: str | None) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": kind,
        "mode": "active",
        "timestamp": timestamp if timestamp is not None else int(time.time() * 1000),
        "source": {"type": "user", "userId": user or user_id()},
        "webhookEventId": webhook_event_id or _ulid(),
        "deliveryContext": {"isRedelivery": redelivery},
    }
    if reply_token is not False:
        event["replyToken"] = reply_token or secrets.token_hex(16)
    return event


def text_event(text: str, *, user: str | None = None, reply_token: str | None = None,
               redelivery: bool = False, timestamp: int | None = None,
               webhook_event_id: str | None = None, message: str | None = None) -> dict[str, Any]:
    event = _event("message", user, reply_token, redelivery, timestamp, webhook_event_id)
    event["message"] = {"type": "text", "id": message or message_id(), "text": text,
                        "quoteToken": secrets.token_urlsafe(24)}
    return event


def image_event(*, message: str | None = None, user: str | None = None,
                reply_token: str | None = None, redelivery: bool = False,
                timestamp: int | None = None, webhook_event_id: str | None = None,
                image_set: tuple[str, int, int] | None = None) -> dict[str, Any]:
    """An image the user sent; fetch it from the fake with `add_content(message, ...)` first.
    `image_set` = (set id, index from 1, total) when several images were sent together."""
    event = _event("message", user, reply_token, redelivery, timestamp, webhook_event_id)
    content: dict[str, Any] = {"type": "image", "id": message or message_id(),
                               "quoteToken": secrets.token_urlsafe(24),
                               "contentProvider": {"type": "line"}}
    if image_set:
        content["imageSet"] = {"id": image_set[0], "index": image_set[1], "total": image_set[2]}
    event["message"] = content
    return event


def media_event(kind: str, *, message: str | None = None, user: str | None = None,
                file_name: str = "หลักฐาน.pdf", duration_ms: int = 15_000) -> dict[str, Any]:
    """A video, audio or file message; fetch its bytes from the fake with `add_content(message, ...)`."""
    event = _event("message", user, None, False, None, None)
    content: dict[str, Any] = {"type": kind, "id": message or message_id(), "quoteToken": secrets.token_urlsafe(24)}
    if kind in ("video", "audio"):
        content.update(duration=duration_ms, contentProvider={"type": "line"})
    if kind == "file":
        content.update(fileName=file_name, fileSize=1000)
    event["message"] = content
    return event


def sticker_event(*, user: str | None = None, package_id: str = "446", sticker_id: str = "1988") -> dict[str, Any]:
    event = _event("message", user, None, False, None, None)
    event["message"] = {"type": "sticker", "id": message_id(), "quoteToken": secrets.token_urlsafe(24),
                        "packageId": package_id, "stickerId": sticker_id, "stickerResourceType": "STATIC",
                        "keywords": ["ok"]}
    return event


def location_event(latitude: float, longitude: float, *, title: str | None = None,
                   address: str | None = None, user: str | None = None,
                   reply_token: str | None = None, redelivery: bool = False,
                   timestamp: int | None = None,
                   webhook_event_id: str | None = None) -> dict[str, Any]:
    event = _event("message", user, reply_token, redelivery, timestamp, webhook_event_id)
    content: dict[str, Any] = {"type": "location", "id": message_id(),
                               "latitude": latitude, "longitude": longitude}
    if title is not None:
        content["title"] = title
    if address is not None:
        content["address"] = address
    event["message"] = content
    return event


def postback_event(data: str, *, params: dict[str, str] | None = None, user: str | None = None,
                   reply_token: str | None = None, redelivery: bool = False,
                   timestamp: int | None = None,
                   webhook_event_id: str | None = None) -> dict[str, Any]:
    """A tap on a postback action; `params` carries a date picker's {"date": ...} and the like."""
    event = _event("postback", user, reply_token, redelivery, timestamp, webhook_event_id)
    event["postback"] = {"data": data, **({"params": params} if params else {})}
    return event


def follow_event(*, unblocked: bool = False, user: str | None = None,
                 reply_token: str | None = None, redelivery: bool = False,
                 timestamp: int | None = None,
                 webhook_event_id: str | None = None) -> dict[str, Any]:
    """A user added the official account as a friend (or unblocked it)."""
    event = _event("follow", user, reply_token, redelivery, timestamp, webhook_event_id)
    event["follow"] = {"isUnblocked": unblocked}
    return event


def unfollow_event(*, user: str | None = None, redelivery: bool = False,
                   timestamp: int | None = None,
                   webhook_event_id: str | None = None) -> dict[str, Any]:
    """A user blocked the account: LINE sends no reply token."""
    return _event("unfollow", user, False, redelivery, timestamp, webhook_event_id)
