"""Reading the stored opinion model: the public map, the facilitator report, the next statement.

Safety rules, applied here once for the web pages, the API and the chat:
* no individual vote is ever shown: only counts over at least MIN_GROUP people;
* a group is shown only with at least MIN_GROUP members;
* a percentage is shown only when at least MIN_GROUP people voted on that statement (in that
  group, for a group's figure);
* a participant learns only their own group.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from django.db.models import Count, Min
from django.db.models.functions import TruncDate
from django.utils import timezone

from phalang.deliberation.models import (
    VOTABLE,
    Analysis,
    Conversation,
    Moderation,
    Participant,
    Statement,
    Vote,
)

MIN_GROUP = 5  # the display threshold, also used for every count we publish
# A statement is listed as divisive only if the groups' agreement differs by at least this many
# percentage points (docs/engines/polis.md "What the headings promise").
DIVISIVE_MIN_GAP = 30
LABELS = "ABCDEFGHIJ"
# Pol.is's priority for a statement nobody has voted on yet: ((1 - p_pass)(E + 1) p_agree
# (1 + 8 · 2^0))² with p = (0 + 1)/(0 + 2) and extremity E = 0 (docs/engines/polis.md).
NEW_PRIORITY = ((1 - 0.5) * 1 * 0.5 * 9) ** 2
META_PRIORITY = 7.0 ** 2  # Pol.is shows meta statements with this fixed priority
_random = random.SystemRandom()


def label(group: int) -> str:
    return LABELS[group] if 0 <= group < len(LABELS) else str(group + 1)


def _analysis(conversation: Conversation) -> Analysis | None:
    return Analysis.objects.filter(conversation=conversation).first()


def next_statement(conversation: Conversation, participant: Participant | None) -> Statement | None:
    """A statement this participant has not voted on, at random, weighted by Pol.is priority."""
    candidates = list(Statement.objects.filter(conversation=conversation, moderation__in=VOTABLE)
                      .only("id", "text", "moderation"))
    if participant is not None:
        seen = set(Vote.objects.filter(participant=participant).values_list("statement_id", flat=True))
        candidates = [s for s in candidates if s.pk not in seen]
    if not candidates:
        return None
    analysis = _analysis(conversation)
    priority = (analysis.result or {}).get("priority", {}) if analysis else {}
    weights = [META_PRIORITY if s.moderation == Moderation.META else float(priority.get(str(s.pk), NEW_PRIORITY))
               for s in candidates]
    if sum(weights) <= 0:
        weights = [1.0] * len(candidates)
    return _random.choices(candidates, weights=weights, k=1)[0]


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def _counts(tally: list[int]) -> tuple[int, int, int, int]:
    agree, disagree, passed = tally
    return agree, disagree, passed, agree + disagree + passed


def _texts(conversation: Conversation, ids: set[int]) -> dict[int, str]:
    return dict(Statement.objects.filter(conversation=conversation, pk__in=ids).exclude(
        moderation__in=(Moderation.REJECTED, Moderation.META)).values_list("id", "text"))


def opinion_map(conversation: Conversation, participant: Participant | None = None) -> dict[str, Any]:
    """The public opinion map, safe to show to anyone (see the module docstring)."""
    analysis = _analysis(conversation)
    result = (analysis.result if analysis else None) or {}
    n_participants = int(result.get("n_participants", 0))
    out: dict[str, Any] = {
        "ready": bool(result) and n_participants >= MIN_GROUP,
        "computed_at": analysis.computed_at.isoformat() if analysis and analysis.computed_at else None,
        "n_participants": n_participants, "n_votes": analysis.n_votes if analysis else 0,
        "min_group": MIN_GROUP, "groups": [], "hidden_groups": 0,
        "consensus": {"agree": [], "disagree": []}, "bridging": [], "you": None,
    }
    if not out["ready"]:
        return out
    tallies: dict[str, list[list[int]]] = result.get("tallies", {})
    k = int(result["k"])
    visible = [g for g in result["groups"] if g["size"] >= MIN_GROUP]
    out["hidden_groups"] = len(result["groups"]) - len(visible)
    wanted = {int(e["comment"]) for g in visible for e in g["representative"]}
    wanted |= {int(e["comment"]) for side in ("agree", "disagree") for e in result["consensus"][side]}
    wanted |= {int(e["comment"]) for e in result.get("bridging", [])}
    texts = _texts(conversation, wanted)

    def group_share(statement: int, group: int, side: int) -> int | None:
        tally = tallies.get(str(statement))
        if tally is None or group >= k:
            return None
        counts = _counts(tally[group])
        return _percent(counts[side], counts[3]) if counts[3] >= MIN_GROUP else None

    for g in visible:
        reps = []
        for e in g["representative"]:
            sid = int(e["comment"])
            direction = 0 if e["direction"] == "agree" else 1
            share = group_share(sid, g["id"], direction)
            if sid in texts and share is not None:
                reps.append({"statement": sid, "text": texts[sid], "direction": e["direction"], "percent": share})
        out["groups"].append({"id": g["id"], "label": label(g["id"]), "size": g["size"],
                              "centre": g["centre"], "representative": reps})
    for side, column in (("agree", 0), ("disagree", 1)):
        for e in result["consensus"][side]:
            sid = int(e["comment"])
            tally = tallies.get(str(sid))
            if sid in texts and tally is not None:
                counts = _counts(tally[k])
                if counts[3] >= MIN_GROUP:
                    out["consensus"][side].append({"statement": sid, "text": texts[sid],
                                                   "percent": _percent(counts[column], counts[3])})
    # Bridging: chosen by the engine's stated thresholds (stats.bridging: every group of at least
    # five people, at least 60% agreeing), so the heading holds for every statement listed.
    for e in result.get("bridging", []):
        sid = int(e["comment"])
        shares = [{"label": label(g["id"]), "percent": group_share(sid, g["id"], 0)} for g in visible]
        if sid in texts and all(s["percent"] is not None for s in shares):
            out["bridging"].append({"statement": sid, "text": texts[sid], "value": e["gic"], "groups": shares})
    out["scatter"] = _scatter(out["groups"])
    if participant is not None:
        out["you"] = _where(analysis, participant, {g["id"] for g in out["groups"]})
    out["dots"], out["you_dot"] = _dots(result, analysis, participant, {g["id"] for g in out["groups"]})
    return out


SIZE, MARGIN = 200, 12


def _dots(result: dict[str, Any], analysis: Analysis | None, participant: Participant | None,
          visible: set[int]) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """Every participant of a group shown, as a dot in a SIZE × SIZE SVG box (Pol.is's
    participant scatter, no ids), and the viewer's own dot ("you are here")."""
    raw = [d for d in result.get("points", []) if d[2] in visible]
    if not raw:
        return [], None
    xs, ys = [d[0] for d in raw], [d[1] for d in raw]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    inner = SIZE - 2 * MARGIN

    def place(x: float, y: float) -> tuple[float, float]:
        return (round(MARGIN + inner * (x - min(xs)) / span, 1), round(MARGIN + inner * (y - min(ys)) / span, 1))

    dots = [{"x": place(x, y)[0], "y": place(x, y)[1], "group": g} for x, y, g in raw]
    you = None
    if participant is not None and analysis is not None:
        key = str(participant.pk)
        own = analysis.participant_points.get(key)
        if own is not None and analysis.participant_groups.get(key) in visible:
            x, y = place(own[0], own[1])
            you = {"x": min(max(x, MARGIN), SIZE - MARGIN), "y": min(max(y, MARGIN), SIZE - MARGIN)}
    return dots, you


