from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from phalang.orgs.models import Organisation

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    slug: str
    name_th: str
    name_en: str
    kind: str
    verified: bool
    is_demo: bool
    website: str


@router.get("/organisations", response=list[OrganisationOut])
def organisations(request: HttpRequest, verified: bool | None = None) -> list[Organisation]:
    """The public directory of partner organisations."""
    qs = Organisation.objects.all()
    if verified is not None:
        qs = qs.filter(verified=verified)
    return list(qs)
