"""Form widgets for places."""

from __future__ import annotations

from typing import Any

from django import forms


class ProvinceSelect(forms.Select):
    """A province ``<select>`` whose options carry the Thai name (``data-name-th``), so a map script
    finds the province's outline on an English page too (pin-map.js)."""

    def create_option(self, name: str, value: Any, label: Any, selected: Any, index: int,
                      subindex: int | None = None, attrs: dict[str, Any] | None = None) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-name-th"] = instance.name_th
        return option
