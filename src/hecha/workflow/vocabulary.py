"""The words of the procedure's records: codes stored, Chinese labels shown."""

# the outcome of the phone call to the enterprise (行动方案四（二）3：通过电话形式告知企业并核对邮寄地址)
CONTACT_OUTCOMES = {
    "informed": "已告知",
    "no_answer": "无人接听",
    "wrong_number": "号码错误",
    "refused": "拒绝接听",
}
ANSWERED = frozenset({"informed"})  # someone took the call and can be named

# what the comparison after the rectification period found for the enterprise
RECHECK_RESULTS = {
    "short": "仍不符合资质标准",
    "meets": "已符合资质标准",
}

# after the notice of intended revocation (行政许可法第七条：陈述权、申辩权)
STATEMENT_KINDS = {"statement": "陈述、申辩", "hearing": "听证申请"}
RESPONSES = {"upheld": "理由不成立，维持拟撤回决定", "accepted": "理由成立，不予撤回"}
