"""A fake Telegram Bot API (core.telegram.org/bots/api) on loopback, and update builders.

Methods live at POST /bot<token>/<method> and take JSON or form fields; files at
GET /file/bot<token>/<file_path>. Answers use the Bot API envelope: {"ok": true, "result": ...}
or {"ok": false, "error_code": ..., "description": ...}.
"""

from __future__ import annotations

import itertools
import secrets
import time
from typing import Any
from urllib.parse import parse_qsl

from tests.fakes.server import Answer, FakeServer

# Header Telegram sends with each webhook call when setWebhook was given a secret_token.
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def _fail(status: int, description: str, **extra: Any) -> Answer:
    return Answer(status, {"ok": False, "error_code": status, "description": description, **extra})


def _ok(result: Any) -> Answer:
    return Answer(200, {"ok": True, "result": result})


class FakeTelegramServer(FakeServer):
    """`.messages` holds accepted sendMessage calls, `.callback_answers` answerCallbackQuery
    calls, `.webhooks` setWebhook calls (each as its parameters)."""

    def __init__(self, token: str = "123456:TEST-telegram-token", *, username: str = "phalang_bot",
                 rate_limit_per_s: float | None = None) -> None:
        super().__init__(rate_limit_per_s=rate_limit_per_s)
        self.token = token
        self.username = username
        self._messages: list[dict[str, Any]] = []
        self._callback_answers: list[dict[str, Any]] = []
        self._webhooks: list[dict[str, Any]] = []
        self._files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, bytes)
        self._message_ids = itertools.count(1000)

    def add_file(self, file_id: str, data: bytes, file_path: str | None = None) -> str:
        """Register a file a user sent; returns its file_path (served under /file/bot<token>/)."""
        path = file_path or f"photos/file_{len(self._files)}.jpg"
        with self._lock:
            self._files[file_id] = (path, data)
        return path

    @property
    def messages(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._messages)

    @property
    def callback_answers(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._callback_answers)

    @property
    def webhooks(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._webhooks)

    def texts(self, chat_id: int | str | None = None) -> list[str]:
        """Texts sent, to one chat or to all."""
        with self._lock:
            return [m["text"] for m in self._messages
                    if chat_id is None or str(m["chat_id"]) == str(chat_id)]

    def clear(self) -> None:
        with self._lock:
            super().clear()
            self._messages.clear()
            self._callback_answers.clear()
            self._webhooks.clear()

    def failure_body(self, status: int) -> Any:
        return {"ok": False, "error_code": status, "description": "Internal Server Error"
                if status >= 500 else "Bad Request"}

    def rate_limited(self) -> Answer:
        return _fail(429, "Too Many Requests: retry after 1", parameters={"retry_after": 1})

    def route(self, method: str, path: str, headers: dict[str, str], body: bytes,
              data: Any) -> Answer:
        path = path.split("?", 1)[0]
        if path.startswith("/file/bot"):
            token, _, file_path = path[len("/file/bot"):].partition("/")
            if token != self.token:
                return _fail(401, "Unauthorized")
            for stored_path, content in self._files.values():
                if stored_path == file_path:
                    return Answer(200, content, content_type="application/octet-stream")
            return _fail(404, "Not Found")
        if not path.startswith("/bot"):
            return _fail(404, "Not Found")
        token, _, name = path[len("/bot"):].partition("/")
        if token != self.token:
            return _fail(401, "Unauthorized")
        if data is None and body:  # form-encoded parameters
            data = dict(parse_qsl(body.decode()))
        params: dict[str, Any] = data if isinstance(data, dict) else {}
        handler = {
            "getMe": self._get_me,
            "sendMessage": self._send_message,
            "answerCallbackQuery": self._answer_callback_query,
            "getFile": self._get_file,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
        }.get(name)
        if handler is None:
            return _fail(404, "Not Found")
        return handler(params)

    def _get_me(self, params: dict[str, Any]) -> Answer:
        bot_id = int(self.token.split(":", 1)[0]) if self.token.split(":")[0].isdigit() else 1
        return _ok({"id": bot_id, "is_bot": True, "first_name": "Phalang",
                    "username": self.username})

    def _send_message(self, params: dict[str, Any]) -> Answer:
        if "chat_id" not in params:
            return _fail(400, "Bad Request: chat_id is empty")
        text = params.get("text")
        if not text:
            return _fail(400, "Bad Request: message text is empty")
        if len(str(text)) > 4096:
            return _fail(400, "Bad Request: message is too long")
        self._messages.append(params)
        return _ok({
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": params["chat_id"], "type": "private"},
            "from": {"id": 1, "is_bot": True, "first_name": "Phalang", "username": self.username},
            "text": text,
        })

    def _answer_callback_query(self, params: dict[str, Any]) -> Answer:
        if not params.get("callback_query_id"):
            return _fail(400, "Bad Request: query is too old and response timeout expired "
                              "or query ID is invalid")
        self._callback_answers.append(params)
        return _ok(True)

    def _get_file(self, params: dict[str, Any]) -> Answer:
        file_id = params.get("file_id")
        if file_id not in self._files:
            return _fail(400, "Bad Request: invalid file_id")
        path, content = self._files[file_id]
        return _ok({"file_id": file_id, "file_unique_id": "u" + str(file_id)[-8:],
                    "file_size": len(content), "file_path": path})

    def _set_webhook(self, params: dict[str, Any]) -> Answer:
        self._webhooks.append(params)
        return _ok(True)

    def _delete_webhook(self, params: dict[str, Any]) -> Answer:
        self._webhooks.append({"url": "", **params})
        return _ok(True)


