import django_filters
from rest_framework import pagination, serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError

from .filters import HouseholdFilter
from .models import Household
from .selectors import households_for


class HouseholdSerializer(serializers.ModelSerializer):
    id_number = serializers.CharField(source="id_number_masked", read_only=True, help_text="脱敏身份证号")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    phone = serializers.CharField(source="phone_masked", read_only=True, help_text="脱敏联系电话")
    helper_phone = serializers.CharField(source="helper_phone_masked", read_only=True, help_text="脱敏帮扶责任人电话")

    class Meta:
        model = Household
        fields = [
            "id", "number", "village", "head_name", "id_number", "kind", "kind_display",
            "members", "members_able_to_work", "has_elderly", "has_disabled", "has_petitioner",
            "has_special_hardship", "helper_name", "helper_phone", "phone", "updated_at",
        ]


class HouseholdApiFilter(HouseholdFilter):
    unit = django_filters.CharFilter(field_name="village__code", lookup_expr="subtree", max_length=12,
                                     label="区划代码（含下级）")

    class Meta(HouseholdFilter.Meta):
        fields = HouseholdFilter.Meta.fields + ["unit"]


class HouseholdCursorPagination(pagination.CursorPagination):
    ordering = "id"
    page_size = 100

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound:  # a cursor we did not write is a bad request, not a missing page
            raise ValidationError({"cursor": ["分页游标无效，请从第一页重新开始"]}) from None


class HouseholdViewSet(viewsets.ReadOnlyModelViewSet):
    """农户（仅限当前用户管辖范围；身份证号与电话只返回脱敏值）。"""

    serializer_class = HouseholdSerializer
    filterset_class = HouseholdApiFilter
    pagination_class = HouseholdCursorPagination
    queryset = Household.objects.none()

    def get_queryset(self):
        return households_for(self.request.user)
