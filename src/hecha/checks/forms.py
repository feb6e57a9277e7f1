from django import forms
from django.utils import timezone

from hecha.accounts.models import District
from hecha.checks.models import StandardVersion


class StartRunForm(forms.Form):
    as_of = forms.DateField(
        label="比对基准日",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "请输入有效日期（YYYY-MM-DD）", "required": "请填写比对基准日"},
    )
    district = forms.ModelChoiceField(
        label="范围",
        queryset=District.objects.all(),
        required=False,
        empty_label="全市",
        to_field_name="code",
        error_messages={"invalid_choice": "未知的区县"},
    )
    standard = forms.ModelChoiceField(
        label="标准版本",
        queryset=StandardVersion.objects.all(),
        required=False,
        empty_label="基准日生效的版本",
        to_field_name="version",
        error_messages={"invalid_choice": "未知的标准版本"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["as_of"].initial = timezone.localdate()
        if user.is_district_user:
            del self.fields["district"]


class FindingFilterForm(forms.Form):
    kind = forms.ChoiceField(
        required=False,
        choices=[
            ("", "不符合"),
            ("no_requirement", "未比对：本版本无人员指标"),
            ("unknown_name", "未比对：资质名称无法识别"),
        ],
    )
    district = forms.CharField(required=False)
    qualification = forms.CharField(required=False)
    reason = forms.CharField(required=False)
    q = forms.CharField(required=False, max_length=100)


class DraftStandardForm(forms.Form):
    file = forms.FileField(
        label="标准数据文件（YAML）", error_messages={"required": "请选择标准数据文件"}
    )

    def clean(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return self.cleaned_data
        if upload.size > 1024 * 1024:
            raise forms.ValidationError("标准数据文件不应超过 1 MB")
        try:
            self.cleaned_data["text"] = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("标准数据文件须为 UTF-8 编码的 YAML") from None
        return self.cleaned_data


class CompareForm(forms.Form):
    a = forms.ModelChoiceField(
        label="比较",
        queryset=StandardVersion.objects.all(),
        to_field_name="version",
        error_messages={"invalid_choice": "未知的标准版本", "required": "请选择两个版本"},
    )
    b = forms.ModelChoiceField(
        label="与",
        queryset=StandardVersion.objects.all(),
        to_field_name="version",
        error_messages={"invalid_choice": "未知的标准版本", "required": "请选择两个版本"},
    )


class CorrectionForm(forms.Form):
    """Correct one requirement of a published version as a new draft version."""

    version = forms.RegexField(
        label="新版本号",
        regex=r"^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$",
        error_messages={
            "invalid": "版本号只能含字母、数字、点、横线和下划线（不超过40个字符）",
            "required": "请填写新版本号",
        },
    )
    rule_id = forms.ChoiceField(label="要更正的要求", error_messages={"required": "请选择要求"})
    min_people = forms.IntegerField(
        label="人数",
        min_value=1,
        max_value=500,
        required=False,
        error_messages={"min_value": "人数须为正数", "max_value": "人数不应超过500"},
    )
    text = forms.CharField(label="要求原文", max_length=300, required=False)
    confirmation = forms.ChoiceField(
        label="核实情况",
        choices=[("", "不变"), ("confirmed", "已核实（两个独立来源）"), ("unconfirmed", "待核实")],
        required=False,
    )
    effective_from = forms.DateField(
        label="生效日期",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "请输入有效日期（YYYY-MM-DD）", "required": "请填写生效日期"},
    )
    reason = forms.CharField(
        label="更正理由和依据",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请说明更正的理由和依据"},
    )

    def __init__(self, *args, rules: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule_id"].choices = rules

    def change(self) -> dict:
        data, change = self.cleaned_data, {}
        if data.get("min_people"):
            change["min_people"] = data["min_people"]
        if data.get("text"):
            change["text"] = data["text"]
        if data.get("confirmation"):
            change["unconfirmed"] = data["confirmation"] == "unconfirmed"
        return change

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.change():
            raise forms.ValidationError("请至少更正人数、原文或核实情况中的一项")
        return cleaned
