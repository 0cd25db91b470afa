from django import template

from editorial.workflow_dashboard import dashboard

register = template.Library()


@register.inclusion_tag("admin/editorial/includes/dashboard.html", takes_context=True)
def editorial_dashboard(context):
    request = context["request"]
    return {"dashboard": dashboard(request.user), "user": request.user}
