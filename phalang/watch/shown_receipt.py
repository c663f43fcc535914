"""The report form's receipt page, ``/report/received/``: the shared one-time receipt
(``phalang/lib/shown_receipt.py``, which Mutual aid's help-request form uses too)."""

from __future__ import annotations

from phalang.lib.shown_receipt import SHOW_SECONDS, ShownReceipt, new_token

_REPORT = ShownReceipt("report", cookie="phalang_receipt", path="/report/received/")
COOKIE, COOKIE_PATH = _REPORT.cookie, _REPORT.path
claim, release, keep, pending = _REPORT.claim, _REPORT.release, _REPORT.keep, _REPORT.pending
set_cookie, current, forget = _REPORT.set_cookie, _REPORT.current, _REPORT.forget

__all__ = ["COOKIE", "COOKIE_PATH", "SHOW_SECONDS", "claim", "current", "forget", "keep", "new_token",
           "pending", "release", "set_cookie"]
