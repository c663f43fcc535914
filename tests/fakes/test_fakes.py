"""The fakes answer the real clients the way LINE and Telegram do."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator

import pytest
import urllib3
from linebot.v3 import SignatureValidator, WebhookParser
from linebot.v3.messaging import (
    ApiClient,
    ApiException,
    BroadcastRequest,
    Configuration,
    MessagingApi,
    MessagingApiBlob,
    MulticastRequest,
    NarrowcastRequest,
    PushMessageRequest,
    ReplyMessageRequest,
    TextMessage,
)
from linebot.v3.webhooks import (
    FollowEvent,
    ImageMessageContent,
    LocationMessageContent,
    MessageEvent,
    PostbackEvent,
    TextMessageContent,
)

from tests.fakes.line import (
    FakeLineServer,
    follow_event,
    image_event,
    line_signature,
    location_event,
    postback_event,
    signed_webhook,
    text_event,
    unfollow_event,
    user_id,
    webhook_body,
)
from tests.fakes.sms import FakeSmsServer
from tests.fakes.telegram import (
    FakeTelegramServer,
    callback_query_update,
    location_update,
    message_update,
    photo_update,
)

TOKEN = "line-token-for-tests"
SECRET = "channel-secret-for-tests"


@pytest.fixture
def line() -> Iterator[FakeLineServer]:
    with FakeLineServer(access_token=TOKEN) as server:
        yield server


def _api(server: FakeLineServer, token: str = TOKEN) -> ApiClient:
    return ApiClient(Configuration(host=server.url, access_token=token))


def _text(text: str) -> TextMessage:
    return TextMessage(text=text, quickReply=None, quoteToken=None)


# --- LINE ----------------------------------------------------------------------------------


def test_reply_is_recorded_and_the_token_works_once(line: FakeLineServer) -> None:
    with _api(line) as client:
        api = MessagingApi(client)
        answer = api.reply_message(
            ReplyMessageRequest(replyToken="r1", messages=[_text("รับเรื่องแล้ว")],
                                notificationDisabled=None)
        )
        assert len(answer.sent_messages) == 1
        with pytest.raises(ApiException) as again:
            api.reply_message(ReplyMessageRequest(replyToken="r1", messages=[_text("ซ้ำ")],
                                                  notificationDisabled=None))
    assert again.value.status == 400
    assert json.loads(again.value.body) == {"message": "Invalid reply token"}
    assert [r["messages"][0]["text"] for r in line.replies] == ["รับเรื่องแล้ว"]
    method, path, headers, body = line.requests[0]
    assert (method, path) == ("POST", "/v2/bot/message/reply")
    assert headers["authorization"] == f"Bearer {TOKEN}"
    assert body["replyToken"] == "r1"
    assert line.statuses == [200, 400]


def test_wrong_access_token_is_401(line: FakeLineServer) -> None:
    with _api(line, token="stolen") as client, pytest.raises(ApiException) as refused:
        MessagingApi(client).push_message(PushMessageRequest(to=user_id(), messages=[_text("x")]))
    assert refused.value.status == 401
    assert line.pushes == []


def test_a_repeated_retry_key_is_409_and_sends_once(line: FakeLineServer) -> None:
    key = str(uuid.uuid4())
    request = PushMessageRequest(to=user_id(), messages=[_text("เรื่องของคุณถูกส่งต่อแล้ว")])
    with _api(line) as client:
        api = MessagingApi(client)
        api.push_message(request, x_line_retry_key=key)
        with pytest.raises(ApiException) as again:
            api.push_message(request, x_line_retry_key=key)
        assert again.value.status == 409
        assert again.value.headers["x-line-accepted-request-id"]
        api.push_message(request, x_line_retry_key=str(uuid.uuid4()))
        multicast_key = str(uuid.uuid4())
        api.multicast(MulticastRequest(to=[user_id(), user_id()], messages=[_text("m")]),
                      x_line_retry_key=multicast_key)
        with pytest.raises(ApiException) as again:
            api.multicast(MulticastRequest(to=[user_id()], messages=[_text("m")]),
                          x_line_retry_key=multicast_key)
        assert again.value.status == 409
        with pytest.raises(ApiException) as not_uuid:
            api.push_message(request, x_line_retry_key=key + "-m")
        assert not_uuid.value.status == 400
        api.narrowcast(NarrowcastRequest(messages=[_text("n")]))
    assert len(line.pushes) == 2
    assert len(line.multicasts) == 1 and len(line.narrowcasts) == 1
    assert line.requests[0].headers["x-line-retry-key"] == key
    assert line.texts() == ["เรื่องของคุณถูกส่งต่อแล้ว", "เรื่องของคุณถูกส่งต่อแล้ว", "m", "n"]


def test_bad_bodies_are_400_with_details(line: FakeLineServer) -> None:
    http = urllib3.PoolManager()
    answer = http.request("POST", line.url + "/v2/bot/message/push", json={"messages": []},
                          headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status == 400
    assert {d["property"] for d in answer.json()["details"]} == {"to", "messages"}


def test_message_content_from_the_data_api(line: FakeLineServer) -> None:
    line.add_content("4711", b"\xff\xd8\xff fake jpeg", "image/jpeg")
    with ApiClient(Configuration(host=line.url, access_token=TOKEN)) as client:
        blob = MessagingApiBlob(client)
        assert bytes(blob.get_message_content("4711")) == b"\xff\xd8\xff fake jpeg"
        with pytest.raises(ApiException) as missing:
            blob.get_message_content("4712")
    assert missing.value.status == 404
    assert line.requests[0].path == "/v2/bot/message/4711/content"


def test_profile(line: FakeLineServer) -> None:
    someone = user_id()
    line.set_profile(someone, "สมชาย")
    with _api(line) as client:
        assert MessagingApi(client).get_profile(someone).display_name == "สมชาย"
        assert MessagingApi(client).get_profile(user_id()).display_name


def test_fail_next_simulates_an_outage(line: FakeLineServer) -> None:
    line.fail_next(2, status=503)
    request = PushMessageRequest(to=user_id(), messages=[_text("x")])
    statuses = []
    with _api(line) as client:
        for _ in range(3):
            try:
                MessagingApi(client).push_message(request)
                statuses.append(200)
            except ApiException as error:
                statuses.append(error.status)
    assert statuses == [503, 503, 200]
    assert len(line.pushes) == 1


def test_rate_limit_answers_429() -> None:
    with FakeLineServer(access_token=TOKEN, rate_limit_per_s=3) as line:
        http = urllib3.PoolManager()
        body = {"to": user_id(), "messages": [{"type": "text", "text": "x"}]}
        statuses = [
            http.request("POST", line.url + "/v2/bot/message/push", json=body,
                         headers={"Authorization": f"Bearer {TOKEN}"}).status
            for _ in range(5)
        ]
        assert statuses.count(200) == 3 and statuses.count(429) == 2
        time.sleep(1.05)
        assert http.request("POST", line.url + "/v2/bot/message/push", json=body,
                            headers={"Authorization": f"Bearer {TOKEN}"}).status == 200


def test_wait_for_sees_requests_from_other_threads(line: FakeLineServer) -> None:
    def later() -> None:
        time.sleep(0.2)
        with _api(line) as client:
            MessagingApi(client).broadcast(
                BroadcastRequest(messages=[_text("b")], notificationDisabled=None)
            )

    thread = threading.Thread(target=later)
    thread.start()
    line.wait_for(lambda: len(line.broadcasts) == 1, timeout=5)
    thread.join()
    with pytest.raises(AssertionError):
        line.wait_for(lambda: len(line.broadcasts) == 2, timeout=0.2)


def test_signature_matches_the_sdk_validator() -> None:
    body = webhook_body([text_event("แจ้งเบาะแส")])
    signature = line_signature(SECRET, body)
    assert SignatureValidator(SECRET).validate(body.decode(), signature)
    assert not SignatureValidator("other secret").validate(body.decode(), signature)


def test_event_builders_parse_with_the_sdk() -> None:
    someone = user_id()
    events = [
        text_event("แจ้งเบาะแส", user=someone, redelivery=True),
        postback_event("action=status&receipt=AB12", params={"date": "2026-11-20"}),
        location_event(13.7563, 100.5018, title="ศาลากลาง", address="กรุงเทพฯ"),
        image_event(message="325708", image_set=("set1", 1, 2)),
        follow_event(unblocked=True),
        unfollow_event(),
    ]
    body, headers = signed_webhook(SECRET, events)
    parsed = WebhookParser(SECRET).parse(body.decode(), headers["X-Line-Signature"])
    assert [type(e).__name__ for e in parsed] == [
        "MessageEvent", "PostbackEvent", "MessageEvent", "MessageEvent", "FollowEvent",
        "UnfollowEvent",
    ]
    text, postback, location, image, follow = parsed[:5]
    assert isinstance(text, MessageEvent) and isinstance(text.message, TextMessageContent)
    assert text.message.text == "แจ้งเบาะแส" and text.source.user_id == someone
    assert text.delivery_context.is_redelivery and text.reply_token
    assert len(text.webhook_event_id) == 26
    assert isinstance(postback, PostbackEvent) and postback.postback.params == {"date": "2026-11-20"}
    assert isinstance(location.message, LocationMessageContent)
    assert location.message.latitude == 13.7563
    assert isinstance(image.message, ImageMessageContent) and image.message.id == "325708"
    assert image.message.image_set.total == 2
    assert isinstance(follow, FollowEvent) and follow.follow.is_unblocked
    assert "replyToken" not in events[5]


# --- Telegram -------------------------------------------------------------------------------


@pytest.fixture
def telegram() -> Iterator[FakeTelegramServer]:
    with FakeTelegramServer(token="42:secret") as server:
        yield server


def test_telegram_send_message_and_callback_answer(telegram: FakeTelegramServer) -> None:
    http = urllib3.PoolManager()
    api = telegram.url + "/bot42:secret/"
    sent = http.request("POST", api + "sendMessage", json={"chat_id": 77, "text": "สวัสดี"}).json()
    assert sent["ok"] and sent["result"]["chat"]["id"] == 77 and sent["result"]["message_id"]
    form = http.request("POST", api + "sendMessage", fields={"chat_id": "77", "text": "form"},
                        encode_multipart=False)
    assert form.json()["ok"]
    assert http.request("POST", api + "sendMessage", json={"chat_id": 77}).json() == {
        "ok": False, "error_code": 400, "description": "Bad Request: message text is empty"}
    answered = http.request("POST", api + "answerCallbackQuery", json={"callback_query_id": "9"})
    assert answered.json() == {"ok": True, "result": True}
    assert telegram.texts(77) == ["สวัสดี", "form"]
    assert telegram.callback_answers == [{"callback_query_id": "9"}]


def test_telegram_files(telegram: FakeTelegramServer) -> None:
    telegram.add_file("AgAD-photo", b"\xff\xd8\xffphoto", "photos/file_7.jpg")
    http = urllib3.PoolManager()
    found = http.request("POST", telegram.url + "/bot42:secret/getFile",
                         json={"file_id": "AgAD-photo"}).json()
    assert found["result"]["file_path"] == "photos/file_7.jpg"
    download = http.request("GET", telegram.url + "/file/bot42:secret/photos/file_7.jpg")
    assert download.status == 200 and download.data == b"\xff\xd8\xffphoto"
    assert http.request("GET", telegram.url + "/file/bot42:secret/photos/none.jpg").status == 404
    missing = http.request("POST", telegram.url + "/bot42:secret/getFile", json={"file_id": "no"})
    assert missing.status == 400 and missing.json()["ok"] is False


def test_telegram_wrong_token_is_401(telegram: FakeTelegramServer) -> None:
    http = urllib3.PoolManager()
    for url in ("/bot42:wrong/sendMessage", "/file/bot42:wrong/photos/file_0.jpg"):
        answer = http.request("POST" if "send" in url else "GET", telegram.url + url,
                              json={"chat_id": 1, "text": "x"} if "send" in url else None)
        assert answer.status == 401 and answer.json()["ok"] is False
    assert telegram.messages == []


def test_telegram_outage_and_rate_limit() -> None:
    with FakeTelegramServer(token="42:secret", rate_limit_per_s=2) as telegram:
        telegram.fail_next(1)
        http = urllib3.PoolManager()
        url = telegram.url + "/bot42:secret/sendMessage"
        statuses = [http.request("POST", url, json={"chat_id": 1, "text": "x"}).status
                    for _ in range(4)]
        assert statuses == [500, 200, 200, 429]  # an outage answer uses no rate allowance
        assert telegram.requests[-1].json == {"chat_id": 1, "text": "x"}


def test_telegram_update_builders() -> None:
    first = message_update("/start AB12")
    assert first["message"]["entities"][0] == {"type": "bot_command", "offset": 0, "length": 6}
    second = message_update("hello")
    assert second["update_id"] == first["update_id"] + 1
    query = callback_query_update("vote:1:agree", chat_id=9)
    assert query["callback_query"]["data"] == "vote:1:agree"
    assert query["callback_query"]["from"]["id"] == 9
    where = location_update(13.75, 100.5)
    assert where["message"]["location"] == {"latitude": 13.75, "longitude": 100.5}
    photo = photo_update("AgAD-photo", caption="ถนนพัง")
    assert photo["message"]["photo"][-1]["file_id"] == "AgAD-photo"
    assert photo["message"]["caption"] == "ถนนพัง"
    json.dumps([first, query, where, photo])


# --- SMS ------------------------------------------------------------------------------------


def test_sms_gateway_records_messages() -> None:
    with FakeSmsServer(token="sms-key") as sms:
        http = urllib3.PoolManager()
        sent = http.request("POST", sms.send_url, json={"to": "+66812345678", "text": "รหัส 1234"},
                            headers={"Authorization": "Bearer sms-key"})
        assert sent.status == 202 and sent.json()["status"] == "queued"
        wrong = http.request("POST", sms.send_url, json={"to": "+66812345678", "text": "x"},
                             headers={"Authorization": "Bearer nope"})
        empty = http.request("POST", sms.send_url, json={"to": "+66812345678"},
                             headers={"Authorization": "Bearer sms-key"})
        assert (wrong.status, empty.status) == (401, 400)
        assert sms.messages == [{"to": "+66812345678", "text": "รหัส 1234"}]
        assert sms.requests[0].path == "/send"


def test_url_is_loopback_and_stops() -> None:
    server = FakeSmsServer().start()
    url = server.url
    assert url.startswith("http://127.0.0.1:")
    server.stop()
    with pytest.raises(RuntimeError):
        _ = server.url
    with pytest.raises(urllib3.exceptions.MaxRetryError):
        urllib3.PoolManager().request("POST", url + "/send", retries=0)
