"""Filter backends shared by the API's lists."""

import re
from functools import reduce

from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import FieldDoesNotExist
from django.db import connections
from django.db.models import F, OrderBy
from django_filters import rest_framework as django_filters
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter, SearchFilter


class LazyDjangoFilterBackend(django_filters.DjangoFilterBackend):
    """django-filter's backend, which leaves the FilterSet out when the request names none of its
    (optional) filters: building one, its filters and its form, cost a tenth of a list request
    and of a post's detail, only to hand the queryset back as it was (bench/results.md)."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and not self.names_a_filter(request, filterset_class):
            return queryset
        return super().filter_queryset(request, queryset, view)

    def names_a_filter(self, request, filterset_class):
        """Whether a parameter starts with a filter's name (range filters add a suffix), or a
        filter is required (missing, it is an error)."""
        filters = filterset_class.base_filters
        return any(f.extra.get("required") for f in filters.values()) or any(
            param.startswith(name) for param in request.query_params for name in filters
        )


def tie_breaker(ordering):
    """The primary key, ascending or descending as the last field: an index on (field, id) then
    serves an ordering by the field either way, read forwards or backwards."""
    last = ordering[-1] if ordering else "pk"
    descending = last.descending if isinstance(last, OrderBy) else last.startswith("-")
    return "-pk" if descending else "pk"


class StableOrderingFilter(OrderingFilter):
    """Orders as asked, then by primary key, so that pages never repeat or skip a row on ties."""

    def get_ordering(self, request, queryset, view):
        """The fields of every `ordering` parameter, in order: `?ordering=a,b` as DRF reads it,
        and `?ordering=a&ordering=b`, the form client generators send an array in by default."""
        values = request.query_params.getlist(self.ordering_param)
        if "" in values:
            # DRF would take it for no ordering at all; the schema, for one empty field name.
            raise ValidationError({self.ordering_param: ["Name a field to sort by."]})
        if values:
            fields = [field.strip() for value in values for field in value.split(",")]
            ordering = self.remove_invalid_fields(queryset, fields, view, request)
        else:
            ordering = self.get_default_ordering(view) or []
        return [
            *(self.nulls_smallest(queryset, field) for field in ordering),
            tie_breaker(ordering),
        ]

    def nulls_smallest(self, queryset, field):
        """A nullable field's NULLs as its smallest value, on either database (PostgreSQL takes
        them for the largest): posts never published come last, newest first or oldest first,
        as cursor pages walk them (api.keyset) and the list's index holds them."""
        if not isinstance(field, str):
            return field
        name = field.removeprefix("-")
        try:
            if not queryset.model._meta.get_field(name).null:
                return field
        except FieldDoesNotExist:  # An annotation, such as an author's post_count.
            return field
        if field.startswith("-"):
            return F(name).desc(nulls_last=True)
        return F(name).asc(nulls_first=True)

    def remove_invalid_fields(self, queryset, fields, view, request):
        """Refuses a field the list cannot sort by, which DRF would quietly leave out."""
        valid = super().remove_invalid_fields(queryset, fields, view, request)
        if invalid := [field for field in fields if field not in valid]:
            raise ValidationError({self.ordering_param: [f"Cannot sort by {invalid[0]!r}."]})
        return valid

    def get_schema_operation_parameters(self, view):
        """Documents the fields the view sorts by, rather than DRF's free-form string."""
        fields = getattr(view, "ordering_fields", None)
        if not fields:
            return super().get_schema_operation_parameters(view)
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": (
                    "Sort by this field, `-` first for descending; repeat the parameter to sort "
                    "by several fields in turn (commas between them work too)."
                ),
                "schema": {
                    "type": "array",
                    "items": {
                        "type": "string",
                        "enum": [*fields, *(f"-{f}" for f in fields)],
                        # Names for generated code, which cannot start one with `-`.
                        "x-enum-varnames": [
                            *(f.upper() for f in fields),
                            *(f"{f.upper()}_DESC" for f in fields),
                        ],
                    },
                    "minItems": 1,
                },
                # The form both generators send an array in by default: one parameter a value.
                "style": "form",
                "explode": True,
            }
        ]


class BoundedSearchFilter(SearchFilter):
    """DRF's search, refusing more than `max_terms` terms (400): each term adds a condition on
    every searched field, and SQLite refuses a query nested deeper than 1000."""

    max_terms = 10

    def get_search_terms(self, request):
        terms = super().get_search_terms(request)
        if len(terms) > self.max_terms:
            raise ValidationError(
                {self.search_param: [f"At most {self.max_terms} search terms, please."]}
            )
        return terms


# A term of letters, digits and underscores is a word; any other is a phrase.
WORD = re.compile(r"\w+")
# A search with at most this many matches has them fetched by id (see FullTextSearchFilter).
FEW_MATCHES = 5000


class FullTextSearchFilter(BoundedSearchFilter):
    """On PostgreSQL, searches the view's `search_vector` (a SearchVectorField with a GIN index)
    instead of reading every row's text, the bounded search's `icontains`, which SQLite keeps.

    Every term must match: a word matches that word after English stemming (`pelican` finds
    `pelicans`); any other term (`"two words"`, `e-mail`) is a phrase of whole words. The view's
    `search_description` documents it.

    As for a tag (posts.filters), PostgreSQL cannot tell a rare word from a common one before it
    runs the query, and walked the whole list in its order for a word in 10 posts of a million:
    a second. Hence one query first, on the index, for up to FEW_MATCHES + 1 matches: if that is
    all, the page is read by id.
    """

    def filter_queryset(self, request, queryset, view):
        field = getattr(view, "search_vector", None)
        if field is None or connections[queryset.db].vendor != "postgresql":
            return super().filter_queryset(request, queryset, view)
        if not (terms := self.get_search_terms(request)):
            return queryset
        query = reduce(lambda a, b: a & b, (self.term_query(term) for term in terms))
        matches = queryset.filter(**{field: query})
        found = list(matches.order_by().values_list("pk", flat=True)[: FEW_MATCHES + 1])
        if len(found) <= FEW_MATCHES:
            return queryset.filter(pk__in=found)
        return matches

    def term_query(self, term):
        search_type = "plain" if WORD.fullmatch(term) else "phrase"
        return SearchQuery(term, search_type=search_type, config="english")

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        if description := getattr(view, "search_description", None):
            for parameter in parameters:
                parameter["description"] = description
        return parameters
