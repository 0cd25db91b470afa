from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/<uslug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("organizations/", views.OrganizationListView.as_view(), name="organization_list"),
    path("organizations/<uslug:slug>/", views.OrganizationDetailView.as_view(), name="organization_detail"),
    path("unions/", views.UnionListView.as_view(), name="union_list"),
    path("unions/<uslug:slug>/", views.UnionDetailView.as_view(), name="union_detail"),
    path("unions/<uslug:union_slug>/members/<uslug:slug>/", views.MemberDetailView.as_view(), name="member_detail"),
]
