"""Dates in the ROC calendar (民國) beside ISO dates.

`{{ day|roc }}` gives 民國 111 年 8 月 22 日 when the page is in Chinese, and the ISO
date otherwise; `{{ day|dual_date }}` gives a <time> element with both.
"""

import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()


def _as_date(value):
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return None


def roc_date(day: datetime.date) -> str:
    year = day.year - 1911
    if year > 0:
        return f"民國 {year} 年 {day.month} 月 {day.day} 日"
    return f"民國前 {1 - year} 年 {day.month} 月 {day.day} 日"


def _chinese_ui():
    return (get_language() or "").lower().startswith("zh")


@register.filter
def roc(value):
    day = _as_date(value)
    if day is None:
        return value if value not in (None, "") else ""
    return roc_date(day) if _chinese_ui() else day.isoformat()


@register.filter
def dual_date(value):
    day = _as_date(value)
    if day is None:
        return ""
    if _chinese_ui():
        return format_html(
            '<time datetime="{}">{} <span class="iso">({})</span></time>',
            day.isoformat(),
            roc_date(day),
            day.isoformat(),
        )
    return format_html('<time datetime="{}">{}</time>', day.isoformat(), day.isoformat())
