"""The default report categories; a deployment can add more."""

from __future__ import annotations

from typing import Any

DEFAULT_CATEGORIES = [
    ("corruption", "การทุจริต", "Corruption", 10),
    ("public_service", "บริการสาธารณะ", "Public services", 20),
    ("environment", "สิ่งแวดล้อม", "Environment", 30),
    ("other", "อื่น ๆ", "Other", 90),
]


def ensure_categories(category_model: Any = None) -> None:
    if category_model is None:
        from phalang.watch.models import Category as category_model
    for slug, th, en, pos in DEFAULT_CATEGORIES:
        category_model.objects.get_or_create(slug=slug, defaults={"name_th": th, "name_en": en, "position": pos})