def _where(analysis: Analysis | None, participant: Participant, visible: set[int]) -> dict[str, Any]:
    group = (analysis.participant_groups if analysis else {}).get(str(participant.pk))
    if group is None:
        voted = Vote.objects.filter(participant=participant).values("statement_id").distinct().count()
        return {"status": "not_yet", "group": None, "votes": voted}
    if group not in visible:
        return {"status": "small_group", "group": None}
    return {"status": "grouped", "group": label(group), "group_id": group}


def _scatter(groups: list[dict[str, Any]], size: int = 200, margin: int = 30) -> list[dict[str, Any]]:
    """Group centres in a size × size SVG box, radius by the square root of the group size."""
    if not groups:
        return []
    xs = [g["centre"][0] for g in groups]
    ys = [g["centre"][1] for g in groups]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    biggest = max(g["size"] for g in groups)
    inner = size - 2 * margin
    return [{"label": g["label"], "size": g["size"], "id": g["id"],
             "x": round(margin + inner * (g["centre"][0] - min(xs)) / span, 1),
             "y": round(margin + inner * (g["centre"][1] - min(ys)) / span, 1),
             "r": round(8 + 16 * (g["size"] / biggest) ** 0.5, 1)} for g in groups]


# --- The facilitator report -----------------------------------------------------------------

