"""Background work: recomputing a conversation's opinion model after votes."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="default")
def recompute_conversation(conversation_id: int) -> dict[str, int]:
    from phalang.deliberation.actions import recompute
    from phalang.deliberation.models import Conversation

    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is None:
        return {"votes": 0, "k": 0}  # deleted while queued
    analysis = recompute(conversation)
    return {"votes": analysis.n_votes, "k": (analysis.result or {}).get("k", 0)}
