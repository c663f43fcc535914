"""Bad input, said in Thai and English: one exception for every place that validates fields."""

from __future__ import annotations


class FieldErrors(Exception):
    """Field errors, each with a Thai and an English message: ``{field: (thai, english)}``.

    Pages show the message in the visitor's language; the API returns ``as_json()``.
    """

    def __init__(self, errors: dict[str, tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{k}: {en}" for k, (_th, en) in errors.items()))
        self.errors = errors

    def as_json(self) -> list[dict[str, str]]:
        return [{"field": k, "message_th": th, "message_en": en} for k, (th, en) in self.errors.items()]