def participation(conversation: Conversation) -> list[dict[str, Any]]:
    """Per day (local time): vote events, and participants who cast their first vote."""
    votes = dict(Vote.objects.filter(conversation=conversation).annotate(day=TruncDate("created_at"))
                 .values("day").annotate(n=Count("id")).values_list("day", "n"))
    first: dict[date, int] = {}
    for when in (Vote.objects.filter(conversation=conversation).values("participant_id")
                 .annotate(first=Min("created_at")).values_list("first", flat=True)):
        day = timezone.localdate(when)
        first[day] = first.get(day, 0) + 1
    days = sorted(set(votes) | set(first))
    return [{"day": d, "votes": votes.get(d, 0), "new_participants": first.get(d, 0)} for d in days]


def report(conversation: Conversation) -> dict[str, Any]:
    """What a facilitator sees: the public map plus every statement's counts and divisiveness.

    Still aggregates only: facilitators never see who voted what.
    """
    public = opinion_map(conversation)
    analysis = _analysis(conversation)
    result = (analysis.result if analysis else None) or {}
    tallies: dict[str, list[list[int]]] = result.get("tallies", {})
    k = int(result.get("k", 0))
    visible = [g["id"] for g in public["groups"]]
    gic = result.get("group_informed_consensus", {})
    rows = []
    for s in conversation.statements.order_by("created_at", "id"):
        tally = tallies.get(str(s.pk))
        row: dict[str, Any] = {"statement": s, "agree": None, "disagree": None, "pass": None, "votes": 0,
                               "groups": [], "divisiveness": None, "gic": gic.get(str(s.pk))}
        if tally is not None:
            a, d, p, n = _counts(tally[k])
            row["votes"] = n
            if n >= MIN_GROUP:
                row.update(agree=_percent(a, n), disagree=_percent(d, n), **{"pass": _percent(p, n)})
            shares = []
            for g in visible:
                ga, _d, _p, gn = _counts(tally[g])
                shares.append(_percent(ga, gn) if gn >= MIN_GROUP else None)
            row["groups"] = shares
            known = [x for x in shares if x is not None]
            if len(known) >= 2:
                row["divisiveness"] = max(known) - min(known)
        rows.append(row)
    divisive = sorted((r for r in rows if r["divisiveness"] is not None and r["divisiveness"] >= DIVISIVE_MIN_GAP),
                      key=lambda r: -r["divisiveness"])[:10]
    return {"map": public, "statements": rows, "divisive": divisive,
            "group_labels": [label(g) for g in visible], "participation": participation(conversation),
            "n_participants": Participant.objects.filter(conversation=conversation, votes__isnull=False)
            .distinct().count(),
            "pending": conversation.statements.filter(moderation=Moderation.UNMODERATED).count()}
