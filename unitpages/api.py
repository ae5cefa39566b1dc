import django_filters
from rest_framework import serializers, viewsets

from accounts.unit_access import units_for
from units.models import AdminUnit, Level


class AdminUnitSerializer(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = AdminUnit
        fields = ["code", "name", "level", "level_display", "parent", "village_type", "exit_year"]


class AdminUnitFilter(django_filters.FilterSet):
    parent = django_filters.CharFilter(field_name="parent_id", max_length=12)
    level = django_filters.ChoiceFilter(choices=Level.choices)
    within = django_filters.CharFilter(field_name="code", lookup_expr="subtree", max_length=12,
                                   label="区划代码前缀")

    class Meta:
        model = AdminUnit
        fields = ["parent", "level", "within"]


class AdminUnitViewSet(viewsets.ReadOnlyModelViewSet):
    """行政区划（仅限当前用户管辖范围）。"""

    serializer_class = AdminUnitSerializer
    filterset_class = AdminUnitFilter
    lookup_field = "code"
    queryset = AdminUnit.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        return units_for(self.request.user).order_by("code")
