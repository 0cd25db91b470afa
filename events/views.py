from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic import DetailView, TemplateView

from core.caching import PublicPageMixin
from editorial.slug_history import OldAddressRedirectMixin, find
from events import selectors
from events.backlinks import backlinks
from events.calendar import build_calendar
from events.filters import EventFilter
from events.jsonld import event_json_ld
from events.models import Event

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


class EventListView(PublicPageMixin, TemplateView):
    """Upcoming events (soonest first), then past events grouped by year (newest first)."""

    template_name = "events/event_list.html"

    def get(self, request, *args, **kwargs):
        # The list is one page. An address of another one answers 404, as the search and the directories
        # (Django's pagination) do past their last page: `page` may be absent, 1 or "last", as there.
        number = request.GET.get("page") or 1
        try:
            Paginator([], per_page=1).validate_number(1 if number == "last" else number)
        except InvalidPage as invalid:
            raise Http404(f"The events list has one page: {invalid}") from invalid
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = EventFilter(self.request.GET, queryset=selectors.upcoming_events())
        # Not strict, like the search and the directories: validating leaves an invalid value (an old
        # link to a merged organizer, say) out of cleaned_data, so it is ignored with its error shown
        # and the valid filters still apply.
        filterset.is_valid()
        upcoming = list(filterset.qs)
        past = list(filterset.filter_queryset(selectors.past_events()))
        past_by_year = {}
        for event in past:
            past_by_year.setdefault(event.local_start.year, []).append(event)
        context.update(
            filter=filterset,
            upcoming=upcoming,
            past_by_year=sorted(past_by_year.items(), reverse=True),
            is_filtered=any(self.request.GET.get(name) for name in filterset.filters),
        )
        return context


class EventDetailView(PublicPageMixin, OldAddressRedirectMixin, DetailView):
    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return selectors.event_detail_queryset()

    def moved_address(self):
        event, moved = find(Event.objects.published(), slug=self.kwargs["slug"])
        return event.get_absolute_url() if moved else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        organizers = selectors.organizers_by_role(event)
        people = selectors.people_by_role(event)
        context.update(
            organizer_groups=organizers,
            people_groups=people,
            coverage=backlinks.get("coverage")(event),
            canonical_url=self.request.build_absolute_uri(event.get_absolute_url()),
            json_ld=event_json_ld(
                event,
                absolute_url=self.request.build_absolute_uri,
                organizers=event.organization_roles.all(),
                people=event.person_roles.all(),
            ),
        )
        return context


class EventICSView(PublicPageMixin, OldAddressRedirectMixin, View):
    """One event as a downloadable .ics file."""

    def get(self, request, slug):
        event = get_object_or_404(Event.objects.published().prefetch_related("venues"), slug=slug)
        response = HttpResponse(build_calendar([event], request=request), content_type=ICS_CONTENT_TYPE)
        # The slug may be in any script: RFC 6266's filename* carries it, filename an ASCII fallback.
        response["Content-Disposition"] = content_disposition_header(True, f"{event.slug}.ics")
        return response

    def moved_address(self):
        event, moved = find(Event.objects.published(), slug=self.kwargs["slug"])
        return reverse("events:event_ics", kwargs={"slug": event.slug}) if moved else None


class CalendarFeedView(PublicPageMixin, View):
    """The subscribable iCal feed of upcoming public events."""

    def get(self, request):
        body = build_calendar(
            selectors.calendar_events(), request=request, name=f"{settings.NEWSROOM_SITE_NAME} events"
        )
        response = HttpResponse(body, content_type=ICS_CONTENT_TYPE)
        response["Content-Disposition"] = 'inline; filename="events.ics"'
        return response
