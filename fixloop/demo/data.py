"""The demo company's master data: a consumer-electronics and appliance brand's service network."""

SKILLS = [
    ("phone-board", "手机主板维修", "Phone board-level repair"),
    ("phone-screen", "手机屏幕与电池更换", "Phone screen and battery"),
    ("laptop", "笔记本电脑维修", "Laptop repair"),
    ("appliance-install", "家电安装与维修", "Appliance installation and repair"),
    ("printer", "打印机维修", "Printer repair"),
]

CATEGORIES = [
    ("phone", "手机", "Phones"),
    ("laptop", "笔记本电脑", "Laptops"),
    ("washer", "洗衣机", "Washing machines"),
    ("aircon", "空调", "Air conditioners"),
    ("printer", "打印机", "Printers"),
]

# (category, brand, code, name, warranty months, skills)
MODELS = [
    ("phone", "华信", "HX-P60", "P60", 12, ["phone-board", "phone-screen"]),
    ("phone", "华信", "HX-P60-PRO", "P60 Pro", 24, ["phone-board", "phone-screen"]),
    ("phone", "Lumo", "LM-X5", "X5", 12, ["phone-board", "phone-screen"]),
    ("laptop", "华信", "HX-BOOK14", "Book 14", 24, ["laptop"]),
    ("laptop", "Lumo", "LM-AIR13", "Air 13", 12, ["laptop"]),
    ("washer", "清泉", "QQ-W80", "滚筒洗衣机 8kg", 36, ["appliance-install"]),
    ("aircon", "清泉", "QQ-AC35", "变频空调 1.5匹", 72, ["appliance-install"]),
    ("printer", "墨印", "MY-L3150", "L3150 喷墨一体机", 12, ["printer"]),
]

# (code, name, kind, city, address, lat, lon, categories)
SERVICE_POINTS = [
    (
        "sh-xuhui",
        "上海徐汇维修中心",
        "repair_centre",
        "上海",
        "上海市徐汇区漕溪北路 88 号",
        31.1880,
        121.4370,
        ["phone", "laptop", "printer"],
    ),
    (
        "sh-pudong",
        "上海浦东家电服务站",
        "repair_centre",
        "上海",
        "上海市浦东新区张杨路 1200 号",
        31.2300,
        121.5270,
        ["washer", "aircon"],
    ),
    (
        "bj-haidian",
        "北京海淀维修中心",
        "repair_centre",
        "北京",
        "北京市海淀区中关村大街 27 号",
        39.9830,
        116.3160,
        ["phone", "laptop", "printer"],
    ),
    (
        "sz-nanshan",
        "深圳南山授权服务店",
        "partner_shop",
        "深圳",
        "深圳市南山区科技园南区 6 栋",
        22.5400,
        113.9500,
        ["phone", "laptop"],
    ),
]

# username, role, first name, last name, service points, engineer home + skills
STAFF = [
    ("agent", "agent", "晓敏", "王", ["sh-xuhui", "sh-pudong"], None),
    ("dispatcher", "dispatcher", "建国", "陈", ["sh-xuhui", "sh-pudong"], None),
    ("engineer", "engineer", "师傅", "李", [], ("sh-xuhui", ["phone-board", "phone-screen", "laptop"])),
    ("engineer2", "engineer", "强", "赵", [], ("sh-xuhui", ["phone-screen", "printer"])),
    ("engineer3", "engineer", "磊", "孙", [], ("sh-pudong", ["appliance-install"])),
    ("engineer4", "engineer", "Wei", "Zhou", [], ("bj-haidian", ["phone-board", "laptop", "printer"])),
    ("warehouse", "warehouse", "芳", "周", ["sh-xuhui", "sh-pudong"], None),
    ("manager", "manager", "静", "刘", [], None),
]

CUSTOMER_NAMES = [
    "张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "黄磊", "赵敏", "周杰", "吴婷",
    "徐明", "孙丽", "马超", "朱琳", "胡斌", "郭燕", "林峰", "何雪", "高翔", "罗佳",
]  # fmt: skip

DISTRICTS = [
    ("上海", "徐汇区", "天钥桥路 {n} 号", 31.18, 121.43),
    ("上海", "浦东新区", "世纪大道 {n} 号", 31.23, 121.52),
    ("上海", "静安区", "南京西路 {n} 号", 31.23, 121.45),
    ("北京", "海淀区", "学院路 {n} 号", 39.99, 116.35),
]

SYMPTOMS = {
    "phone": [
        ("手机充电没反应，插上充电器也不亮屏", "", "always"),
        ("屏幕摔碎了，触摸失灵", "", "always"),
        ("电池不耐用，半天就没电，偶尔自动关机", "", "often"),
        ("开机卡在 logo 界面，反复重启", "E3-01", "always"),
        ("Phone gets very hot and restarts while charging", "", "sometimes"),
    ],
    "laptop": [
        ("笔记本键盘部分按键失灵", "", "always"),
        ("开机黑屏，电源灯亮但没有显示", "", "always"),
        ("Fan is very loud and the laptop shuts down under load", "", "often"),
    ],
    "washer": [
        ("洗衣机脱水时剧烈震动并报错", "E21", "always"),
        ("洗衣机不进水，显示 E10", "E10", "always"),
    ],
    "aircon": [
        ("空调制冷效果差，外机不转", "", "always"),
        ("空调室内机漏水", "", "sometimes"),
    ],
    "printer": [
        ("打印机卡纸，提示 E-03", "E-03", "often"),
        ("打印出来有横纹，颜色缺失", "", "always"),
    ],
}

PARTNER = ("dealer-east", "东方数码专卖店", "sz-nanshan")
# Fixed for the demo only, so the printed key keeps working across `make demo` runs.
DEMO_PARTNER_KEY = "flp_demo_dealer_east_2026"
DEMO_PASSWORD = "fixloop-demo"
