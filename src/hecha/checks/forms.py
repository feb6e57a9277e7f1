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
