"""Staff forms of the coalition module. They check the shape of the input; the rules live in the
actions (actions.py, staff_actions.py), whose errors the views put back on these forms."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phalang.coalition.models import (
    Campaign,
    CampaignLink,
    Coalition,
    CoalitionMember,
    CommitmentStatus,
    Event,
    SubscriberTag,
)
from phalang.orgs.models import AreaOfWork, Organisation, OrganisationKind
from phalang.places.models import Province

DATETIME = {"type": "datetime-local"}
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def _datetime(label: Any, required: bool = False) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, required=required, input_formats=DATETIME_FORMATS,
                               widget=forms.DateTimeInput(attrs=DATETIME, format="%Y-%m-%dT%H:%M"))


def _province(label: Any = None) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(label=label or _("Province"), queryset=Province.objects.all(), required=False,
                                  empty_label=_("— all provinces —"))


class ProfileForm(forms.Form):
    """What the public directory shows about the organisation."""

    description = forms.CharField(label=_("What the organisation does"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    areas = forms.MultipleChoiceField(label=_("Areas of work"), choices=AreaOfWork.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    tags = forms.CharField(label=_("Other topics (comma-separated)"), required=False, max_length=300)
    provinces_served = forms.ModelMultipleChoiceField(label=_("Provinces served"), queryset=Province.objects.all(),
                                                      required=False, widget=forms.CheckboxSelectMultiple)
    public_email = forms.EmailField(label=_("Public e-mail"), required=False)
    public_phone = forms.RegexField(label=_("Public phone"), regex=r"^\+?[0-9 -]{3,20}$", required=False,
                                    error_messages={"invalid": _("Enter a phone number: digits, spaces or dashes.")})
    line_oa = forms.RegexField(label=_("LINE Official Account"), regex=r"^@?[A-Za-z0-9._-]{2,20}$", required=False,
                               error_messages={"invalid": _("Enter a LINE Official Account id such as @phalang.")})
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")


class CampaignForm(forms.Form):
    slug = forms.SlugField(label=_("Web address (letters, digits and dashes)"), max_length=80,
                           error_messages={"invalid": _("Use only English letters, digits and dashes.")})
    title = forms.CharField(label=_("Title"), max_length=200)
    issue = forms.CharField(label=_("The issue"), widget=forms.Textarea(attrs={"rows": 3}))
    goals = forms.CharField(label=_("Goals"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    coalition = forms.ModelChoiceField(label=_("Coalition"), queryset=Coalition.objects.none(), required=False,
                                       empty_label=_("— none —"))
    province = _province()
    milestones = forms.CharField(
        label=_("Milestones, one a line (optionally “title | YYYY-MM-DD”)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, organisation: Organisation, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        coalition = self.fields["coalition"]
        assert isinstance(coalition, forms.ModelChoiceField)
        coalition.queryset = Coalition.objects.filter(members__organisation=organisation)
        if editing:
            del self.fields["slug"], self.fields["milestones"]

    def clean_milestones(self) -> list[tuple[str, date | None]]:
        out: list[tuple[str, date | None]] = []
        for n, line in enumerate(self.cleaned_data.get("milestones", "").splitlines(), 1):
            if not line.strip():
                continue
            title, _sep, due = line.partition("|")
            try:
                due_on = date.fromisoformat(due.strip()) if due.strip() else None
            except ValueError:
                raise forms.ValidationError(_("Line %(n)d: write the date as YYYY-MM-DD.") % {"n": n}) from None
            out.append((title.strip(), due_on))
        return out


class CoalitionForm(forms.Form):
    slug = forms.SlugField(label=_("Web address (letters, digits and dashes)"), max_length=80,
                           error_messages={"invalid": _("Use only English letters, digits and dashes.")})
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("What the coalition works for"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 3}))


class DirectoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name_th} · {obj.get_kind_display()}{' · ✓' if obj.verified else ''}"


class CoalitionMemberForm(forms.Form):
    """Add an organisation from the partner directory, with its role."""

    organisation = DirectoryChoiceField(label=_("Organisation (from the partner directory)"),
                                        queryset=Organisation.objects.none(), empty_label=_("— choose —"))
    role = forms.ChoiceField(label=_("Role"), choices=CoalitionMember.Role.choices,
                             initial=CoalitionMember.Role.MEMBER)

    def __init__(self, *args: Any, coalition: Coalition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        organisation.queryset = (Organisation.objects.exclude(coalition_memberships__coalition=coalition)
                                 .order_by("name_th"))


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100, initial=0)


class CampaignUpdateForm(forms.Form):
    text = forms.CharField(label=_("Public update"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    notify = forms.BooleanField(label=_("Send it to the campaign's followers"), required=False, initial=True)


class CampaignLinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of work"), choices=CampaignLink.Kind.choices)
    external_id = forms.CharField(label=_("Its public id (report receipt page id, process id, …)"), max_length=80)
    label = forms.CharField(label=_("Label"), required=False, max_length=200)


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    mode = forms.ChoiceField(label=_("Type"), choices=Event.Mode.choices, initial=Event.Mode.OFFLINE)
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.none(), required=False,
                                      empty_label=_("— none —"))
    starts_at = _datetime(_("Starts at"), required=True)
    ends_at = _datetime(_("Ends at"))
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    capacity = forms.IntegerField(label=_("Capacity (empty: no limit)"), required=False, min_value=1)
    requires_approval = forms.BooleanField(label=_("Organisers confirm each sign-up"), required=False)
    pledge_threshold = forms.IntegerField(
        label=_("Goes ahead only when this many pledge (empty: at once)"), required=False, min_value=2,
        help_text=_("Sign-ups are pledges (\"I will join if enough others do\") until this many people have "
                    "pledged; then everyone who pledged is told, and a hidden venue goes only to them."))
    venue = forms.CharField(label=_("Venue"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    venue_reveal_at = _datetime(_("Keep the venue and link hidden until (empty: public now)"))

    VENUE_FIELDS = ("venue", "online_url", "venue_reveal_at")

    def __init__(self, *args: Any, organisation: Organisation, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        campaign = self.fields["campaign"]
        assert isinstance(campaign, forms.ModelChoiceField)
        campaign.queryset = Campaign.objects.filter(organisation=organisation)
        if editing:
            for name in (*self.VENUE_FIELDS, "pledge_threshold"):
                del self.fields[name]


class VenueForm(forms.Form):
    venue = forms.CharField(label=_("Venue"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    venue_reveal_at = _datetime(_("Reveal at (only before the reveal)"))


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes and outcomes"), required=False, max_length=20000,
                              widget=forms.Textarea(attrs={"rows": 8}))


class CommitmentForm(forms.Form):
    title = forms.CharField(label=_("Commitment"), max_length=300)
    made_by = forms.ModelChoiceField(
        label=_("Made by (party or agency)"), required=False, empty_label=_("— an official, named below —"),
        queryset=Organisation.objects.filter(kind__in=[OrganisationKind.POLITICAL_PARTY, OrganisationKind.AGENCY]))
    made_by_official = forms.CharField(label=_("Official (name and position)"), required=False, max_length=200)
    description = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    source_title = forms.CharField(label=_("Source document"), max_length=300)
    source_date = forms.DateField(label=_("Source date"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
    source_url = forms.URLField(label=_("Source link"), required=False, assume_scheme="https")
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.none(), required=False,
                                      empty_label=_("— none —"))

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        campaign = self.fields["campaign"]
        assert isinstance(campaign, forms.ModelChoiceField)
        campaign.queryset = Campaign.objects.filter(organisation=organisation)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("made_by") and not (data.get("made_by_official") or "").strip():
            self.add_error("made_by_official", _("Name the party, agency or official who made the commitment."))
        return data


class CommitmentStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CommitmentStatus.choices)
    # Surrounding spaces are stripped, so a reason of spaces only is a missing one.
    reason = forms.CharField(label=_("Reason"), max_length=5000,
                             error_messages={"required": _("Give the reason for the change.")})
    evidence_url = forms.URLField(label=_("Evidence link"), required=False, assume_scheme="https")


CHANNEL_LABELS = [("line", "LINE"), ("telegram", "Telegram"), ("email", pgettext_lazy("contact channel", "E-mail")),
                  ("sms", "SMS")]


class BroadcastForm(forms.Form):
    """Every audience offered resolves to people who agreed to receive it (actions.audience)."""

    text = forms.CharField(label=_("Message"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    province = _province(_("Area: subscribers in province"))
    segment = forms.ChoiceField(label=_("Audience"), required=False)
    channels = forms.MultipleChoiceField(label=_("Channels (none ticked: every channel)"), required=False,
                                         choices=CHANNEL_LABELS, widget=forms.CheckboxSelectMultiple)
    send_at = _datetime(_("Send at (empty: now)"))

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = [("", _("— everyone who subscribed —"))]
        for c in Coalition.objects.filter(members__organisation=organisation):
            choices.append((f"{SubscriberTag.Kind.COALITION}:{c.pk}",
                            _("Coalition followers: %(name)s") % {"name": c.name}))
        for cp in Campaign.objects.filter(organisation=organisation):
            choices.append((f"{SubscriberTag.Kind.CAMPAIGN}:{cp.pk}", _("Campaign followers: %(name)s")
                            % {"name": cp.title}))
        for e in Event.objects.filter(organisation=organisation).order_by("-starts_at")[:50]:
            choices.append((f"{SubscriberTag.Kind.EVENT}:{e.pk}",
                            _("Confirmed participants: %(name)s") % {"name": e.title}))
        for value, label in AreaOfWork.choices:
            choices.append((f"{SubscriberTag.Kind.INTEREST}:{value}", _("Interested in: %(name)s") % {"name": label}))
        segment = self.fields["segment"]
        assert isinstance(segment, forms.ChoiceField)
        segment.choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, _sep, value = (data.get("segment") or "").partition(":")
        data["tag_kind"], data["tag_value"] = kind, value
        return data
