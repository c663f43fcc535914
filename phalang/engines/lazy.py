"""Package exports that load their submodule on first use (PEP 562).

An engine package re-exports its API from submodules; importing them all at once pulls in
SciPy, OR-Tools, Pillow or pypdfium2, which every Django command and web worker would pay for
at start-up though few use them (docs/benchmarks.md, "Command start-up"). With ``exports``
the package keeps its public names (``from phalang.engines.matching import match`` still
works) and imports each submodule only when one of its names is first read.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def exports(package: str, where: dict[str, str],
            namespace: dict[str, Any]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``; ``where`` maps a name to its submodule."""

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        namespace[name] = value  # the next lookup is an ordinary global
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(where))

    return __getattr__, __dir__
