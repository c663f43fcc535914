"""Text in another language than the page is marked with its `lang`, by the template filters
every template uses (core/templatetags/thai.py): a Thai agency name on an English page is Thai,
not an untranslated label, and a screen reader reads it in a Thai voice."""

from __future__ import annotations

from types import SimpleNamespace

from django.template import Context, Template
from django.utils import translation


def render(source: str, lang: str = "en", **context: object) -> str:
    with translation.override(lang):
        return Template(source).render(Context(context))


def test_in_own_lang_marks_thai_and_escapes() -> None:
    assert render("{{ x|in_own_lang }}", x="เทศบาลตำบลบางพลีใหญ่") == '<span lang="th">เทศบาลตำบลบางพลีใหญ่</span>'
    assert render("{{ x|in_own_lang }}", x="<b>hour</b>") == '<span lang="">&lt;b&gt;hour&lt;/b&gt;</span>'


def test_verbatim_marks_a_code_as_no_language() -> None:
    assert render("{{ x|verbatim }}", x="pfN1YQ") == '<span translate="no">pfN1YQ</span>'


def test_place_marks_thai_only_names_and_gives_the_province_in_the_page_language(gazetteer) -> None:  # type: ignore[no-untyped-def]
    from phalang.places.models import Subdistrict

    sub = Subdistrict.objects.select_related("district__province").get(name_th="บางพลีใหญ่")
    en = render("{{ s|place }}", "en", s=sub)
    assert en == '<span lang="th">บางพลีใหญ่</span>, <span lang="th">บางพลี</span>, Samut Prakan'
    th = render("{{ s|place }}", "th", s=sub)
    assert th.endswith('<span lang="th">สมุทรปราการ</span>')
    assert render("{{ s|place }}", "en", s=sub.district) == '<span lang="th">บางพลี</span>, Samut Prakan'


def test_in_page_lang_picks_the_english_name_or_marks_the_thai() -> None:
    item = SimpleNamespace(name_th="ข้าวสาร", name_en="Rice")
    assert render("{{ i|in_page_lang }}", "en", i=item) == "Rice"
    assert render("{{ i|in_page_lang }}", "th", i=item) == '<span lang="th">ข้าวสาร</span>'
    q = SimpleNamespace(text_th="มีไข้หรือไม่", text_en="")
    assert render('{{ q|in_page_lang:"text" }}', "en", q=q) == '<span lang="th">มีไข้หรือไม่</span>'


def test_with_lang_marks_a_field_holding_text_someone_wrote() -> None:
    from django import forms

    class F(forms.Form):
        issue = forms.CharField(widget=forms.Textarea)
        empty = forms.CharField(widget=forms.Textarea, required=False)

    form = F(initial={"issue": "งบน้ำท่วมไม่โปร่งใส"})
    html = render("{{ f.issue|with_lang }}{{ f.empty|with_lang }}", f=form)
    assert html.count('lang="th"') == 1 and 'name="issue"' in html and 'name="empty"' in html
