from abc import ABC, abstractmethod

from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from core.caching import PublicPageMixin
from core.images import share_image_url
from people import selectors
from people.backlinks import backlinks
from people.filters import OrganizationFilter, PersonFilter
from people.models import Organization, OrganizationKind, Person


def social_meta(request, page_object, *, description: str, image) -> dict:
    """For templates/includes/social_meta.html: the canonical address, description and share image."""
    return {
        "canonical_url": request.build_absolute_uri(page_object.get_absolute_url()),
        "og_description": description,
        "share_image": share_image_url(request, image),
    }


class FilteredListView(PublicPageMixin, ABC, FilterView):
    """A directory: a FilterSet over the queryset, paginated, filters kept in the page links."""

    filterset_class = None
    paginate_by = 50
    # An invalid value (an unknown country, an old link to a merged organization) is ignored, its error
    # shown by its field, and the valid filters still apply, as on the search and events pages.
    strict = False

    @abstractmethod
    def base_queryset(self):
        """The directory's rows before filtering."""

    def get_queryset(self):
        return self.base_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_without_page"] = query.urlencode()
        context["is_filtered"] = any(value for key, value in self.request.GET.items() if key != "page")
        return context


class PersonListView(FilteredListView):
    template_name = "people/person_list.html"
    filterset_class = PersonFilter
    context_object_name = "people"

    def base_queryset(self):
        return selectors.people_with_current_positions(selectors.people_with_pages().order_by("sort_name", "name"))


class PersonDetailView(PublicPageMixin, DetailView):
    model = Person
    template_name = "people/person_detail.html"

    def get_queryset(self):
        return selectors.person_for_page()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        positions = selectors.split_positions(person.position_history)
        context["upcoming_positions"] = positions.upcoming
        context["current_positions"] = positions.current
        context["former_positions"] = positions.former
        context["articles_by"] = list(backlinks.get("articles_by_person")(person))
        context["articles_about"] = list(backlinks.get("articles_about_person")(person))
        context["event_groups"] = backlinks.get("events_of_person")(person)
        positions_text = "; ".join(position.as_printed() for position in positions.current)
        description = f"{person.name}: {positions_text}" if positions_text else person.name
        context.update(social_meta(self.request, person, description=description, image=person.photo))
        return context


class OrganizationListView(FilteredListView):
    template_name = "people/organization_list.html"
    filterset_class = OrganizationFilter
    context_object_name = "organizations"

    def base_queryset(self):
        return Organization.objects.order_by("name")


def organization_context(organization: Organization) -> dict:
    """What an organization's page shows; the union page shows the same plus its members."""
    people = selectors.positions_at(organization)
    return {
        "upcoming_people": people.upcoming,
        "current_people": people.current,
        "former_people": people.former,
        "articles_by": list(backlinks.get("articles_by_organization")(organization)),
        "articles_about": list(backlinks.get("articles_about_organization")(organization)),
        "event_groups": backlinks.get("events_of_organization")(organization),
        "union_memberships": list(organization.union_memberships.select_related("union").order_by("union__name")),
        "units": list(organization.units.order_by("name")),
    }


class OrganizationDetailView(PublicPageMixin, DetailView):
    model = Organization
    template_name = "people/organization_detail.html"

    def get_queryset(self):
        return selectors.organizations_with_pages().select_related("parent")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.kind == OrganizationKind.UNION:
            return redirect(self.object.get_absolute_url())
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organization = self.object
        context.update(organization_context(organization))
        description = f"{organization.name}: {organization.get_kind_display()}"
        if organization.country:
            description += f", {organization.country.name}"
        context.update(social_meta(self.request, organization, description=description, image=organization.logo))
        return context


class UnionListView(PublicPageMixin, ListView):
    """The unions, each with its number of current members: the way in to the union and member pages."""

    template_name = "people/union_list.html"
    context_object_name = "unions"

    def get_queryset(self):
        return selectors.unions_for_index()


class UnionDetailView(PublicPageMixin, DetailView):
    template_name = "people/union_detail.html"
    context_object_name = "union"

    def get_queryset(self):
        return Organization.objects.unions().select_related("parent")

    def get_grouping(self) -> str:
        grouping = self.request.GET.get("group", "country")
        return grouping if grouping in selectors.GROUPINGS else "country"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        union = self.object
        context.update(organization_context(union))
        grouping = self.get_grouping()
        memberships = selectors.union_memberships(union)
        officers = selectors.union_officers(union)
        context.update(
            {
                "grouping": grouping,
                "groupings": selectors.GROUPINGS,
                "member_groups": selectors.group_memberships(memberships.current, grouping),
                "member_count": len(memberships.current),
                "upcoming_memberships": memberships.upcoming,
                "former_memberships": memberships.former,
                "officers": officers.current,
                "upcoming_officers": officers.upcoming,
                "former_officers": officers.former,
            }
        )
        count = len(memberships.current)
        description = f"{union.name}: {count} member organization{pluralize(count)}."
        context.update(social_meta(self.request, union, description=description, image=union.logo))
        return context


class MemberDetailView(PublicPageMixin, DetailView):
    """A union member's public page: only organizations that are (or were) members have one."""

    template_name = "people/member_detail.html"
    context_object_name = "membership"

    def get_object(self, queryset=None):
        membership = selectors.membership_for_page(
            union_slug=self.kwargs["union_slug"], member_slug=self.kwargs["slug"]
        )
        if membership is None:
            raise Http404("No such union member.")
        return membership

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        membership = self.object
        member = membership.member
        articles = list(backlinks.get("articles_by_organization")(member))
        context["statements"], context["articles_by"] = backlinks.get("split_statements")(articles)
        context.update(
            {
                "union": membership.union,
                "member": member,
                "is_current": membership.is_current(),
                "is_upcoming": membership.is_upcoming(),
                "memberships": list(
                    member.union_memberships.filter(union=membership.union).order_by(
                        F("joined_on").desc(nulls_last=True)
                    )
                ),
                "representatives": selectors.representatives(member),
                "event_groups": backlinks.get("events_of_organization")(member),
            }
        )
        description = f"{member.name}, {membership.get_role_display().lower()} of {membership.union.name}."
        context.update(social_meta(self.request, membership, description=description, image=member.logo))
        return context
