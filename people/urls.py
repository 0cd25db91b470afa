from django.urls import path

from core.caching import public_page
from people import views

app_name = "people"

urlpatterns = [
    path("people/", public_page(views.PersonListView.as_view()), name="person_list"),
    path("people/<uslug:slug>/", public_page(views.PersonDetailView.as_view()), name="person_detail"),
    path("organizations/", public_page(views.OrganizationListView.as_view()), name="organization_list"),
    path(
        "organizations/<uslug:slug>/", public_page(views.OrganizationDetailView.as_view()), name="organization_detail"
    ),
    path("unions/", public_page(views.UnionListView.as_view()), name="union_list"),
    path("unions/<uslug:slug>/", public_page(views.UnionDetailView.as_view()), name="union_detail"),
    path(
        "unions/<uslug:union_slug>/members/<uslug:slug>/",
        public_page(views.MemberDetailView.as_view()),
        name="member_detail",
    ),
]
