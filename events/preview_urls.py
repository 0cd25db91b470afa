"""Staff preview of events (included once from newsroom/urls.py, next to the article previews)."""

from django.urls import path

from events import preview

app_name = "events_preview"

urlpatterns = [
    path("preview/events/<int:pk>/", preview.EventPreviewView.as_view(), name="event"),
]
