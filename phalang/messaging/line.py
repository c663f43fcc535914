"""LINE Messaging API client, on the official line-bot-sdk (v3).

Inbound: signature check, event parsing into platform-neutral messages. Outbound: Reply API first (free),
Push API only where the deployment allows it (it costs message quota).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from django.conf import settings

from phalang.messaging.message import Incoming

if TYPE_CHECKING:
    import urllib3
    from linebot.v3.messaging import ApiClient, Configuration, Message, MessagingApi

# The SDK is imported where a message is sent or fetched, not at start-up: importing it costs
# about a second, which every command and web worker would otherwise pay (issue 19,
# docs/benchmarks.md "Command start-up").

LABEL_MAX = 20  # LINE's limit for quick-reply labels
QUICK_MAX = 13  # LINE's limit of quick-reply items
MESSAGES_MAX = 5  # LINE's limit of messages per reply or push


def signature_ok(body: bytes, signature: str) -> bool:
    secret = settings.LINE_CHANNEL_SECRET
    if not secret or not signature:
        return False
    # LINE's X-Line-Signature: base64(HMAC-SHA256(channel secret, body)), compared in constant
    # time, as the SDK's SignatureValidator does (without importing the SDK for each worker).
    expected = base64.b64encode(hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest())
    return hmac.compare_digest(expected, signature.encode("utf-8", "replace"))


@dataclass
class ParsedEvent:
    user_id: str
    reply_token: str
    incoming: Incoming | None
    file_ref: str = ""  # the platform's id of an attached photo, video, voice message or file


def parse(event: dict[str, Any]) -> ParsedEvent | None:
    source = event.get("source")
    # LINE's ids are strings ("U" and 32 hex digits): a signed event with a number or a list for
    # one is malformed, dropped here rather than failing every later step (hashing, replying).
    if not isinstance(source, dict):
        return None
    user_id = source.get("userId")
    if not isinstance(user_id, str) or not user_id or source.get("type", "user") != "user":
        return None  # group and room chats are not reporting channels
    token = event.get("replyToken")
    token = token if isinstance(token, str) else ""
    etype = event.get("type")
    if etype == "follow":
        return ParsedEvent(user_id, token, Incoming("follow"))
    if etype == "unfollow":  # the user blocked the bot: an opt-out, and nothing can be sent back
        return ParsedEvent(user_id, "", Incoming("blocked"))
    if etype == "postback":
        return ParsedEvent(user_id, token, Incoming("postback", data=str((event.get("postback") or {}).get("data", ""))[:300]))
    if etype != "message":
        return ParsedEvent(user_id, token, None)
    message = event.get("message") or {}
    mtype = message.get("type")
    if mtype == "text":
        return ParsedEvent(user_id, token, Incoming("text", text=str(message.get("text", ""))[:5000]))
    if mtype == "location":
        try:
            lat, lon = float(message["latitude"]), float(message["longitude"])
        except (KeyError, TypeError, ValueError):
            return ParsedEvent(user_id, token, Incoming("text", text=""))
        return ParsedEvent(user_id, token, Incoming("location", lat=lat, lon=lon))
    if mtype in FILE_TYPES:
        # Content sent from LINE itself is fetched from LINE; "external" content is only a link.
        on_line = (message.get("contentProvider") or {}).get("type", "line") == "line"
        return ParsedEvent(user_id, token, Incoming(FILE_TYPES[mtype]),
                           file_ref=str(message.get("id", "")) if on_line else "")
    if mtype == "sticker":
        return ParsedEvent(user_id, token, Incoming("sticker"))
    return ParsedEvent(user_id, token, Incoming("unsupported"))


# LINE message types that carry a file, and the kind of message they become.
FILE_TYPES = {"image": "image", "video": "video", "audio": "audio", "file": "file"}


def load_sdk() -> None:
    """Import the SDK now: a sender calls this before it claims work, so the first send of a
    round does not spend its lease importing (about a second, more on a loaded machine)."""
    import linebot.v3.messaging  # noqa: F401


def _config(host: str) -> Configuration:
    from linebot.v3.messaging import Configuration

    return Configuration(host=host, access_token=settings.LINE_CHANNEL_ACCESS_TOKEN)


@functools.cache
def _content_http() -> urllib3.PoolManager:
    import urllib3

    return urllib3.PoolManager(timeout=urllib3.Timeout(connect=5, read=60), retries=False)


def fetch_content(message_id: str, max_bytes: int) -> bytes:
    """The file of a message, read up to ``max_bytes`` + 1 bytes (enough to know it is too large).

    Plain urllib3 rather than the SDK's MessagingApiBlob, which reads a whole video into memory
    before we could refuse it."""
    from linebot.v3.messaging.exceptions import ApiException

    url = f"{settings.LINE_DATA_API_BASE}/v2/bot/message/{quote(message_id, safe='')}/content"
    resp = _content_http().request("GET", url, preload_content=False,
                                 headers={"Authorization": f"Bearer {settings.LINE_CHANNEL_ACCESS_TOKEN}"})
    try:
        if resp.status != 200:
            raise ApiException(status=resp.status, reason=f"message content: HTTP {resp.status}")
        return bytes(resp.read(max_bytes + 1))
    finally:
        resp.release_conn()


def to_messages(replies: list[dict[str, Any]]) -> list[Message]:
    """Replies as LINE messages: text, or a Flex Message where the reply carries a card (its text
    is then the alternative text LINE shows in notifications and old clients)."""
    from linebot.v3.messaging import PostbackAction, QuickReply, QuickReplyItem, TextMessage

    from phalang.messaging import cards

    out: list[Message] = []
    for r in replies[:MESSAGES_MAX]:
        quick = None
        if r.get("quick"):
            quick = QuickReply(items=[
                QuickReplyItem(action=PostbackAction(label=label[:LABEL_MAX], data=data, display_text=label))
                for label, data in r["quick"][:QUICK_MAX]])
        if r.get("card"):
            out.append(cards.to_flex(r["card"], r["text"], quick))
        else:
            out.append(TextMessage(text=r["text"][:5000], quick_reply=quick))
    return out


_clients: dict[tuple[str, str], ApiClient] = {}
TIMEOUT = (5, 20)  # connect, read (s); the outbox lease must be longer


def _api() -> MessagingApi:
    """One client per API base and token, kept: its connection pool keeps the HTTP connection open."""
    from linebot.v3.messaging import ApiClient, MessagingApi

    key = (settings.LINE_API_BASE, settings.LINE_CHANNEL_ACCESS_TOKEN)
    if key not in _clients:
        _clients[key] = ApiClient(_config(key[0]))
    return MessagingApi(_clients[key])


# The sends ask the SDK for the raw answer (``_preload_content=False``): the status decides. A 2xx
# whose body the SDK's models cannot read (LINE adds fields, a proxy rewrites the body) is still a
# delivery, and must not be retried as a failure and sent twice. Non-2xx answers still raise.

def send_reply(reply_token: str, replies: list[dict[str, Any]]) -> None:
    from linebot.v3.messaging import ReplyMessageRequest

    _api().reply_message_with_http_info(
        ReplyMessageRequest(reply_token=reply_token, messages=to_messages(replies)),
        _preload_content=False, _request_timeout=TIMEOUT)


def send_push(user_id: str, replies: list[dict[str, Any]], retry_key: str) -> None:
    from linebot.v3.messaging import PushMessageRequest

    _api().push_message_with_http_info(
        PushMessageRequest(to=user_id, messages=to_messages(replies)), x_line_retry_key=retry_key,
        _preload_content=False, _request_timeout=TIMEOUT)


MULTICAST_MAX = 500  # LINE's limit of user IDs per multicast request


def send_multicast(user_ids: list[str], replies: list[dict[str, Any]], retry_key: str) -> None:
    """The same messages to up to 500 users in one request (one message each of quota, like a push)."""
    from linebot.v3.messaging import MulticastRequest

    _api().multicast_with_http_info(
        MulticastRequest(to=user_ids, messages=to_messages(replies)), x_line_retry_key=retry_key,
        _preload_content=False, _request_timeout=TIMEOUT)


# A reply token works for about a minute (developers.line.biz/en/docs/messaging-api/sending-messages/);
# a reply queued longer ago than this goes as a push, where the deployment allows pushes.
REPLY_TOKEN_SECONDS = 50.0


def monthly_limit_reached(exc: Exception) -> bool:
    """LINE's 429 for the month's message quota: retrying will not help until next month (unlike
    the per-second rate limit's 429)."""
    return getattr(exc, "status", None) == 429 and "monthly limit" in str(getattr(exc, "body", "") or "").lower()


def quota_left() -> int | None:
    """Messages this channel may still push or multicast this month; None: no limit (or unknown)."""
    api = _api()
    quota = api.get_message_quota(_request_timeout=TIMEOUT)
    if quota.type != "limited" or quota.value is None:
        return None
    used = api.get_message_quota_consumption(_request_timeout=TIMEOUT).total_usage
    return max(0, int(quota.value) - int(used or 0))
