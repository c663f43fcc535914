"""A form sent with mistakes tells a screen-reader user what went wrong: each error is in a live
region (role=alert), and the field it belongs to is marked invalid and points at it with
aria-describedby, so moving to the field reads the error again."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHECK_JS = """(form) => {
  const scope = document.querySelector(form);
  const problems = [];
  const invalid = [...scope.querySelectorAll('[aria-invalid=true]')];
  for (const el of invalid) {
    // A radio or checkbox group is described as a whole, on its fieldset.
    const described = el.hasAttribute('aria-describedby') ? el : (el.closest('fieldset[aria-describedby]') || el);
    const ids = (described.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
    const targets = ids.map((id) => document.getElementById(id));
    if (targets.some((t) => !t)) problems.push(el.name + ': aria-describedby names a missing element');
    const error = targets.find((t) => t && t.classList.contains('error'));
    if (!error) { problems.push(el.name + ': not linked to its error'); continue; }
    if (!error.innerText.trim()) problems.push(el.name + ': its error is empty');
    const live = error.closest('[role=alert],[aria-live]');
    if (!live || live.getAttribute('aria-live') === 'off') problems.push(el.name + ': its error is not announced');
  }
  return {invalid: invalid.map((el) => el.name), problems};
}"""

FORMS = [
    # (page, the form, its submit button, fields that must be flagged when sent empty)
    ("/report/", "#report-form", "#report-form button[type=submit]", {"description"}),
    ("/aid/", "main form.stack", "main form.stack button[type=submit]", {"need", "people"}),
    ("/status/", "#receipt-form", "#receipt-form button", {"receipt"}),
]


@pytest.mark.parametrize("path,form,submit,expected", FORMS, ids=[f[0] for f in FORMS])
def test_errors_are_announced_and_linked(page, gazetteer, path: str, form: str, submit: str,  # type: ignore[no-untyped-def]
                                         expected: set[str]) -> None:
    page.goto(page.base_url + path)
    if path == "/aid/":
        page.fill("#id_people", "0")  # below the minimum, and no need chosen
    if path == "/status/":
        page.fill("#id_receipt", "12")  # too short (an empty one the browser itself refuses)
    with page.expect_navigation():
        page.click(submit)
    result = page.evaluate(CHECK_JS, form)
    assert expected <= set(result["invalid"]), result
    assert not result["problems"], result["problems"]
    # The errors are in Thai, the page's language.
    assert page.locator(f"{form} .error").first.inner_text().strip()
