import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from unitpages.picker import UnitPickerWidget

from .models import Problem, ProblemCoDepartment


# 全部/是/否, never the widget's default 未知 for "no filter"
YES_NO = forms.Select(choices=[("", "全部"), ("true", "是"), ("false", "否")])


class ProblemFilter(django_filters.FilterSet):
    campaign = django_filters.ModelChoiceFilter(label="专项行动", queryset=None, empty_label="全部")
    unit = django_filters.CharFilter(label="单位（含下级）", field_name="unit__code", lookup_expr="subtree",
                                  max_length=12, widget=UnitPickerWidget())
    category = django_filters.CharFilter(label="问题类别", lookup_expr="contains", max_length=100)
    department = django_filters.ModelChoiceFilter(label="责任单位（牵头或配合）", queryset=None, empty_label="全部",
                                                  method="filter_department")
    status = django_filters.ChoiceFilter(label="状态", choices=Problem.Status.choices, empty_label="全部")
    mode = django_filters.ChoiceFilter(label="整改方式", choices=Problem.Mode.choices, empty_label="全部")
    source = django_filters.ChoiceFilter(label="来源", choices=Problem.Source.choices, empty_label="全部")
    overdue = django_filters.BooleanFilter(label="逾期", method="filter_overdue", widget=YES_NO)
    done = django_filters.BooleanFilter(label="已整改（含已销号）", method="filter_done", widget=YES_NO)
    q = django_filters.CharFilter(label="问题描述", method="search", max_length=200)

    class Meta:
        model = Problem
        fields = ["campaign", "unit", "category", "department", "status", "mode", "source", "overdue", "done", "q"]

    def __init__(self, *args, campaigns, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["campaign"].queryset = campaigns
        self.filters["department"].queryset = departments

    def filter_department(self, queryset, name, value):
        if value is None:
            return queryset
        co = ProblemCoDepartment.objects.filter(problem=OuterRef("pk"), department=value)
        return queryset.filter(Q(department=value) | Exists(co))

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.overdue() if value else queryset.not_overdue()

    def filter_done(self, queryset, name, value):
        done = Q(status__in=[Problem.Status.RECTIFIED, Problem.Status.CLOSED])
        if value is None:
            return queryset
        return queryset.filter(done) if value else queryset.exclude(done)

    def search(self, queryset, name, value):
        return queryset.filter(description__contains=value.strip()) if value.strip() else queryset
