"""Render a card as LINE would roughly show it (a Flex bubble as HTML), to look at in a browser or
as a PNG: ``python tools/flex_preview.py OUT.html`` writes the sample cards; then
``chromium --headless --virtual-time-budget=3000 --screenshot=out.png --window-size=400,800 OUT.html``.

An approximation of LINE's Flex layout (boxes, texts, separators, buttons), good enough to see
what a card says, its order and its buttons; LINE's own Flex Message Simulator is the reference."""

from __future__ import annotations

import html
import json
import sys
from pathlib import Path
from typing import Any

SIZES = {"xs": 12, "sm": 13, "md": 15, "lg": 18, "xl": 22}


def node(n: dict[str, Any]) -> str:
    kind = n.get("type")
    if kind == "box":
        direction = "row" if n.get("layout") in ("horizontal", "baseline") else "column"
        inner = "".join(node(c) for c in n.get("contents", []))
        return f'<div style="display:flex;flex-direction:{direction};gap:6px;margin-top:{8 if n.get("margin") else 0}px">{inner}</div>'
    if kind == "text":
        style = (f'font-size:{SIZES.get(n.get("size", "md"), 15)}px;color:{n.get("color", "#111")};'
                 f'font-weight:{700 if n.get("weight") == "bold" else 400};flex:{n.get("flex", 1)}')
        return f'<div style="{style}">{html.escape(n.get("text", ""))}</div>'
    if kind == "separator":
        return '<hr style="border:0;border-top:1px solid #ddd;margin:8px 0;width:100%">'
    if kind == "button":
        primary = n.get("style") == "primary"
        bg = n.get("color", "#0b6e4f") if primary else "#f1f1f1" if n.get("style") == "secondary" else "transparent"
        fg = "#fff" if primary else n.get("color", "#0b6e4f") if n.get("style") == "link" else "#111"
        label = html.escape(n["action"].get("label", ""))
        return f'<div style="background:{bg};color:{fg};border-radius:6px;padding:9px;text-align:center;font-size:15px">{label}</div>'
    return ""


def bubble(message: dict[str, Any]) -> str:
    b = message["contents"]
    parts = [f'<div style="padding:16px">{node(b["body"])}</div>']
    if b.get("footer"):
        parts.append(f'<div style="padding:0 16px 16px">{node(b["footer"])}</div>')
    return ('<div style="width:340px;background:#fff;border-radius:16px;overflow:hidden;margin:16px;'
            f'font-family:Sarabun,sans-serif">{"".join(parts)}</div>'
            f'<p style="margin:0 16px;color:#333;font:12px Sarabun,sans-serif">altText: {html.escape(message["altText"])}</p>')


def page(messages: list[dict[str, Any]]) -> str:
    fonts = Path(__file__).resolve().parent.parent / "phalang" / "static" / "phalang" / "fonts"
    face = "".join(f'@font-face{{font-family:Sarabun;src:url("{(fonts / f).as_uri()}");font-weight:{w}}}'
                   for f, w in (("sarabun-thai-400-normal.woff2", 400), ("sarabun-thai-700-normal.woff2", 700),
                                ("sarabun-latin-400-normal.woff2", 400), ("sarabun-latin-700-normal.woff2", 700)))
    return (f'<!doctype html><meta charset="utf-8"><style>{face}</style>'
            f'<body style="background:#8cabd9;margin:0">{"".join(bubble(m) for m in messages)}</body>')


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from phalang.messaging import cards

    samples = [
        cards.to_flex(cards.receipt("ได้รับเรื่องแล้ว", "4821-0937-5562-1840-3371", [("ประเภท", "การทุจริต")],
                                    [("ดูสถานะ", "case=12")], note="รหัสนี้แสดงครั้งเดียว กด \"คัดลอกรหัส\" หรือบันทึกภาพหน้าจอไว้"),
                      "ได้รับเรื่องแล้ว ขอบคุณที่แจ้ง"),
        cards.to_flex(cards.card("เวทีรับฟังความเห็นงบน้ำท่วม", lines=[("เวลา", "8 ธ.ค. 2569 18:00"), ("รูปแบบ", "ในสถานที่"),
                                 ("สถานที่", "หอประชุมอำเภอเมือง"), ("สถานะ", "ยืนยันแล้ว")],
                                 buttons=[("ยกเลิกการลงชื่อ", "unrsvp=AbC12xYz"), ("กิจกรรมของฉัน", "act=events")],
                                 links=[("เปิดตั๋ว", "https://phalang.example/coalition/events/AbC12xYz/ticket/t/")]),
                      "ลงชื่อแล้ว"),
    ]
    messages = [json.loads(m.to_json()) for m in samples] if len(argv) < 2 else json.loads(Path(argv[1]).read_text())
    Path(argv[0]).write_text(page(messages), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
