from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phalang.deliberation.actions import MAX_STATEMENT, MAX_TOPIC
from phalang.orgs.models import Organisation


class StatementForm(forms.Form):
    text = forms.CharField(label=_("Your statement"), max_length=MAX_STATEMENT,
                           widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_STATEMENT}),
                           help_text=_("One short idea others can agree or disagree with. A moderator reads it first."))


class ConversationForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    topic = forms.CharField(label=_("Topic"), max_length=MAX_TOPIC)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    seeds = forms.CharField(label=_("Seed statements, one per line"), required=False,
                            widget=forms.Textarea(attrs={"rows": 8}))
    is_open = forms.BooleanField(label=_("Open for participation now"), required=False)

    def __init__(self, *args: Any, organisations: Any = None, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            # The owner of an existing conversation does not change; opening has its own buttons.
            del self.fields["organisation"]
            del self.fields["is_open"]
            self.fields["seeds"].label = _("Add seed statements, one per line")
        else:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]

    def seed_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("seeds", "").splitlines() if line.strip()]
