"""One form per step a person takes on a case page; the procedure itself judges the data."""

from __future__ import annotations

from django import forms

from hecha import clock
from hecha.accounts.models import Officer

DATE = {"type": "date"}


def date_field(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        error_messages={"invalid": "请输入有效日期（YYYY-MM-DD）", "required": f"请填写{label}"},
        **kwargs,
    )


class StepForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        if case is not None:
            self.fields["version"].initial = case.version

    def step_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class IssueNoticesForm(StepForm):
    notices_on = date_field("制发日期")
    officer_ids = forms.ModelMultipleChoiceField(
        label="签署的执法人员（两名）",
        queryset=Officer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请选择两名执法人员"},
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["notices_on"].initial = clock.today()
        if case is not None:
            self.fields["officer_ids"].queryset = Officer.objects.filter(
                district_id=case.district.pk, active=True
            )

    def step_data(self) -> dict:
        data = super().step_data()
        data["officer_ids"] = [o.pk for o in data["officer_ids"]]
        return data


class RecordCallForm(StepForm):
    called_at = date_field("通话日期")
    answered_by = forms.CharField(label="接听人", max_length=50)
    result = forms.CharField(
        label="通话结果", max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    mailing_address = forms.CharField(label="核对后的邮寄地址", max_length=300)
    address_corrected = forms.BooleanField(label="地址已更正", required=False)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["called_at"].initial = clock.today()
        if case is not None:
            from hecha.registry.models import Enterprise

            e = Enterprise.objects.filter(uscc=case.uscc, is_current=True).first()
            if e is not None:
                self.fields["mailing_address"].initial = e.mailing_address or e.registered_address


class ReceiptForm(StepForm):
    signed_on = date_field("签收日期")


class RecheckForm(StepForm):
    conclusion = forms.CharField(
        label="复查结论", max_length=300, widget=forms.Textarea(attrs={"rows": 2}),
        initial="逾期未完成整改，注册人员仍不满足资质标准要求",
    )  # fmt: skip
    note = forms.CharField(label="复查情况说明", max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class RevocationNoticeForm(StepForm):
    mailed_on = date_field("邮寄日期")
    announced_on = date_field("公告日期")
    tracking_no = forms.CharField(label="邮件号", max_length=40)


class ReasonForm(StepForm):
    reason = forms.CharField(
        label="撤销理由", max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConfirmForm(StepForm):
    pass


STEP_FORMS = {
    "issue_notices": IssueNoticesForm,
    "record_call": RecordCallForm,
    "record_receipt": ReceiptForm,
    "close_rectified": ConfirmForm,
    "district_recheck": RecheckForm,
    "city_recheck": RecheckForm,
    "notice_revocation": RevocationNoticeForm,
    "revoke": ConfirmForm,
    "withdraw": ReasonForm,
}


class EvidenceForm(forms.Form):
    file = forms.FileField(label="证据文件（PNG、JPEG 或 PDF，≤10 MB）",
                           error_messages={"required": "请选择证据文件"})  # fmt: skip
    shown_date = date_field("截图显示日期")
    note = forms.CharField(label="说明", max_length=200, required=False)


class CampaignForm(forms.Form):
    run = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label="核查批次名称", max_length=100, required=False)


class MailingForm(forms.Form):
    mailed_on = date_field("邮寄日期")


class DeliveryForm(forms.Form):
    tracking_no = forms.CharField(label="邮件号", max_length=40)
    signed_on = date_field("签收日期", required=False)
    returned_on = date_field("退件日期", required=False)

    def clean(self):
        data = super().clean()
        if not self.errors and bool(data.get("signed_on")) == bool(data.get("returned_on")):
            raise forms.ValidationError("请填写签收日期或退件日期（二者之一）")
        return data


class AnnouncementForm(forms.Form):
    published_on = date_field("公告日期")


class BatchNoticesForm(forms.Form):
    notices_on = date_field("制发日期")
    officer_ids = forms.ModelMultipleChoiceField(
        label="签署的执法人员（两名）", queryset=Officer.objects.none(),
        widget=forms.CheckboxSelectMultiple, error_messages={"required": "请选择两名执法人员"},
    )  # fmt: skip
    cases = forms.ModelMultipleChoiceField(
        label="异常企业", queryset=None, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请选择要制发通知书的企业"},
    )  # fmt: skip

    def __init__(self, *args, officers, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notices_on"].initial = clock.today()
        self.fields["officer_ids"].queryset = officers
        self.fields["cases"].queryset = cases
        self.fields["cases"].initial = list(cases.values_list("pk", flat=True))
        self.fields["cases"].label_from_instance = lambda c: f"{c.enterprise_name}（{c.uscc}）"
