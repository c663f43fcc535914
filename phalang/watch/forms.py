from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from phalang.places.models import Province
from phalang.places.widgets import ProvinceSelect
from phalang.watch import vault
from phalang.watch.models import Anonymity, Category


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        items = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(d, initial) for d in items]


class ReportForm(forms.Form):
    category = forms.ChoiceField(label=_("What is it about?"), widget=forms.RadioSelect)
    description = forms.CharField(
        label=_("What happened?"), widget=forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
        help_text=_("Who, what, where, when. Do not write your own name unless you want it known."))
    province = forms.ModelChoiceField(label=_("Province"), queryset=Province.objects.all(), required=False,
                                      empty_label=_("— choose a province —"), widget=ProvinceSelect)
    place_text = forms.CharField(label=_("District and subdistrict, or the address"), required=False, max_length=200,
                                 widget=forms.TextInput(attrs={"placeholder": "อ.บางพลี ต.บางพลีใหญ่"}))
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput)
    occurred_on = forms.DateField(label=_("When did it happen?"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
    related_project = forms.CharField(label=_("Related procurement or budget project id (if you know it)"),
                                      required=False, max_length=120)
    # The same files the chat takes: one list, the vault's (vault.ACCEPT); each is judged by its content.
    evidence = MultipleFileField(label=format_lazy(_("Photos, documents, video or sound ({types}; up to 10 files "
                                                     "of 20 MB)"), types=vault.ACCEPTED_NAMES),
                                 required=False, widget=MultipleFileInput(attrs={"accept": vault.ACCEPT}))
    anonymity = forms.ChoiceField(label=_("Who may know it was you?"), choices=Anonymity.choices,
                                  widget=forms.RadioSelect, initial=Anonymity.ANONYMOUS)
    contact = forms.CharField(label=_("How can moderators reach you? (phone, LINE id or e-mail)"),
                              required=False, max_length=200)
    reporter_name = forms.CharField(label=_("Your name (named reports only)"), required=False, max_length=150)

    def __init__(self, *args: Any, language: str = "th", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        category = self.fields["category"]
        assert isinstance(category, forms.ChoiceField)
        category.choices = [(c.slug, c.label(language)) for c in Category.objects.filter(active=True)]
        self.fields["occurred_on"].widget.attrs["max"] = timezone.localdate().isoformat()


class StaffReportForm(ReportForm):
    channel_detail = forms.ChoiceField(label=_("How did the citizen reach you?"), choices=[
        ("phone", _("Phone call")), ("walk_in", _("Walk-in")), ("letter", _("Letter")), ("other", _("Other"))])


class ReceiptForm(forms.Form):
    receipt = forms.CharField(label=_("Your receipt"), max_length=40,
                              widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off",
                                                            "placeholder": "1234-5678-9012-3456-7890"}))


class AddInfoForm(ReceiptForm):
    message = forms.CharField(label=_("Add information or answer the moderator"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000}))
    evidence = MultipleFileField(label=_("More photos, documents, video or sound"), required=False,
                                 widget=MultipleFileInput(attrs={"accept": vault.ACCEPT}))


class FixAnswerForm(ReceiptForm):
    fixed = forms.ChoiceField(choices=[("yes", _("Yes, it is fixed")), ("no", _("No, it is not fixed"))])
    photo = forms.FileField(label=_("A photo of how it is now (optional)"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
