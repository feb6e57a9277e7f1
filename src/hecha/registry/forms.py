from django import forms
from django.core.exceptions import ValidationError

from .services.tables import file_names_hint, table_for_file

MAX_UPLOAD = 1024 * 1024 * 1024  # 1 GiB in all


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class ImportForm(forms.Form):
    files = MultipleFileField(
        label="数据文件",
        widget=MultipleFileInput(attrs={"multiple": True, "accept": ".csv,.xlsx"}),
        help_text=(
            "企业、资质、注册人员、社保数据的 .csv 或 .xlsx，可多选；文件名含“企业”“资质”"
            "“人员”“社保”或英文名 enterprises、qualifications、personnel、social_insurance 即可识别"
        ),
        required=False,
    )

    def clean(self):
        data = super().clean()
        uploads = data.get("files") or []
        if not uploads:
            if not self.errors:
                raise ValidationError("请选择要导入的数据文件")
            return data
        names = [u.name for u in uploads]
        unknown = [n for n in names if table_for_file(n) is None]
        if unknown:
            raise ValidationError(
                f"无法识别的文件：{'、'.join(unknown)}（文件名应含 {file_names_hint()}，"
                "扩展名 .csv 或 .xlsx）"
            )
        if sum(u.size for u in uploads) > MAX_UPLOAD:
            raise ValidationError("文件总大小超过 1 GB")
        return data
