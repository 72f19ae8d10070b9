"""Page links for pages that carry more than one paginated list."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context, param, number):
    """The current query string with one list's page changed, the other lists' pages kept.

    `{% querystring %}` takes its keys literally, so it cannot name the parameter from a
    variable when one include serves several lists.
    """
    query = context["request"].GET.copy()
    query[param] = number
    return f"?{query.urlencode()}"
