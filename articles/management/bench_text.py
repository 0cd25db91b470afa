"""Fictional article text for the search benchmark archive (`seed_bench --archive`).

Nothing here is news: sentences are assembled from small word lists with a random generator
seeded by the article's number, so the same archive comes out on every run and every
database. The mix is chosen to make the benchmark's query kinds mean something at any size:

- common words ("research", "international", "cooperation") occur in most articles;
- each rare word (`RARE_WORDS`) occurs in about one article in 2,000;
- topic phrases ("carbon capture") recur, so phrase queries have many matches;
- about one article in ten is in Chinese, and one in twenty English articles quotes Chinese
  terms, so Chinese words (`计量`) and mixed queries (`计量 metrology`) both find something.
"""

import random
from dataclasses import dataclass

TOPICS = [
    "quantum sensing",
    "carbon capture",
    "deep-space probes",
    "gene editing",
    "battery recycling",
    "satellite navigation",
    "clean hydrogen",
    "brain science",
    "rice breeding",
    "ocean observation",
    "earthquake early warning",
    "high-speed rail",
    "supercomputing",
    "vaccine development",
    "glacier monitoring",
    "desert greening",
    "fusion energy",
    "service robots",
    "machine translation",
    "wetland protection",
    "pulsar timing",
    "solar power",
    "offshore wind",
    "antibody drugs",
    "digital health",
    "smart agriculture",
    "semiconductor materials",
    "climate modelling",
    "biodiversity surveys",
    "water purification",
    "measurement standards",
]
CITIES = [
    "Beijing",
    "Shanghai",
    "Xiamen",
    "Macao",
    "Hangzhou",
    "Wuhan",
    "Chengdu",
    "Harbin",
    "Lanzhou",
    "Guiyang",
    "Nairobi",
    "Berlin",
    "Geneva",
    "Vienna",
    "Kazan",
    "Osaka",
    "Busan",
    "Bangkok",
    "Singapore",
    "Alexandria",
    "Lisbon",
    "Valparaíso",
    "Tampere",
    "Dakar",
    "Da Nang",
]
ACTORS = [
    "The association",
    "The academy",
    "A national laboratory",
    "The university consortium",
    "The union's members",
    "A group of young scientists",
    "The science museum",
    "The research institute",
    "A provincial science council",
    "An international committee",
]
EVENTS = ["forum", "symposium", "workshop", "summit", "conference", "training course", "open day", "expert meeting"]
RARE_WORDS = [
    "magnetometer",
    "heliostat",
    "tokamak",
    "perovskite",
    "ionosphere",
    "stromatolite",
    "metamaterial",
    "neutrino",
    "spectrometer",
    "permafrost",
    "exoskeleton",
    "microfluidics",
    "phytoplankton",
    "gravimeter",
    "radiocarbon",
    "superconductor",
    "biochar",
    "cryosphere",
    "interferometer",
    "seismometer",
]
TITLES = [
    "{Topic}: {actor} reports progress",
    "New {event} on {topic} opens in {city}",
    "{City} {event} looks at {topic}",
    "Scientists in {city} share results on {topic}",
    "What {topic} means for readers",
    "{Actor} backs international cooperation on {topic}",
    "Five questions about {topic}",
    "{Topic} research gathers pace in {city}",
]
STANDFIRSTS = [
    "Researchers met in {city} to compare notes on {topic}.",
    "{Actor} wants more international cooperation on {topic}.",
    "A {event} in {city} heard how {topic} is moving from the laboratory to daily life.",
    "Why {topic} needs long-term support for basic research.",
]
SENTENCES = [
    "Researchers presented new results on {topic} at a {event} in {city}.",
    "{Actor} called for open data and closer international cooperation on {topic}.",
    "The {event} brought together universities, research institutes and companies working on {topic}.",
    "Speakers said that science communication helps the public follow fast-moving research on {topic}.",
    "A report released in {city} maps two decades of research on {topic}.",
    "{Actor} signed an agreement with partners in {city} to share facilities for {topic}.",
    "Young researchers from {city} described how {topic} could change daily life.",
    "The programme will train science journalists to report on {topic} accurately.",
    "Funding for {topic} rose again this year, according to figures published in {city}.",
    "Participants visited a laboratory where {topic} is tested at scale.",
    "{Actor} plans a second {event} on {topic} next year.",
    "Experts warned that progress on {topic} depends on long-term support for basic research.",
    "The results were published in an open-access journal and discussed with colleagues abroad.",
    "Organizers said the {event} attracted more participants than last year.",
    "Students asked how {topic} could help their home towns.",
    "International cooperation remains essential, the speakers agreed.",
    "Several companies showed prototypes, and a museum in {city} will display them.",
    "The meeting ended with a call for more women in science and engineering.",
    "Delegates from {city} and {city2} compared their national plans.",
    "A joint laboratory for {topic} will open in {city} within two years.",
]
RARE_SENTENCE = "The team also showed how a {rare} helps with {topic}."
MIXED_SENTENCES = [
    "Chinese colleagues call the national measurement system 计量体系, and metrology (计量) was a theme of the day.",
    "The event was organised with the 中国科学技术协会 (China Association for Science and Technology).",
    "Posters explained 科学普及 (science popularization) to visitors from {city}.",
]
ZH_TOPICS = [
    "量子传感",
    "碳捕集",
    "深空探测",
    "基因编辑",
    "电池回收",
    "卫星导航",
    "清洁氢能",
    "脑科学",
    "水稻育种",
    "海洋观测",
    "地震预警",
    "现代计量体系",
    "超级计算",
    "疫苗研发",
    "冰川监测",
    "人工智能",
]
ZH_CITIES = ["北京", "上海", "厦门", "澳门", "杭州", "武汉", "成都", "哈尔滨", "兰州", "贵阳"]
ZH_TITLES = ["{topic}研究取得新进展", "{city}举办{topic}论坛", "专家谈{topic}的未来", "{topic}国际合作不断深化"]
ZH_STANDFIRSTS = ["来自{city}的科研人员介绍了{topic}的最新成果。", "{topic}需要长期支持基础研究。"]
ZH_SENTENCES = [
    "研究人员在{city}举行的论坛上介绍了{topic}的新成果。",
    "与会专家呼吁加强{topic}领域的国际合作与数据开放。",
    "本次会议汇聚了高校、科研院所和企业的代表。",
    "专家表示，科学普及有助于公众了解{topic}的快速发展。",
    "国务院发布了{topic}相关规划，提出到2025年的发展目标。",
    "青年科学家分享了{topic}如何改变日常生活的故事。",
    "{city}的一家博物馆将展出{topic}的相关展品。",
    "主办方表示，明年将继续举办{topic}研讨会。",
]


