from django.views.generic import DetailView, ListView

from events.models import Event


class EventListView(ListView):
    template_name = "events/event_list.html"
    context_object_name = "events"

    def get_queryset(self):
        return Event.objects.published().prefetch_related("venues").order_by("-start")


class EventDetailView(DetailView):
    template_name = "events/event_detail.html"

    def get_queryset(self):
        return Event.objects.published().prefetch_related("venues", "organization_roles__organization")
