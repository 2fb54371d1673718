"""Words a made-up sales book is built from: company names, people, places, phone plans and
what reps write. Made up on purpose; any likeness to a real company is chance."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """Where a customer is: its region as stored, the phone plan and mail domain ending."""

    region: str
    calling_code: str
    """Digits after '+' before the national number."""
    prefixes: tuple[str, ...]
    """National-number starts that make valid numbers here."""
    digits: int
    """How many random digits follow a prefix."""
    tld: str
    verify: bool = False
    """Some numbers the plan makes are not in use here: check each one."""


# Chinese company names: region + brand + industry + legal suffix.
CN_PLACES: tuple[tuple[str, Place], ...] = tuple(
    (prefix, Place(region, "86", ("135", "136", "138", "139", "158", "186", "188"), 8, "cn"))
    for prefix, region in (
        ("北京", "Beijing"),
        ("上海", "Shanghai"),
        ("深圳", "Shenzhen"),
        ("广州", "Guangzhou"),
        ("杭州", "Hangzhou"),
        ("成都", "Chengdu"),
        ("南京", "Nanjing"),
        ("武汉", "Wuhan"),
        ("苏州", "Suzhou"),
        ("天津", "Tianjin"),
        ("重庆", "Chongqing"),
        ("西安", "Xi'an"),
        ("厦门", "Xiamen"),
        ("青岛", "Qingdao"),
        ("长沙", "Changsha"),
        ("宁波", "Ningbo"),
    )
)
CN_BRAND_CHARS: tuple[tuple[str, str], ...] = (
    ("华", "hua"), ("腾", "teng"), ("鑫", "xin"), ("瑞", "rui"), ("宏", "hong"), ("博", "bo"),
    ("恒", "heng"), ("泰", "tai"), ("盛", "sheng"), ("达", "da"), ("通", "tong"), ("信", "xin"),
    ("康", "kang"), ("源", "yuan"), ("智", "zhi"), ("创", "chuang"), ("联", "lian"),
    ("中", "zhong"), ("新", "xin"), ("天", "tian"), ("海", "hai"), ("安", "an"), ("佳", "jia"),
    ("美", "mei"), ("高", "gao"), ("远", "yuan"), ("明", "ming"), ("光", "guang"),
    ("金", "jin"), ("银", "yin"), ("云", "yun"), ("星", "xing"), ("嘉", "jia"), ("德", "de"),
    ("兴", "xing"), ("宇", "yu"), ("航", "hang"), ("汇", "hui"), ("丰", "feng"), ("和", "he"),
)  # fmt: skip
CN_INDUSTRIES: tuple[tuple[str, str], ...] = (
    ("科技", "Technology"),
    ("贸易", "Trading"),
    ("物流", "Logistics"),
    ("电子", "Electronics"),
    ("医疗器械", "Medical devices"),
    ("教育科技", "Education"),
    ("软件", "Software"),
    ("建材", "Building materials"),
    ("食品", "Food"),
    ("化工", "Chemicals"),
    ("机械", "Machinery"),
    ("咨询", "Consulting"),
    ("传媒", "Media"),
    ("新能源", "Energy"),
    ("生物", "Biotech"),
    ("汽车零部件", "Automotive"),
    ("服装", "Apparel"),
    ("家居", "Home goods"),
)
CN_SUFFIXES: tuple[tuple[str, int], ...] = (
    ("有限公司", 50),
    ("股份有限公司", 20),
    ("集团有限公司", 10),
    ("有限责任公司", 10),
    ("公司", 5),
    ("", 5),
)

# English company names: [region] + core + industry + legal suffix (by where they are).
_US = ("Inc", "Inc.", "LLC", "Corp", "Co.")
EN_PLACES: tuple[tuple[str, Place, tuple[str, ...]], ...] = (
    ("", Place("California", "1", ("415", "408", "650"), 7, "com"), _US),
    ("", Place("New York", "1", ("212", "646"), 7, "com"), _US),
    ("", Place("Texas", "1", ("512", "214"), 7, "com"), _US),
    ("Pacific", Place("Washington", "1", ("206",), 7, "com"), _US),
    ("Bay Area", Place("California", "1", ("415", "650"), 7, "com"), _US),
    ("Great Lakes", Place("Illinois", "1", ("312",), 7, "com"), _US),
    ("Atlantic", Place("Massachusetts", "1", ("617",), 7, "com"), _US),
    ("Shanghai", Place("Shanghai", "86", ("139", "186"), 8, "cn"), ("Co., Ltd", "Ltd")),
    ("Beijing", Place("Beijing", "86", ("138", "158"), 8, "cn"), ("Co., Ltd", "Ltd")),
    ("Shenzhen", Place("Shenzhen", "86", ("135", "188"), 8, "cn"), ("Co., Ltd", "Ltd")),
    ("Hong Kong", Place("Hong Kong", "852", ("2", "6"), 7, "hk", verify=True), ("Limited", "Ltd")),
    ("Singapore", Place("Singapore", "65", ("6", "8"), 7, "sg", verify=True), ("Pte Ltd",)),
    ("London", Place("London", "44", ("207", "203"), 7, "co.uk"), ("Ltd", "plc")),
    ("Berlin", Place("Berlin", "49", ("30",), 8, "de"), ("GmbH", "AG")),
    ("Munich", Place("Bavaria", "49", ("89",), 8, "de"), ("GmbH", "AG")),
)
EN_CORE_STARTS = (
    "Ac", "Glo", "Ini", "Um", "Sta", "Ver", "Nor", "Zen", "Lu", "Pa", "Qua", "Bri", "Cor",
    "Dyn", "El", "Fal", "Hal", "Jun", "Kel", "Mar", "Nex", "Or", "Pen", "Ro", "Sil", "Tor",
    "Vo", "Wes", "Xe", "Yor", "Am", "Bel", "Cal", "Dor", "Ev", "Fen", "Gra", "Hel", "Ir", "Lin",
)  # fmt: skip
EN_CORE_ENDS = (
    "me", "bex", "tech", "ara", "ion", "ova", "ex", "ium", "ton", "ix", "ora", "ent", "is",
    "an", "ia", "wave", "field", "stone", "bridge", "point", "gate", "view", "crest", "dale",
    "mark",
)  # fmt: skip
EN_INDUSTRIES: tuple[tuple[str, str], ...] = (
    ("Trading", "Trading"),
    ("Logistics", "Logistics"),
    ("Systems", "Technology"),
    ("Software", "Software"),
    ("Foods", "Food"),
    ("Labs", "Biotech"),
    ("Partners", "Consulting"),
    ("Holdings", "Finance"),
    ("Industries", "Manufacturing"),
    ("Solutions", "Technology"),
    ("Energy", "Energy"),
    ("Medical", "Healthcare"),
    ("Robotics", "Machinery"),
    ("Networks", "Telecom"),
    ("Capital", "Finance"),
    ("Materials", "Building materials"),
    ("Analytics", "Software"),
    ("Consulting", "Consulting"),
)

CN_SURNAMES: tuple[tuple[str, str], ...] = (
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"),
    ("赵", "zhao"), ("黄", "huang"), ("周", "zhou"), ("吴", "wu"), ("徐", "xu"), ("孙", "sun"),
    ("胡", "hu"), ("朱", "zhu"), ("高", "gao"), ("林", "lin"), ("何", "he"), ("郭", "guo"),
    ("马", "ma"), ("罗", "luo"),
)  # fmt: skip
CN_GIVEN: tuple[tuple[str, str], ...] = (
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("磊", "lei"),
    ("强", "qiang"), ("洋", "yang"), ("艳", "yan"), ("勇", "yong"), ("军", "jun"), ("杰", "jie"),
    ("娟", "juan"), ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("秀英", "xiuying"),
    ("建国", "jianguo"), ("晓东", "xiaodong"), ("海燕", "haiyan"), ("志强", "zhiqiang"),
    ("丽华", "lihua"), ("文博", "wenbo"), ("雨涵", "yuhan"),
)  # fmt: skip
EN_FIRST = (
    "James", "Mary", "John", "Linda", "Michael", "Sarah", "David", "Emma", "Daniel", "Olivia",
    "Thomas", "Sophie", "Lukas", "Anna", "Oliver", "Grace", "Ethan", "Chloe", "Noah", "Mia",
    "Felix", "Hannah", "Samuel", "Leah",
)  # fmt: skip
EN_LAST = (
    "Smith", "Johnson", "Brown", "Taylor", "Miller", "Wilson", "Moore", "Clark", "Walker",
    "Wright", "Hughes", "Schmidt", "Fischer", "Weber", "Tan", "Lim", "Ng", "Chan", "Carter",
    "Evans", "Turner", "Parker",
)  # fmt: skip
EN_TITLES = ("Purchasing Manager", "CTO", "Head of Operations", "CEO", "IT Director", "Buyer")
CN_TITLES = ("采购经理", "总经理", "技术总监", "运营总监", "IT经理", "财务总监")
NEEDS = ("CRM", "training", "support", "API access", "reporting", "onboarding", "SSO", "migration")
CN_NEEDS = ("报价", "培训", "售后服务", "系统集成", "数据迁移")

# What happened: (method, English text, Chinese text); {contact} is the contact's name.
FOLLOWUP_TEXTS: tuple[tuple[str, str, str], ...] = (
    ("call", "called re: quote", "打电话沟通报价"),
    ("call", "called about the renewal", "电话沟通续约事宜"),
    ("call", "phone call with {contact}: budget approved", "和{contact}通了电话，预算已批"),
    ("visit", "visited the office, met {contact}", "拜访了{contact}，讨论合作方案"),
    ("visit", "site visit for the pilot", "上门调研试点需求"),
    ("email", "emailed the proposal", "发邮件确认合同条款"),
    ("email", "sent an email with pricing", "邮件发送了报价单"),
    ("meeting", "meeting on the rollout plan", "开会讨论实施计划"),
    ("meeting", "demo meeting with their team", "给对方团队做了产品演示"),
    ("message", "messaged {contact} about the contract", "微信联系{contact}确认需求"),
    ("other", "note: they are reviewing options", "备注：客户在比较几家方案"),
)
CHURN_TEXTS: tuple[tuple[str, str, str], ...] = (
    ("call", "called: they are switching to a competitor", "电话回访：客户转向竞争对手"),
    ("email", "email from {contact}: will not renew, unhappy with support", "客户邮件：不续约"),
)
NEXT_STEPS: tuple[tuple[str, str], ...] = (
    ("send pricing", "发报价"),
    ("schedule a demo", "安排产品演示"),
    ("follow up on the contract", "跟进合同"),
    ("send the proposal", "发送方案"),
    ("check budget approval", "确认预算审批"),
    ("book an onsite visit", "预约上门拜访"),
    ("share the case study", "发送客户案例"),
)
