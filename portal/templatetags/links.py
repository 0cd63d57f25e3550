"""`{% url_if 'meetings:trip-detail' trip.pk as link %}` and `{{ trip.pk|trip_url }}`:
links that fall back gracefully when a page is not installed."""

from django import template

from portal import links

register = template.Library()


@register.simple_tag
def url_if(name, *args):
    return links.url_if(name, *args)


@register.filter
def trip_url(trip_id):
    return links.trip_url(trip_id)
