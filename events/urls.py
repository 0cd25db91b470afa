from django.urls import path

from core.caching import public_page
from events import views

app_name = "events"

urlpatterns = [
    path("", public_page(views.EventListView.as_view()), name="event_list"),
    path("calendar.ics", public_page(views.CalendarFeedView.as_view()), name="calendar"),
    path("<uslug:slug>/", public_page(views.EventDetailView.as_view()), name="event_detail"),
    path("<uslug:slug>/event.ics", public_page(views.EventICSView.as_view()), name="event_ics"),
]
