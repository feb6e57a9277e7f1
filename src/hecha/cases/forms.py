"""One form per step a person takes on a case page; the procedure itself judges the data."""

from __future__ import annotations

from django import forms

from hecha import clock
from hecha.accounts.models import Officer
from hecha.workflow.rules import withdrawal_reasons
from hecha.workflow.vocabulary import CONTACT_OUTCOMES, RESPONSES, STATEMENT_KINDS

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
        for field in self.fields.values():  # "请填写邮件号", never Django's nameless sentence
            if "请" not in str(field.error_messages.get("required", "请")):
                field.error_messages["required"] = f"请填写{field.label}"
        self.fields["version"].error_messages["required"] = "页面已过期，请刷新后重试"
        self.fields["version"].error_messages["invalid"] = "页面已过期，请刷新后重试"

    def step_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("version", "confirm")}


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


def choice_field(label: str, choices: dict[str, str], **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=list(choices.items()), widget=forms.RadioSelect,
        error_messages={"required": f"请选择{label}", "invalid_choice": f"请选择{label}"}, **kwargs,
    )  # fmt: skip


def officers_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label="签署的执法人员（两名）", queryset=Officer.objects.none(),
        widget=forms.CheckboxSelectMultiple, error_messages={"required": "请选择两名执法人员"},
    )  # fmt: skip


class RecordCallForm(StepForm):
    called_at = date_field("通话日期")
    outcome = choice_field("通话结果", CONTACT_OUTCOMES)
    answered_by = forms.CharField(label="接听人（已告知时必填）", max_length=50, required=False)
    result = forms.CharField(
        label="通话情况", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    mailing_address = forms.CharField(
        label="邮寄地址（未接通时为企业登记的地址，记为未经电话核对）", max_length=300,
        error_messages={"required": "请填写邮寄地址"},
    )  # fmt: skip
    address_corrected = forms.BooleanField(label="地址已按企业告知更正", required=False)

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


class DistrictRecheckForm(RecheckForm):
    officer_ids = officers_field()
    evidence_reason = forms.CharField(
        label="证据截图日期不晚于整改期限的原因（仅在没有期满后截图时填写）", max_length=300,
        required=False, widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        if case is not None:
            self.fields["officer_ids"].queryset = Officer.objects.filter(
                district_id=case.district.pk, active=True
            )

    def step_data(self) -> dict:
        data = super().step_data()
        data["officer_ids"] = [o.pk for o in data["officer_ids"]]
        return data


class RevocationNoticeForm(StepForm):
    """The notice does not exist before this step: its EMS number is recorded once mailed."""

    mailed_on = date_field("邮寄日期")
    announced_on = date_field("公告日期")


class RevocationMailForm(StepForm):
    tracking_no = forms.CharField(label="撤回告知书的邮件号", max_length=40)


class TodayForm(StepForm):
    """A step form whose date fields start at today."""

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField) and field.required:
                field.initial = clock.today()


class StatementForm(TodayForm):
    received_on = date_field("收到日期")
    kind = choice_field("类型", STATEMENT_KINDS)
    summary = forms.CharField(label="陈述、申辩的主要内容", max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip


class ResponseForm(TodayForm):
    responded_on = date_field("答复日期")
    outcome = choice_field("复核结论", RESPONSES)
    response = forms.CharField(label="复核意见", max_length=1000,
                               widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    hearing_held_on = date_field("听证日期（举行听证的）", required=False)


class WithdrawForm(StepForm):
    reason_code = forms.ChoiceField(
        label="撤销理由", error_messages={"required": "请选择撤销理由",
                                          "invalid_choice": "请选择撤销理由"},
    )  # fmt: skip
    reason = forms.CharField(
        label="撤销理由说明", max_length=250, widget=forms.Textarea(attrs={"rows": 2})
    )
    confirm = forms.BooleanField(
        label="我确认撤销本案的核查（撤销后案件结案，不能恢复）",
        error_messages={"required": "请勾选确认撤销核查"},
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["reason_code"].choices = [("", "请选择")] + [
            (
                r.key,
                f"{r.label}（须上传证明材料：{r.evidence_hint}）" if r.needs_evidence else r.label,
            )
            for r in withdrawal_reasons().values()
        ]


ReasonForm = WithdrawForm  # the name before reasons came from a list


class ConfirmForm(StepForm):
    pass


STEP_FORMS = {
    "issue_notices": IssueNoticesForm,
    "record_call": RecordCallForm,
    "record_receipt": ReceiptForm,
    "close_rectified": ConfirmForm,
    "district_recheck": DistrictRecheckForm,
    "city_recheck": RecheckForm,
    "notice_revocation": RevocationNoticeForm,
    "record_revocation_mail": RevocationMailForm,
    "record_statement": StatementForm,
    "respond_statement": ResponseForm,
    "revoke": ConfirmForm,
    "withdraw": WithdrawForm,
}


class EvidenceForm(forms.Form):
    file = forms.FileField(label="证据文件（PNG、JPEG 或 PDF，≤10 MB）",
                           error_messages={"required": "请选择证据文件"})  # fmt: skip
    purpose = forms.ChoiceField(
        label="用途", choices=[("recheck", "复查证据"), ("withdrawal", "撤销核查的证明材料")],
        initial="recheck", required=False, error_messages={"invalid_choice": "请选择证据用途"},
    )  # fmt: skip
    shown_date = date_field("截图或材料显示的日期")
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


class OverdueListForm(forms.Form):
    officer_ids = officers_field()

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer_ids"].queryset = officers


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
