"""The templates a new installation starts with (Simplified Chinese and English); managers edit them."""

# event -> {language: (subject, body)}. Variables: number, customer_name, product, engineer,
# appointment, order_url, survey_url, state; staff events also get whatever their sender passed.
DEFAULT_TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "order.received": {
        "zh-hans": (
            "【飞修】已收到您的报修 {{ number }}",
            "{{ customer_name }}，您好！我们已收到您的报修（工单号 {{ number }}{% if product %}，{{ product }}{% endif %}），"
            "客服将尽快与您联系。查看进度：{{ order_url }}",
        ),
        "en": (
            "We received your repair request {{ number }}",
            "Hello {{ customer_name }}, we received your repair request {{ number }}"
            "{% if product %} ({{ product }}){% endif %}. Track it at {{ order_url }}",
        ),
    },
    "order.assigned": {
        "zh-hans": (
            "【飞修】工单 {{ number }} 已派工",
            "{{ customer_name }}，您好！工单 {{ number }} 已安排工程师 {{ engineer }} 为您服务。查看进度：{{ order_url }}",
        ),
        "en": (
            "An engineer is assigned to {{ number }}",
            "Hello {{ customer_name }}, engineer {{ engineer }} will handle your order {{ number }}. {{ order_url }}",
        ),
    },
    "order.scheduled": {
        "zh-hans": (
            "【飞修】上门时间已预约：{{ appointment }}",
            "{{ customer_name }}，您好！工程师 {{ engineer }} 将于 {{ appointment }} 上门处理工单 {{ number }}。",
        ),
        "en": (
            "Appointment booked: {{ appointment }}",
            "Hello {{ customer_name }}, engineer {{ engineer }} will visit you {{ appointment }} for order {{ number }}.",
        ),
    },
    "order.quoted": {
        "zh-hans": (
            "【飞修】工单 {{ number }} 检测完成，请确认报价",
            "{{ customer_name }}，您好！您的设备已检测完成，维修报价已生成，请登录确认：{{ order_url }}",
        ),
        "en": (
            "Diagnosis done: please review the quote for {{ number }}",
            "Hello {{ customer_name }}, the diagnosis is done and a quote is ready. Please review it at {{ order_url }}",
        ),
    },
    "order.repair_started": {
        "zh-hans": (
            "【飞修】工单 {{ number }} 开始维修",
            "{{ customer_name }}，您好！工程师已开始维修您的设备（工单 {{ number }}）。",
        ),
        "en": (
            "Repair started on {{ number }}",
            "Hello {{ customer_name }}, the engineer has started repairing your device (order {{ number }}).",
        ),
    },
    "order.awaiting_parts": {
        "zh-hans": (
            "【飞修】工单 {{ number }} 正在等待配件",
            "{{ customer_name }}，您好！维修所需配件正在调配中，到货后将立即继续维修（工单 {{ number }}）。",
        ),
        "en": (
            "Order {{ number }} is waiting for parts",
            "Hello {{ customer_name }}, we are waiting for a spare part; the repair of {{ number }} "
            "continues as soon as it arrives.",
        ),
    },
    "order.qc_passed": {
        "zh-hans": (
            "【飞修】工单 {{ number }} 已通过质检",
            "{{ customer_name }}，您好！您的设备已修好并通过质检，可以取件或等待寄回。查看详情：{{ order_url }}",
        ),
        "en": (
            "Order {{ number }} passed quality check",
            "Hello {{ customer_name }}, your device is repaired and passed quality check; it is ready for "
            "pickup or shipping. {{ order_url }}",
        ),
    },
    "order.ready": {
        "zh-hans": (
            "【飞修】工单 {{ number }} 可以取件",
            "{{ customer_name }}，您好！您的设备已准备好，请到服务网点取件或等待寄回（工单 {{ number }}）。",
        ),
        "en": (
            "Order {{ number }} is ready for pickup",
            "Hello {{ customer_name }}, your device is ready for pickup or will be shipped back (order {{ number }}).",
        ),
    },
    "order.handed_back": {
        "zh-hans": (
            "【飞修】工单 {{ number }} 设备已交还/寄出",
            "{{ customer_name }}，您好！您的设备已交还或寄出，请确认验收：{{ order_url }}",
        ),
        "en": (
            "Order {{ number }}: your device is handed back or shipped",
            "Hello {{ customer_name }}, your device has been handed back or shipped. Please confirm at {{ order_url }}",
        ),
    },
    "order.closed": {
        "zh-hans": (
            "【飞修】工单 {{ number }} 已完结，邀您评价",
            "{{ customer_name }}，您好！工单 {{ number }} 已完结，感谢您的信任。请花一分钟评价本次服务：{{ survey_url }}",
        ),
        "en": (
            "Order {{ number }} is closed: how did we do?",
            "Hello {{ customer_name }}, order {{ number }} is closed. Please rate our service: {{ survey_url }}",
        ),
    },
    "staff.assignment": {
        "zh-hans": (
            "新工单派给您：{{ number }}",
            "工单 {{ number }}（{{ customer_name }}{% if product %}，{{ product }}{% endif %}）已派给您。{{ console_url }}",
        ),
        "en": (
            "New order assigned to you: {{ number }}",
            "Order {{ number }} ({{ customer_name }}{% if product %}, {{ product }}{% endif %}) is assigned to you. "
            "{{ console_url }}",
        ),
    },
    "sla.warning": {
        "zh-hans": (
            "SLA 预警：工单 {{ number }}",
            "工单 {{ number }} 的{{ clock|default:'SLA' }}时限即将到期{% if due %}（截止 {{ due }}）{% endif %}，请尽快处理。",
        ),
        "en": (
            "SLA warning: order {{ number }}",
            "The {{ clock|default:'SLA' }} target of order {{ number }} is about to expire"
            "{% if due %} (due {{ due }}){% endif %}.",
        ),
    },
    "sla.breach": {
        "zh-hans": (
            "SLA 已超时：工单 {{ number }}",
            "工单 {{ number }} 的{{ clock|default:'SLA' }}时限已超时{% if due %}（截止 {{ due }}）{% endif %}，请立即处理。",
        ),
        "en": (
            "SLA breached: order {{ number }}",
            "The {{ clock|default:'SLA' }} target of order {{ number }} is breached"
            "{% if due %} (was due {{ due }}){% endif %}.",
        ),
    },
    "complaint.registered": {
        "zh-hans": (
            "新投诉：{{ complaint|default:number }}",
            "收到客户投诉{% if number %}（工单 {{ number }}）{% endif %}：{{ summary }}",
        ),
        "en": (
            "New complaint: {{ complaint|default:number }}",
            "A customer complaint was registered{% if number %} (order {{ number }}){% endif %}: {{ summary }}",
        ),
    },
    "maintenance.booked": {
        "zh-hans": (
            "保养预约：工单 {{ number }}",
            "您的设备 {{ device }}（序列号 {{ serial }}）将于 {{ due_date }} 前后进行定期保养，已为您创建工单 {{ number }}，"
            "我们会与您确认上门或送修时间。",
        ),
        "en": (
            "Maintenance booked: order {{ number }}",
            "Your {{ device }} (serial {{ serial }}) is due for its regular maintenance around {{ due_date }}. "
            "We opened order {{ number }} and will confirm the time with you.",
        ),
    },
    "followup.assigned": {
        "zh-hans": (
            "回访任务：工单 {{ number }}",
            "请在 {{ due_date }} 前完成工单 {{ number }} 的客户回访。",
        ),
        "en": (
            "Follow-up call: order {{ number }}",
            "Please call the customer of order {{ number }} by {{ due_date }}.",
        ),
    },
    "order.message": {
        "zh-hans": ("工单 {{ number }} 有新消息", "{{ author }}：{{ body }}"),
        "en": ("New message on order {{ number }}", "{{ author }}: {{ body }}"),
    },
    "order.customer_message": {
        "zh-hans": ("客户留言：工单 {{ number }}", "{{ author }}：{{ body }}"),
        "en": ("Customer message: order {{ number }}", "{{ author }}: {{ body }}"),
    },
    "appointment.engineer_changed": {
        "zh-hans": (
            "上门工程师变更：工单 {{ number }}",
            "为了更准时地为您服务，工单 {{ number }} 将由另一位工程师上门，预约时间不变。",
        ),
        "en": (
            "New engineer for order {{ number }}",
            "To keep your appointment on time, another engineer will visit for order {{ number }}; the time is unchanged.",
        ),
    },
    "complaint.assigned": {
        "zh-hans": (
            "投诉待处理：{{ number }}",
            "投诉 {{ number }}（{{ subject }}）已指派给您，请在 {{ respond_by }} 前首次响应客户。",
        ),
        "en": (
            "Complaint {{ number }} assigned to you",
            "Complaint {{ number }} ({{ subject }}) is yours; respond to the customer by {{ respond_by }}.",
        ),
    },
    "complaint.action_assigned": {
        "zh-hans": (
            "投诉整改任务：{{ number }}",
            "投诉 {{ number }} 的整改措施已指派给您：{{ action }}，完成期限 {{ due_date }}。",
        ),
        "en": (
            "Complaint action: {{ number }}",
            "An action on complaint {{ number }} is yours: {{ action }}, due {{ due_date }}.",
        ),
    },
    "complaint.action_due": {
        "zh-hans": (
            "整改任务到期：{{ number }}",
            "投诉 {{ number }} 的整改措施“{{ action }}”已到期（{{ due_date }}），请尽快完成。",
        ),
        "en": (
            "Complaint action due: {{ number }}",
            "The action “{{ action }}” on complaint {{ number }} is due ({{ due_date }}).",
        ),
    },
    "complaint.response_overdue": {
        "zh-hans": (
            "投诉响应超时：{{ number }}",
            "投诉 {{ number }}（{{ subject }}）未在时限内响应客户，请立即处理。",
        ),
        "en": (
            "Complaint not answered in time: {{ number }}",
            "Complaint {{ number }} ({{ subject }}) has not been answered in time.",
        ),
    },
    "complaint.solution_proposed": {
        "zh-hans": (
            "您的投诉 {{ number }} 有了处理方案",
            "关于“{{ subject }}”，我们建议的处理方案是：{{ solution }}。请告诉我们您是否同意。",
        ),
        "en": (
            "A solution for your complaint {{ number }}",
            "About “{{ subject }}” we propose: {{ solution }}. Please tell us whether you agree.",
        ),
    },
    "complaint.declined": {
        "zh-hans": (
            "客户不同意处理方案：{{ number }}",
            "客户不同意投诉 {{ number }} 的处理方案，原因：{{ reason }}。",
        ),
        "en": (
            "Solution declined: {{ number }}",
            "The customer declined the solution for complaint {{ number }}: {{ reason }}.",
        ),
    },
    "complaint.closed": {
        "zh-hans": (
            "投诉 {{ number }} 已关闭",
            "您关于“{{ subject }}”的投诉已处理完毕并关闭，感谢您的反馈。",
        ),
        "en": (
            "Complaint {{ number }} closed",
            "Your complaint about “{{ subject }}” is resolved and closed. Thank you for telling us.",
        ),
    },
    "consultation.registered": {
        "zh-hans": ("新咨询：{{ number }}", "收到客户咨询：{{ subject }}"),
        "en": ("New consultation: {{ number }}", "A customer asked: {{ subject }}"),
    },
    "suggestion.registered": {
        "zh-hans": ("新建议：{{ number }}", "收到客户建议：{{ subject }}"),
        "en": ("New suggestion: {{ number }}", "A customer suggested: {{ subject }}"),
    },
    "consultation.answered": {
        "zh-hans": ("您的咨询 {{ number }} 已答复", "关于“{{ subject }}”：{{ answer }}"),
        "en": ("Your question {{ number }} was answered", "About “{{ subject }}”: {{ answer }}"),
    },
    "suggestion.answered": {
        "zh-hans": ("您的建议 {{ number }} 已答复", "关于“{{ subject }}”：{{ answer }}"),
        "en": ("Your suggestion {{ number }} was answered", "About “{{ subject }}”: {{ answer }}"),
    },
    "survey.invitation": {
        "zh-hans": (
            "请为工单 {{ number }} 的服务评分",
            "您的工单 {{ number }} 已完成。请花一分钟为本次服务评分：{{ url }}（链接仅可使用一次，有效期至 {{ expires_at }}）",
        ),
        "en": (
            "How did we do on order {{ number }}?",
            "Your order {{ number }} is complete. Please rate our service in one minute: {{ url }} (single use, valid until {{ expires_at }}).",
        ),
    },
    "survey.low_score": {
        "zh-hans": (
            "低分评价：工单 {{ number }}",
            "工单 {{ number }} 的客户评分较低（满意度 {{ csat }}，推荐度 {{ nps }}），已创建投诉 {{ complaint }} 跟进。",
        ),
        "en": (
            "Low score on order {{ number }}",
            "The customer of order {{ number }} gave a low score (CSAT {{ csat }}, NPS {{ nps }}); complaint {{ complaint }} was opened to follow up.",
        ),
    },
}