@dataclass(frozen=True)
class ArticleText:
    title: str
    standfirst: str
    body: str
    dateline_place: str


def _fill(template: str, rng: random.Random, **values) -> str:
    city, city2 = rng.sample(CITIES, 2)
    actor = rng.choice(ACTORS)
    filled = template.format(
        city=city, City=city, city2=city2, actor=actor.lower(), Actor=actor, event=rng.choice(EVENTS), **values
    )
    return filled[0].upper() + filled[1:]


def _english(rng: random.Random, number: int) -> ArticleText:
    topic = rng.choice(TOPICS)
    topics = {"topic": topic, "Topic": topic}
    paragraphs = []
    for _ in range(rng.randint(3, 6)):
        sentences = [_fill(rng.choice(SENTENCES), rng, **topics) for _ in range(rng.randint(2, 4))]
        paragraphs.append(" ".join(sentences))
    if rng.random() < 0.02:
        paragraphs.insert(1, _fill(RARE_SENTENCE, rng, rare=rng.choice(RARE_WORDS), **topics))
    if rng.random() < 0.05:
        paragraphs.append(_fill(rng.choice(MIXED_SENTENCES), rng))
    if rng.random() < 0.3:
        paragraphs.append("\n".join(f"- {_fill(rng.choice(SENTENCES), rng, **topics)}" for _ in range(3)))
    title = _fill(rng.choice(TITLES), rng, **topics)
    return ArticleText(
        title=f"{title} ({number})",
        standfirst=_fill(rng.choice(STANDFIRSTS), rng, **topics),
        body="\n\n".join(paragraphs),
        dateline_place=rng.choice(CITIES),
    )


def _chinese(rng: random.Random, number: int) -> ArticleText:
    topic, city = rng.choice(ZH_TOPICS), rng.choice(ZH_CITIES)
    paragraphs = [
        "".join(rng.choice(ZH_SENTENCES).format(topic=topic, city=rng.choice(ZH_CITIES)) for _ in range(3))
        for _ in range(rng.randint(2, 5))
    ]
    return ArticleText(
        title=f"{rng.choice(ZH_TITLES).format(topic=topic, city=city)}（{number}）",
        standfirst=rng.choice(ZH_STANDFIRSTS).format(topic=topic, city=city),
        body="\n\n".join(paragraphs),
        dateline_place=city,
    )


def article_text(number: int) -> ArticleText:
    """The fictional text of archive article `number` (the same number always gives the same text)."""
    rng = random.Random(number)
    return _chinese(rng, number) if rng.random() < 0.1 else _english(rng, number)
