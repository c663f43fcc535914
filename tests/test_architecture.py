"""The layers of the chat stay apart (docs/architecture.md, "Chat and messaging").

* ``messaging`` is below the apps: it imports no app and not the chat.
* The ``chat`` core is above the apps but holds no business rule: it imports no app. Apps plug
  their conversations in from their own ``flows.py``; nothing else in an app imports the chat.
* Apps queue messages only through ``messaging.notify``: no app touches the outbox's model or
  module (and so writes no SQL against its table).
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PHALANG = ROOT / "phalang"
APPS = ("watch", "aid", "deliberation", "coalition", "opendata", "places", "orgs", "accounts")


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at any depth (imports inside functions count)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _files(package: str) -> list[Path]:
    return sorted(p for p in (PHALANG / package).rglob("*.py") if "migrations" not in p.parts)


def _under(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def test_messaging_imports_no_app_and_not_the_chat() -> None:
    bad = [(_module(f), name) for f in _files("messaging") for name in _imports(f)
           if any(_under(name, f"phalang.{app}") for app in (*APPS, "chat"))]
    assert not bad, f"messaging must stay below the apps: {bad}"


def test_the_chat_core_imports_no_app() -> None:
    files = _files("chat")
    assert files, "phalang/chat is missing"
    bad = [(_module(f), name) for f in files for name in _imports(f)
           if any(_under(name, f"phalang.{app}") for app in APPS)]
    assert not bad, f"the chat core must not import an app (register a flow from the app instead): {bad}"


def test_apps_reach_the_chat_only_from_their_flows() -> None:
    bad = []
    for app in APPS:
        for f in _files(app):
            if f.name == "flows.py":
                continue
            bad += [(_module(f), name) for name in _imports(f) if _under(name, "phalang.chat")]
    assert not bad, f"only <app>/flows.py may import phalang.chat: {bad}"


def test_apps_queue_messages_only_through_notify() -> None:
    # cards builds a message's shape (a Flex card and its fallbacks); it queues nothing.
    allowed = {"phalang.messaging", "phalang.messaging.notify", "phalang.messaging.message",
               "phalang.messaging.cards"}
    bad = []
    for app in APPS:
        for f in _files(app):
            bad += [(_module(f), name) for name in _imports(f)
                    if _under(name, "phalang.messaging") and name not in allowed]
            text = f.read_text()
            if "OutboundMessage" in text or "outboundmessage" in text:
                bad.append((_module(f), "the outbox table"))
    assert not bad, f"apps queue messages through phalang.messaging.notify only: {bad}"


def test_chat_context_is_gone() -> None:
    offenders = [_module(p) for p in PHALANG.rglob("*.py") if "ChatContext" in p.read_text()]
    assert not offenders, offenders


def test_the_architecture_check_sees_a_violation(tmp_path: Path) -> None:
    """The import scan is not blind: a chat module importing an app is caught."""
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from phalang.watch import actions\n    import phalang.aid.chat\n")
    assert {"phalang.watch", "phalang.watch.actions", "phalang.aid.chat"} <= _imports(probe)
