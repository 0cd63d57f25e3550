"""Template helpers of the record pages."""

from django import template

from portal.links import url_if

register = template.Library()


@register.simple_tag
def optional_url(name, *args):
    """The URL of a page that may not be installed; empty when it does not resolve."""
    return url_if(name, *args)


@register.filter
def absolute(value):
    return abs(value)
