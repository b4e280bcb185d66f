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
}
