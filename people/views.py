from django.http import Http404
from django.views.generic import DetailView, ListView

from people.models import Membership, Organization, Person


class PersonListView(ListView):
    model = Person
    template_name = "people/person_list.html"
    paginate_by = 50


class PersonDetailView(DetailView):
    model = Person
    template_name = "people/person_detail.html"


class OrganizationListView(ListView):
    template_name = "people/organization_list.html"
    paginate_by = 50

    def get_queryset(self):
        return Organization.objects.order_by("name")


class OrganizationDetailView(DetailView):
    model = Organization
    template_name = "people/organization_detail.html"


class UnionDetailView(DetailView):
    template_name = "people/union_detail.html"

    def get_queryset(self):
        return Organization.objects.unions().prefetch_related("memberships__member")


class MemberDetailView(DetailView):
    """A union member's public page: only organizations that are (or were) members have one."""

    template_name = "people/member_detail.html"
    context_object_name = "membership"

    def get_object(self, queryset=None):
        membership = (
            Membership.objects.select_related("union", "member")
            .filter(union__slug=self.kwargs["union_slug"], union__kind="union", member__slug=self.kwargs["slug"])
            .order_by("-joined_on")
            .first()
        )
        if membership is None:
            raise Http404("No such union member.")
        return membership
