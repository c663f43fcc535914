"""Opinion mapping over JSON: the public map, the next statement, voting and writing statements.

A client takes part pseudonymously: its first vote or statement returns ``participant_token``,
which it sends back in the ``X-Participant-Token`` header. Only a keyed hash of it is stored.
The map obeys the same safety rules as the web page (see opinion.py).
"""

from __future__ import annotations

import secrets
from typing import Any, Literal

from django.http import HttpRequest, JsonResponse
from ninja import Router, Schema
from pydantic import ConfigDict, Field

from phalang.deliberation import actions, opinion
from phalang.deliberation.models import Conversation, Moderation, Participant, ParticipantKind
from phalang.lib.clients import client_key
from phalang.lib.numbers import Id

router = Router(tags=["deliberation"])
PARTICIPANT_HEADER = "X-Participant-Token"


class VoteIn(Schema):
    model_config = ConfigDict(extra="forbid")
    statement: int
    vote: Literal[-1, 0, 1] = Field(description="1 agree, -1 disagree, 0 pass")


class StatementIn(Schema):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(max_length=actions.MAX_STATEMENT)


def _error(status: int, code: str, th: str, en: str) -> JsonResponse:
    return JsonResponse({"error": code, "message_th": th, "message_en": en}, status=status,
                        json_dumps_params={"ensure_ascii": False})


def _json(body: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _conversation(pk: int) -> Conversation | None:
    conv = Conversation.objects.filter(pk=pk).first()
    if conv is None or (not conv.is_open and not conv.votes.exists()):
        return None
    return conv


def _not_found() -> JsonResponse:
    return _error(404, "not_found", "ไม่พบการสนทนานี้", "No such conversation.")


def _participant(request: HttpRequest, conv: Conversation) -> Participant | None:
    token = request.headers.get(PARTICIPANT_HEADER, "")
    return actions.find_participant(conv, ParticipantKind.API, token) if token else None


def _joined(request: HttpRequest, conv: Conversation) -> tuple[Participant, str | None]:
    token = request.headers.get(PARTICIPANT_HEADER, "")
    fresh = None
    if not token:
        token = fresh = secrets.token_urlsafe(24)
    return actions.join(conv, ParticipantKind.API, token), fresh


def _summary(conv: Conversation) -> dict[str, Any]:
    return {"id": conv.pk, "topic": conv.topic, "description": conv.description, "open": conv.is_open,
            "demo": conv.is_demo, "attribution": conv.attribution}


@router.get("/conversations", summary="Open conversations", response={200: dict})
def list_conversations(request: HttpRequest) -> JsonResponse:
    return _json({"conversations": [_summary(c) for c in Conversation.objects.filter(is_open=True)]})


@router.get("/conversations/{int:pk}", summary="A conversation and its public opinion map",
            response={200: dict, 404: dict})
def conversation_detail(request: HttpRequest, pk: Id) -> JsonResponse:
    conv = _conversation(pk)
    if conv is None:
        return _not_found()
    body = _summary(conv)
    body["map"] = opinion.opinion_map(conv, _participant(request, conv))
    return _json(body)


@router.get("/conversations/{int:pk}/next", summary="The next statement for this participant",
            response={200: dict, 404: dict, 409: dict})
def next_statement(request: HttpRequest, pk: Id) -> JsonResponse:
    conv = _conversation(pk)
    if conv is None:
        return _not_found()
    if not conv.is_open:
        return _error(409, "closed", "การสนทนานี้ปิดแล้ว", "This conversation is closed.")
    statement = opinion.next_statement(conv, _participant(request, conv))
    if statement is None:
        return _json({"statement": None})
    return _json({"statement": {"id": statement.pk, "text": statement.text,
                                "meta": statement.moderation == Moderation.META}})


def _refused(exc: actions.DeliberationError) -> JsonResponse:
    return _error(exc.status, exc.code, exc.message_th, exc.message_en)


@router.post("/conversations/{int:pk}/votes", summary="Vote on a statement (agree 1, disagree -1, pass 0)",
             response={201: dict, 404: dict, 409: dict, 422: dict, 429: dict})
def cast_vote(request: HttpRequest, pk: Id, payload: VoteIn) -> JsonResponse:
    conv = _conversation(pk)
    if conv is None:
        return _not_found()
    if not conv.is_open:
        return _error(409, "closed", "การสนทนานี้ปิดแล้ว", "This conversation is closed.")
    participant, fresh = _joined(request, conv)
    try:
        actions.cast_vote(conv, participant, payload.statement, payload.vote, client=client_key(request))
    except actions.DeliberationError as exc:
        return _refused(exc)
    body: dict[str, Any] = {"ok": True}
    if fresh:
        body["participant_token"] = fresh
    return _json(body, 201)


@router.post("/conversations/{int:pk}/statements", summary="Submit a statement (it waits for moderation)",
             response={201: dict, 404: dict, 409: dict, 422: dict, 429: dict})
def submit_statement(request: HttpRequest, pk: Id, payload: StatementIn) -> JsonResponse:
    conv = _conversation(pk)
    if conv is None:
        return _not_found()
    if not conv.is_open:
        return _error(409, "closed", "การสนทนานี้ปิดแล้ว", "This conversation is closed.")
    participant, fresh = _joined(request, conv)
    try:
        statement = actions.submit_statement(conv, participant, payload.text)
    except actions.DeliberationError as exc:
        return _refused(exc)
    body: dict[str, Any] = {"statement": statement.pk, "moderation": statement.moderation}
    if fresh:
        body["participant_token"] = fresh
    return _json(body, 201)
