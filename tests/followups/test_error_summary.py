"""The follow-up form answers bad input with an error summary that lists every error
and links each to its field (WCAG 3.3.1), and changes nothing."""

import re

from django.urls import reverse

from meetings.services.followups import version_of


def test_summary_lists_and_links_each_error(chinese_ui, client_for, editor, my_follow_up):
    url = reverse("meetings:followup-status", args=[my_follow_up.pk])
    data = {"status": "done", "note": "", "version": version_of(my_follow_up)}
    response = client_for(editor).post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    summary = re.search(r'<div class="form-errors error-summary"(.*?)</div>', html, re.S)
    assert summary, "no error summary"
    assert 'role="alert"' in summary.group(1)
    links = re.findall(r'<a href="#(id_\w+)">([^<]+)</a>', summary.group(1))
    assert {target for target, _text in links} >= {"id_note", "id_outcome"}
    for target, text in links:
        assert f'id="{target}"' in html  # each link leads to its field
        assert "：" in text  # "label：message"
    assert html.index("error-summary") < html.index("<h1>")
    my_follow_up.refresh_from_db()
    assert my_follow_up.status == "open"


def test_no_summary_without_errors(client_for, editor, my_follow_up):
    html = client_for(editor).get(reverse("meetings:followup-detail", args=[my_follow_up.pk]))
    assert "error-summary" not in html.content.decode()
