from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="event_list"),
    path("calendar.ics", views.CalendarFeedView.as_view(), name="calendar"),
    path("<uslug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
    path("<uslug:slug>/event.ics", views.EventICSView.as_view(), name="event_ics"),
]
