from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class TOTPForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code from your authenticator app"),
        min_length=6, max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code",
                                      "pattern": "[0-9]{6}", "autofocus": True}),
        error_messages={"min_length": _("Enter all 6 digits."), "max_length": _("Enter 6 digits only.")},
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError(_("The code has digits only."))
        return code
