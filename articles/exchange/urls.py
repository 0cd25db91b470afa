from django.urls import path

from articles.exchange import views

app_name = "exchange"

urlpatterns = [
    path("exports/<int:pk>/<slug:format>/", views.ExportDownloadView.as_view(), name="export"),
]
