"""The dialog's context for one chat user: commands carried out through the Watch actions."""

from __future__ import annotations

from typing import Any

from phalang.channels import dialog
from phalang.places.lookup import resolve_address
from phalang.watch import actions, receipts, throttle
from phalang.watch.models import Category, Status


class ChatContext:
    def __init__(self, channel: str, user_id: str, address: str, session_key: str) -> None:
        self.channel, self.user_id, self.address, self.session_key = channel, user_id, address, session_key

    def categories(self) -> list[tuple[str, str]]:
        return [(c.name_th, f"cat={c.slug}") for c in Category.objects.filter(active=True)]

    def resolve_province(self, text: str) -> str | None:
        place = resolve_address(text.strip()[:200])
        return place.province.name_th if place and place.province else None

    def file_report(self, draft: dict[str, Any]) -> str:
        place = resolve_address(draft["place_text"]) if draft.get("place_text") else None
        _report, receipt = actions.file_report(actions.NewReport(
            category=draft["category"], description=draft["description"], channel=self.channel,
            province=place.province.pk if place and place.province else None,
            district=place.district.pk if place and place.district else None,
            subdistrict=place.subdistrict.pk if place and place.subdistrict else None,
            lat=draft.get("lat"), lon=draft.get("lon"), channel_user_id=self.user_id,
            reply_address=self.address, pending_evidence=list(draft.get("evidence", [])),
            pending_session=self.session_key))
        return receipt

    def status_text(self, receipt: str) -> tuple[int, str] | None:
        report = actions.find_by_receipt(receipt)
        if report is None:
            from phalang.aid import chat

            text = chat.help_status_text(receipt)  # the same receipt style serves help requests
            return (-1, text) if text else None
        return report.pk, render_status(report)

    def my_reports_text(self) -> str:
        mine = actions.reports_for_channel_user(self.channel, self.user_id)
        if not mine:
            return "ยังไม่มีเรื่องที่แจ้งจากบัญชีนี้"
        labels = dict(Status.choices)
        lines = ["เรื่องที่คุณแจ้งจากบัญชีนี้ (ใช้รหัสติดตามเพื่อดูรายละเอียด):"]
        for r in mine:
            lines.append(f"• {r.created_at:%d/%m}/{r.created_at.year + 543} {r.category.name_th}: {labels[r.status]}")
        return "\n".join(lines)

    def add_info(self, report_id: int, text: str, evidence_id: int | None) -> None:
        report = actions.Report.objects.get(pk=report_id)
        actions.add_reporter_message(report, text, channel=self.channel,
                                     pending_evidence=[evidence_id] if evidence_id else None,
                                     pending_session=self.session_key)

    def receipt_in(self, text: str) -> str | None:
        return receipts.find_in_text(text)

    def blocked(self) -> bool:
        return throttle.is_blocked(f"{self.channel}:{self.session_key}")

    def failed_lookup(self) -> None:
        throttle.record_failure(f"{self.channel}:{self.session_key}")

    # --- mutual aid (phalang.aid.chat) ---
    def aid_needs(self) -> list[tuple[str, str]]:
        from phalang.aid import chat

        return [(label, f"need={value}") for value, label in chat.NEEDS]

    def aid_questions(self) -> list[tuple[str, str, str]]:
        from phalang.aid import chat

        return list(chat.TRIAGE_QUESTIONS)

    def aid_consent_question(self) -> str:
        from phalang.aid import chat

        return chat.CONSENT_QUESTION

    def aid_request(self, draft: dict[str, Any]) -> str:
        from phalang.aid import chat

        try:
            return chat.request_help_from_chat(self.channel, self.user_id, draft, address=self.address)
        except chat.ChatInvalid as exc:
            raise ValueError(exc.message_th) from exc

    def aid_tasks_text(self) -> str:
        from phalang.aid import chat

        return chat.volunteer_tasks_text(self.channel, self.user_id)

    def aid_update_task(self, task_id: int, state: str) -> str:
        from phalang.aid import chat

        return chat.update_task_from_chat(self.channel, self.user_id, task_id, state)

    def aid_link(self, code: str) -> str:
        from phalang.aid import chat

        return chat.link_volunteer(self.channel, self.user_id, code, address=self.address)

    def aid_state_words(self) -> dict[str, str]:
        from phalang.aid import chat

        return {str(k): v for k, v in chat.VOLUNTEER_STATES.items()}

    # --- opinion mapping (phalang.deliberation.chat) ---
    def talk_conversations(self) -> list[tuple[int, str]]:
        from phalang.deliberation import chat

        return chat.open_conversations()

    def talk_next(self, conversation_id: int) -> tuple[int, str] | None:
        from phalang.deliberation import chat

        try:
            return chat.next_statement(conversation_id, self.channel, self.user_id)
        except chat.ChatError:
            return None

    def talk_vote(self, conversation_id: int, statement_id: int, value: int) -> str | None:
        from phalang.deliberation import chat

        try:
            chat.vote_from_chat(conversation_id, statement_id, self.channel, self.user_id, value)
        except chat.ChatError as exc:
            return exc.message_th
        return None

    def talk_summary(self, conversation_id: int) -> str:
        from phalang.deliberation import chat

        try:
            return chat.map_summary_th(conversation_id, self.channel, self.user_id)
        except chat.ChatError as exc:
            return exc.message_th

    # --- coalition: events, campaigns, announcements (phalang.coalition.chat) ---
    def event_preview(self, code: str) -> tuple[str, bool]:
        from phalang.coalition import chat

        p = chat.event_preview(self.channel, self.user_id, code)
        return p.text, p.ok

    def event_rsvp(self, code: str) -> str:
        from phalang.coalition import chat

        return chat.rsvp_text(self.channel, self.user_id, code)

    def event_cancel(self, code: str) -> str:
        from phalang.coalition import chat

        return chat.cancel_text(self.channel, self.user_id, code)

    def my_events(self) -> tuple[str, list[tuple[str, str]]]:
        from phalang.coalition import chat

        return chat.my_events(self.channel, self.user_id)

    def campaign_preview(self, ref: str) -> tuple[str, bool]:
        from phalang.coalition import chat

        p = chat.campaign_preview(ref)
        return p.text, p.ok

    def campaign_follow(self, ref: str) -> str:
        from phalang.coalition import chat

        return chat.follow_text(self.channel, self.user_id, ref)

    def subscribe_preview(self, place_text: str) -> tuple[str, bool]:
        from phalang.coalition import chat

        p = chat.subscribe_preview(place_text)
        return p.text, p.ok

    def subscribe(self, place_text: str) -> str:
        from phalang.coalition import chat

        return chat.subscribe_text(self.channel, self.user_id, place_text)

    def unsubscribe(self) -> str:
        from phalang.coalition import chat

        return chat.unsubscribe_text(self.channel, self.user_id)


def render_status(report: actions.Report) -> str:
    view = actions.status_view(report, "th")
    lines = [f"สถานะ: {view['status_label']}", f"ประเภท: {view['category']}"]
    public = [t for t in view["timeline"] if t["text"]]
    if public:
        lines.append("ความคืบหน้า: " + public[-1]["text"])
    messages = [m for m in view["messages"] if m["from"] == "moderator"]
    if messages:
        lines.append("ข้อความจากเจ้าหน้าที่:")
        lines.extend(f"• {m['text']}" for m in messages[-3:])
    return "\n".join(lines)


__all__ = ["ChatContext", "dialog", "render_status"]
