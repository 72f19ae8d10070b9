"""Links to pages that another part of the app may not provide yet."""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def url_if_exists(name, *args):
    """The URL for `name`, or "" when no such page exists, so templates can leave the link out."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
