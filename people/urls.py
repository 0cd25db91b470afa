from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("organizations/", views.OrganizationListView.as_view(), name="organization_list"),
    path("organizations/<slug:slug>/", views.OrganizationDetailView.as_view(), name="organization_detail"),
    path("unions/", views.UnionListView.as_view(), name="union_list"),
    path("unions/<slug:slug>/", views.UnionDetailView.as_view(), name="union_detail"),
    path("unions/<slug:union_slug>/members/<slug:slug>/", views.MemberDetailView.as_view(), name="member_detail"),
]
