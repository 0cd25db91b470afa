"""Staff preview of an event, draft or not, rendered by the public event page's view and template."""

from editorial.preview import StaffPreviewMixin
from events import selectors
from events.views import EventDetailView


class EventPreviewView(StaffPreviewMixin, EventDetailView):
    template_name = "events/preview/event_detail.html"
    permission = "events.view_event"

    def get_queryset(self):
        return selectors.event_preview_queryset()