# --- updates (what Telegram POSTs to our webhook) ----------------------------------------------

_update_ids = itertools.count(100_000_000)


def _user(user_id: int, first_name: str, language_code: str) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": first_name,
            "language_code": language_code}


def _message(chat_id: int, first_name: str, language_code: str, date: int | None,
             message_id: int | None) -> dict[str, Any]:
    return {
        "message_id": message_id if message_id is not None else secrets.randbelow(10**6),
        "from": _user(chat_id, first_name, language_code),
        "chat": {"id": chat_id, "first_name": first_name, "type": "private"},
        "date": date if date is not None else int(time.time()),
    }


def _update(kind: str, body: dict[str, Any], update_id: int | None) -> dict[str, Any]:
    return {"update_id": update_id if update_id is not None else next(_update_ids), kind: body}


def message_update(text: str, *, chat_id: int = 5550001, first_name: str = "สมหญิง",
                   language_code: str = "th", update_id: int | None = None,
                   date: int | None = None, message_id: int | None = None) -> dict[str, Any]:
    """A private-chat text message. Commands ("/start abc") get a bot_command entity."""
    message = _message(chat_id, first_name, language_code, date, message_id)
    message["text"] = text
    if text.startswith("/"):
        command = text.split()[0]
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    return _update("message", message, update_id)


def callback_query_update(data: str, *, chat_id: int = 5550001, first_name: str = "สมหญิง",
                          language_code: str = "th", update_id: int | None = None,
                          query_id: str | None = None,
                          message_id: int | None = None) -> dict[str, Any]:
    """A tap on an inline keyboard button under one of the bot's messages."""
    shown = _message(chat_id, "Phalang", language_code, None, message_id)
    shown["from"] = {"id": 1, "is_bot": True, "first_name": "Phalang"}
    shown["text"] = "…"
    return _update("callback_query", {
        "id": query_id or str(secrets.randbits(63)),
        "from": _user(chat_id, first_name, language_code),
        "message": shown,
        "chat_instance": str(secrets.randbits(63)),
        "data": data,
    }, update_id)


def location_update(latitude: float, longitude: float, *, chat_id: int = 5550001,
                    first_name: str = "สมหญิง", language_code: str = "th",
                    update_id: int | None = None,
                    horizontal_accuracy: float | None = None) -> dict[str, Any]:
    message = _message(chat_id, first_name, language_code, None, None)
    message["location"] = {"latitude": latitude, "longitude": longitude}
    if horizontal_accuracy is not None:
        message["location"]["horizontal_accuracy"] = horizontal_accuracy
    return _update("message", message, update_id)


def photo_update(file_id: str, *, caption: str | None = None, chat_id: int = 5550001,
                 first_name: str = "สมหญิง", language_code: str = "th",
                 update_id: int | None = None, width: int = 1280,
                 height: int = 960) -> dict[str, Any]:
    """A photo: Telegram lists several sizes, smallest first; the last is `file_id` at full size
    (register its bytes with `add_file(file_id, ...)`)."""
    message = _message(chat_id, first_name, language_code, None, None)
    sizes = []
    for scale, suffix in ((0.0703125, "-s"), (0.25, "-m")):
        sizes.append({"file_id": file_id + suffix, "file_unique_id": "u" + file_id[-6:] + suffix,
                      "width": round(width * scale), "height": round(height * scale),
                      "file_size": 1000})
    sizes.append({"file_id": file_id, "file_unique_id": "u" + file_id[-6:], "width": width,
                  "height": height, "file_size": 100_000})
    message["photo"] = sizes
    if caption is not None:
        message["caption"] = caption
    return _update("message", message, update_id)
