"""Template helpers of the record pages."""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def optional_url(name, *args):
    """The URL of a page that may not be installed yet; empty when it does not resolve."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@register.filter
def absolute(value):
    return abs(value)
