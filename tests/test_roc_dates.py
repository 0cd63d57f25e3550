"""Dates read in the ROC calendar (民國) in the Chinese UI, ISO in English."""

import datetime

from django.template import Context, Template
from django.utils import translation


def render(template, **context):
    return Template("{% load roc %}" + template).render(Context(context))


def test_roc_filter_in_chinese():
    with translation.override("zh-hant"):
        assert render("{{ d|roc }}", d=datetime.date(2022, 8, 22)) == "民國 111 年 8 月 22 日"


def test_roc_filter_in_english_gives_iso():
    with translation.override("en"):
        assert render("{{ d|roc }}", d=datetime.date(2022, 8, 22)) == "2022-08-22"


def test_roc_filter_uses_taipei_time_for_datetimes(settings):
    moment = datetime.datetime(2022, 8, 21, 17, 30, tzinfo=datetime.UTC)  # 01:30 in Taipei
    with translation.override("zh-hant"):
        assert render("{{ d|roc }}", d=moment) == "民國 111 年 8 月 22 日"


def test_dual_date_shows_both_calendars():
    with translation.override("zh-hant"):
        html = render("{{ d|dual_date }}", d=datetime.date(2001, 11, 18))
    assert 'datetime="2001-11-18"' in html
    assert "民國 90 年 11 月 18 日" in html
    assert "2001-11-18" in html


def test_empty_date_renders_nothing():
    assert render("{{ d|roc }}", d=None) == ""
