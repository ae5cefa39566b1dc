import django_filters
from django.db.models import Q

from .models import Household

YES_NO = [("1", "是")]


class HouseholdFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="户主/户编号", method="search", max_length=50)
    kind = django_filters.ChoiceFilter(label="户类型", choices=Household.Kind.choices, empty_label="全部")
    has_elderly = django_filters.BooleanFilter(label="老人")
    has_disabled = django_filters.BooleanFilter(label="残疾人")
    has_petitioner = django_filters.BooleanFilter(label="信访人")
    has_special_hardship = django_filters.BooleanFilter(label="特殊困难")
    key_person = django_filters.BooleanFilter(label="重点户（任一重点人员）", method="filter_key_person")

    class Meta:
        model = Household
        fields = ["q", "kind", "has_elderly", "has_disabled", "has_petitioner", "has_special_hardship"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(head_name__contains=value) | Q(number__startswith=value)) if value else queryset

    def filter_key_person(self, queryset, name, value):
        if value is None:
            return queryset
        key = queryset.with_key_persons()
        return key if value else queryset.exclude(pk__in=key.values("pk"))
