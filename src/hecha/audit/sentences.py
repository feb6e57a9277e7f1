"""Each action code and the Chinese sentence the record shows for it (pretix's log_action)."""

import string

SENTENCES = {
    "registry.imported": "{actor}导入数据（批次 #{batch}）：{summary}",
    "privacy.id_numbers_revealed": "{actor}查看企业 {uscc} 的 {count} 个完整身份证号",
    "checks.run_completed": "{actor}完成系统自动比对 #{run}（基准日 {as_of}，标准 {standard}）：异常企业 {flagged} 家",
    "standards.draft_loaded": "{actor}载入资质标准草案 {version}",
    "standards.published": "{actor}发布资质标准版本 {version}（自 {effective_from} 起生效）",
    "accounts.user_created": "{actor}创建用户 {username}（{role}）",
    "accounts.token_issued": "{actor}为用户 {username} 签发 API 令牌",
    "accounts.tokens_revoked": "{actor}吊销用户 {username} 的 API 令牌 {count} 个（{tokens}）",
    "accounts.lockout_lifted": "{actor}解除用户 {username} 的登录锁定",
    "cases.campaign_opened": "{actor}基于比对 #{run} 发起核查批次（{scope}），立案 {cases} 件；已在核查中、未重复立案 {skipped} 家",
    "cases.issue_notices": "{actor}制发行政检查通知书和责令限期整改通知书（{input[notices_on]}），执法人员：{officers}",
    "cases.record_call": "{actor}电话联系企业（{input[called_at]}）：{found[call]}；邮寄地址 {input[mailing_address]}",
    "cases.submit_to_city": "{actor}将案件报送市局（报送 #{submission}）",
    "cases.submission_created": "{actor}报送市局 {cases} 件（清单摘要 {sha256}）",
    "cases.submission_accepted": "{actor}接收区县报送 #{submission}",
    "cases.mail": "{actor}以 EMS 邮寄通知书（{input[mailed_on]}，邮件号 {input[tracking_no]}）",
    "cases.record_receipt": "{actor}登记企业签收（{input[signed_on]}），即日送达；整改期至 {dates[rectification_until][date]}",
    "cases.mail_returned": "{actor}登记退件（{returned_on}，邮件号 {tracking_no}）",
    "cases.announce": "{actor}公告送达（{input[announced_on]}），{dates[deemed_served_on][date]} 视为送达",
    "cases.deem_served": "公告期满，视为送达（{input[served_on]}）；整改期至 {dates[rectification_until][date]}",
    "cases.close_rectified": "{actor}确认企业整改达标，结案：{found[close_reason]}",
    "cases.district_recheck": "{actor}完成区县复查（依据比对 #{found[run]}：{found[result_label]}；执法人员 {officers}）：{input[conclusion]}",
    "cases.city_recheck": "{actor}完成市局二次复查（依据比对 #{found[run]}：{found[result_label]}）：{input[conclusion]}",
    "cases.notice_revocation": "{actor}下达撤回资质告知书（邮寄并公告于 {input[announced_on]}），{dates[revocation_served_on][date]} 视为送达",
    "cases.revoke": "{actor}作出撤回该企业资质的决定",
    "cases.record_statement": "{actor}登记企业的{found[kind_label]}（{input[received_on]} 收到{found[period_words]}）：{input[summary]}",
    "cases.respond_statement": "{actor}答复企业的陈述、申辩（{input[responded_on]}）：{found[outcome_label]}。复核意见：{input[response]}",
    "cases.overdue_listed": "{actor}将本案列入逾期整改未达标企业清单（清单 #{list}，执法人员 {officers}），报送市局",
    "cases.overdue_list_issued": "{actor}出具逾期整改未达标企业清单（{cases} 家，执法人员 {officers}），报送市局",
    "cases.withdraw": "{actor}撤销核查（{found[reason_label]}）：{input[reason]}",
    "documents.issued": "{actor}制发《{title}》（{number}，核验码 {code}）",
    "documents.template_uploaded": "{actor}上传文书模板《{title}》第{version}版",
    "documents.template_activated": "{actor}启用文书模板《{title}》第{version}版",
    "admin.changed": "{actor}在系统管理中{verb}{model}“{object}”（{fields}）",
    "cases.dates_recomputed": "按载入的节假日安排重新计算{field}：由 {old} 改为 {new}（{basis}）",
    "audit.chain_keyed": "审计记录链自本条起以密钥签名（HMAC-SHA256，密钥 {key_id}）；此前未签名的 {legacy} 条由本条锚定",
    "cases.duplicate_closed": "升级时发现该企业另有进行中的案件 #{kept}，本案作为重复立案关闭",
    "cases.record_revocation_mail": "{actor}登记撤回告知书的邮件号 {input[tracking_no]}",
    "cases.assigned": "{actor}将承办人由 {before} 改为 {after}（{why}）",
    "cases.reminder_sent": "向承办人 {to} 发送期限提醒邮件：{next_step}，期限 {deadline}",
    "cases.evidence_added": "{actor}上传证据 {file}（{purpose}，截图日期 {shown_date}）",
}


class _Lenient(string.Formatter):
    """A sentence written before a key was recorded shows "—" in its place."""

    def get_field(self, field_name, args, kwargs):
        try:
            return super().get_field(field_name, args, kwargs)
        except (KeyError, IndexError, TypeError, AttributeError):
            return "—", field_name


def sentence(action: str, actor: str, data: dict) -> str:
    template = SENTENCES.get(action)
    if template is None:
        return f"{actor or '系统'}：{action}"
    return _Lenient().format(template, actor=actor or "系统", **data)
