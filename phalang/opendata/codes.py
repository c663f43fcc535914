"""Thai (and English) names for the OCDS codes pages show: procurement methods, statuses, release
tags and identifier schemes.

A known code gets its label in the page's language (pgettext, context "ocds …"); anything else is
the publisher's own text, shown as published and marked with its language (``lang_of``), never
passed off as ours.
"""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

METHODS = {
    "open": pgettext_lazy("ocds method", "Open"),
    "selective": pgettext_lazy("ocds method", "Selective"),
    "limited": pgettext_lazy("ocds method", "Limited"),
    "direct": pgettext_lazy("ocds method", "Direct"),
}

# Tender, award, contract and bid statuses share some codes; one word each is enough on a page.
STATUSES = {
    "planning": pgettext_lazy("ocds status", "Planning"),
    "planned": pgettext_lazy("ocds status", "Planned"),
    "active": pgettext_lazy("ocds status", "Active"),
    "pending": pgettext_lazy("ocds status", "Pending"),
    "cancelled": pgettext_lazy("ocds status", "Cancelled"),
    "unsuccessful": pgettext_lazy("ocds status", "Unsuccessful"),
    "complete": pgettext_lazy("ocds status", "Complete"),
    "withdrawn": pgettext_lazy("ocds status", "Withdrawn"),
    "terminated": pgettext_lazy("ocds status", "Terminated"),
    "invited": pgettext_lazy("ocds status", "Invited"),
    "valid": pgettext_lazy("ocds status", "Valid"),
    "disqualified": pgettext_lazy("ocds status", "Disqualified"),
}

TAGS = {
    "planning": pgettext_lazy("ocds release tag", "planning"),
    "planningUpdate": pgettext_lazy("ocds release tag", "planning update"),
    "tender": pgettext_lazy("ocds release tag", "tender"),
    "tenderAmendment": pgettext_lazy("ocds release tag", "tender amendment"),
    "tenderUpdate": pgettext_lazy("ocds release tag", "tender update"),
    "tenderCancellation": pgettext_lazy("ocds release tag", "tender cancelled"),
    "award": pgettext_lazy("ocds release tag", "award"),
    "awardUpdate": pgettext_lazy("ocds release tag", "award update"),
    "awardCancellation": pgettext_lazy("ocds release tag", "award cancelled"),
    "bid": pgettext_lazy("ocds release tag", "bids"),  # the bids extension's tag (Ukraine's publisher)
    "contract": pgettext_lazy("ocds release tag", "contract"),
    "contractUpdate": pgettext_lazy("ocds release tag", "contract update"),
    "contractAmendment": pgettext_lazy("ocds release tag", "contract amendment"),
    "implementation": pgettext_lazy("ocds release tag", "implementation"),
    "implementationUpdate": pgettext_lazy("ocds release tag", "implementation update"),
    "contractTermination": pgettext_lazy("ocds release tag", "contract ended"),
    "compiled": pgettext_lazy("ocds release tag", "compiled"),
}

# The scheme the import gives a party the publisher named without any registered identifier.
LOCAL_SCHEME = "X-LOCAL"
LOCAL_SCHEME_LABEL = pgettext_lazy("ocds identifier scheme", "no registration number (publisher's own id)")


# A currency we have a word for; any other is shown as its ISO 4217 code.
CURRENCIES = {
    "THB": pgettext_lazy("currency", "baht"),
}


def currency(code: str) -> str | None:
    """The word for a currency code on the page's language ("THB" -> "บาท"), else None (the code as published)."""
    label = CURRENCIES.get(code.strip().upper()) if isinstance(code, str) else None
    return str(label) if label is not None else None


def method(code: str) -> str | None:
    """The label of a known procurement method code, else None (the publisher's own text)."""
    label = METHODS.get(code)
    return str(label) if label is not None else None


def status(code: str) -> str | None:
    label = STATUSES.get(code)
    return str(label) if label is not None else None


def tags(values: object) -> str:
    """Release tags as words in the page's language ("ประกาศเชิญชวน, ผลการพิจารณา"); unknown tags as published."""
    if not isinstance(values, list):
        return ""
    return ", ".join(str(TAGS.get(v, v)) for v in values if isinstance(v, str))
UNNAMED_LABEL = pgettext_lazy("organisation", "organisation not named in the data")
