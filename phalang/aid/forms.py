from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from phalang.aid import kits
from phalang.aid.models import Need, Skill, VehicleKind
from phalang.places.models import Province
from phalang.places.widgets import ProvinceSelect


class HelpRequestForm(forms.Form):
    need = forms.ChoiceField(label=_("What help do you need?"), choices=Need.choices, widget=forms.RadioSelect)
    people = forms.IntegerField(label=_("How many people need help?"), min_value=1, max_value=500, initial=1)
    elderly = forms.BooleanField(label=_("Elderly people"), required=False)
    children = forms.BooleanField(label=_("Children"), required=False)
    disability = forms.BooleanField(label=_("People with a disability"), required=False)
    province = forms.ModelChoiceField(label=_("Province"), queryset=Province.objects.all(), required=False,
                                      empty_label=_("— choose a province —"), widget=ProvinceSelect)
    place_text = forms.CharField(label=_("District and subdistrict"), required=False, max_length=200,
                                 widget=forms.TextInput(attrs={"placeholder": "อ.เมืองเชียงราย ต.รอบเวียง"}))
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name"), required=False, max_length=150)
    phone = forms.CharField(label=_("Phone number"), required=False, max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    address = forms.CharField(label=_("Address (house number, village, landmark)"), required=False, max_length=500,
                              widget=forms.Textarea(attrs={"rows": 2}))
    details = forms.CharField(label=_("Anything else the volunteer should know?"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    consent = forms.BooleanField(
        label=_("I agree that the volunteer who takes this request may see my phone number and address."),
        required=False)

    def __init__(self, *args: Any, kit: kits.Kit | None = None, **kwargs: Any) -> None:
        """The crisis kit decides the needs offered and the triage questions asked."""
        super().__init__(*args, **kwargs)
        self.kit = kit or kits.get(kits.DEFAULT_KIT)
        self.fields["need"].choices = [(n, Need(n).label) for n in self.kit.needs]  # type: ignore[attr-defined]
        self.triage_keys = []
        for q in self.kit.questions_for():
            label = q.text_th if (get_language() or "th")[:2] == "th" else q.text_en
            if q.kind == "number":
                self.fields[q.key] = forms.IntegerField(label=label, required=False, min_value=q.low, max_value=q.high)
            else:
                self.fields[q.key] = forms.BooleanField(label=label, required=False)
            self.fields[q.key].widget.attrs["data-needs"] = " ".join(sorted(q.needs))
            self.triage_keys.append(q.key)
        # Every request asks where to go: the address (or the pin the page's map sets).
        self.fields["address"].label = (kits.ADDRESS_QUESTION.text_th if (get_language() or "th")[:2] == "th"
                                        else kits.ADDRESS_QUESTION.text_en)
        self.order_fields(["need", "people", "elderly", "children", "disability", *self.triage_keys])

    def triage_fields(self) -> list[Any]:
        return [self[k] for k in self.triage_keys]

    def answers(self) -> dict[str, Any]:
        return {k: self.cleaned_data.get(k) for k in self.triage_keys if self.cleaned_data.get(k) not in (None, False)}


class ProxyRequestForm(HelpRequestForm):
    proxy_detail = forms.ChoiceField(label=_("Who is registering this request?"), choices=[
        ("shop", _("A shop")), ("community_leader", _("A community leader")), ("hotline", _("A hotline")),
        ("staff", _("Staff of the volunteer group")), ("other", _("Other"))])


class ReceiptForm(forms.Form):
    receipt = forms.CharField(label=_("Your receipt"), max_length=40,
                              widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))


class VolunteerForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Volunteer group"))
    place_text = forms.CharField(label=_("Where do you start from? (subdistrict, district, province)"),
                                 max_length=200)
    radius_km = forms.FloatField(label=_("How far will you travel (km)?"), min_value=0.5, max_value=200, initial=10)
    skills = forms.MultipleChoiceField(label=_("Skills"), choices=Skill.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    vehicle = forms.ChoiceField(label=_("Vehicle"), choices=VehicleKind.choices)
    vehicle_capacity = forms.IntegerField(label=_("Parcels your vehicle carries"), min_value=0, initial=0)
    available_days = forms.MultipleChoiceField(
        label=_("Days you are available"), widget=forms.CheckboxSelectMultiple, initial=list("0123456"),
        choices=[("0", _("Mon")), ("1", _("Tue")), ("2", _("Wed")), ("3", _("Thu")), ("4", _("Fri")),
                 ("5", _("Sat")), ("6", _("Sun"))])
    available_from = forms.TimeField(label=_("From"), initial="08:00", widget=forms.TimeInput(attrs={"type": "time"}))
    available_until = forms.TimeField(label=_("Until"), initial="20:00",
                                      widget=forms.TimeInput(attrs={"type": "time"}))
    max_tasks_per_day = forms.IntegerField(label=_("Most tasks a day"), min_value=1, max_value=20, initial=2)
    phone = forms.CharField(label=_("Phone number (for coordinators)"), max_length=20, required=False)


class VolunteerSignupForm(VolunteerForm):
    username = forms.RegexField(label=_("Username"), regex=r"^[a-zA-Z0-9_.-]{3,40}$", max_length=40)
    display_name = forms.CharField(label=_("Your name"), max_length=100)
    password = forms.CharField(label=_("Password (at least 10 characters)"), min_length=10,
                               widget=forms.PasswordInput)


class TriageForm(forms.Form):
    urgency = forms.TypedChoiceField(label=_("Urgency"), coerce=int, choices=[(4, "4"), (3, "3"), (2, "2"), (1, "1")])
    reason = forms.CharField(label=_("Reason, if you change it"), required=False, max_length=300)


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet: Excel (.xlsx) or CSV (UTF-8 or TIS-620)"))


class StockForm(forms.Form):
    item = forms.SlugField()
    quantity = forms.IntegerField(min_value=0)
    minimum = forms.IntegerField(min_value=0, required=False)
