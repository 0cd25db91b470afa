from django.views.generic import TemplateView

from articles.models import Article, Issue
from events.models import Event


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["latest_issue"] = (
            Issue.objects.published().select_related("publication").prefetch_related("headlines__article").first()
        )
        context["recent_articles"] = (
            Article.objects.published().select_related("issue__publication").order_by("-publish_at", "order")[:8]
        )
        context["upcoming_events"] = Event.objects.upcoming()[:5]
        return context
