"""The words of names: compound surnames, how surnames are read and spelled, and the words
for a relationship (by the relationship a vCard names). Data for `nlu/contacts.py`."""

from __future__ import annotations

__all__ = [
    "COMPOUND_SURNAMES",
    "ENGLISH_SURNAMES",
    "RELATIONS",
    "RELATION_OF_WORD",
    "SURNAME_READINGS",
    "VCARD_TYPES",
]

# Two-character surnames: 欧阳锋 is Ouyang Feng, not Ou Yangfeng.
COMPOUND_SURNAMES = frozenset((
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "夏侯", "慕容", "令狐", "尉迟", "公孙",
    "长孙", "宇文", "司徒", "端木", "独孤", "南宫", "西门", "轩辕", "百里", "呼延", "澹台",
    "申屠", "太史", "万俟", "闻人", "赫连", "钟离", "宗政", "濮阳", "公冶", "单于", "左丘",
    "东郭", "拓跋", "司空", "完颜", "第五", "歐陽", "諸葛", "司馬", "長孫", "軒轅", "鍾離",
))  # fmt: skip
# Surnames read otherwise than the character's everyday reading (曾 is Zēng, not céng).
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "曾": ("zēng",), "单": ("shàn",), "單": ("shàn",), "解": ("xiè",), "仇": ("qiú",),
    "朴": ("piáo",), "区": ("ōu",), "區": ("ōu",), "查": ("zhā",), "盖": ("gě",),
    "乐": ("yuè",), "樂": ("yuè",), "缪": ("miào",), "覃": ("qín",), "翟": ("zhái",),
    "沈": ("shěn",), "任": ("rén",), "华": ("huà",), "華": ("huà",), "纪": ("jǐ",),
    "种": ("chóng",), "秘": ("bì",), "繁": ("pó",), "员": ("yùn",), "召": ("shào",),
    "黑": ("hè",), "曲": ("qū",), "折": ("shé",), "尉": ("yù",), "宁": ("nìng",),
    "贾": ("jiǎ",), "薄": ("bó",), "柏": ("bǎi",), "燕": ("yān",), "阚": ("kàn",),
    "谌": ("chén",), "隗": ("wěi",), "朝": ("cháo",), "重": ("chóng",), "过": ("guō",),
    "尉迟": ("yù", "chí"), "万俟": ("mò", "qí"), "长孙": ("zhǎng", "sūn"),
    "单于": ("chán", "yú"), "令狐": ("líng", "hú"),
}  # fmt: skip
# Surnames as they are often spelled in English (Hong Kong, Taiwan, overseas): 李娜 may be
# "Na Lee", 张伟 "Wei Cheung". Given names stay in pinyin or Wade-Giles.
ENGLISH_SURNAMES: dict[str, tuple[str, ...]] = {
    "李": ("lee",), "张": ("chang", "cheung"), "張": ("chang", "cheung"), "王": ("wong",),
    "陈": ("chan", "chen"), "陳": ("chan", "chen"), "黄": ("wong",), "黃": ("wong",),
    "刘": ("lau",), "劉": ("lau",), "林": ("lam",), "周": ("chow", "chou"), "吴": ("ng", "woo"),
    "吳": ("ng", "woo"), "郑": ("cheng",), "鄭": ("cheng",), "杨": ("yeung",), "楊": ("yeung",),
    "何": ("ho",), "赵": ("chiu", "chao"), "趙": ("chiu", "chao"), "梁": ("leung",),
    "郭": ("kwok",), "罗": ("law", "lo"), "羅": ("law", "lo"), "徐": ("tsui", "hsu"),
    "许": ("hui", "hsu"), "許": ("hui", "hsu"), "朱": ("chu",), "胡": ("woo",), "高": ("ko",),
    "谢": ("tse", "hsieh"), "謝": ("tse", "hsieh"), "邓": ("tang",), "鄧": ("tang",),
    "冯": ("fung",), "馮": ("fung",), "叶": ("yip", "yeh"), "葉": ("yip", "yeh"),
    "潘": ("poon",), "袁": ("yuen",), "唐": ("tong",), "钟": ("chung",), "鍾": ("chung",),
    "蔡": ("choi", "tsai"), "曾": ("tsang",), "孙": ("suen",), "孫": ("suen",),
    "萧": ("siu", "hsiao"), "蕭": ("siu", "hsiao"), "邱": ("yau", "chiu"),
    "蒋": ("chiang",), "蔣": ("chiang",), "宋": ("sung",), "江": ("kong",), "苏": ("so",),
    "蘇": ("so",), "卢": ("lo",), "盧": ("lo",), "方": ("fong",), "关": ("kwan",),
    "關": ("kwan",), "莫": ("mok",), "麦": ("mak",), "麥": ("mak",), "谭": ("tam",),
    "譚": ("tam",), "严": ("yim",), "嚴": ("yim",), "姚": ("yiu",), "黎": ("lai",),
    "霍": ("fok",), "邹": ("chow",), "鄒": ("chow",), "韩": ("hon",), "韓": ("hon",),
}  # fmt: skip

# Relationship words, by the relationship a vCard names (X-RELATIONSHIP, RELATED;TYPE=...).
_MOTHER = (
    "mother",
    "mom",
    "mum",
    "mommy",
    "mummy",
    "mama",
    "妈妈",
    "妈",
    "老妈",
    "母亲",
    "妈咪",
    "娘",
)
_FATHER = ("father", "dad", "daddy", "papa", "爸爸", "爸", "老爸", "父亲", "爹", "老爹")
_WIFE = ("wife", "老婆", "妻子", "媳妇", "太太", "爱人", "夫人")
_HUSBAND = ("husband", "hubby", "老公", "丈夫", "先生", "爱人")
_BROTHER = ("brother", "bro", "哥哥", "哥", "弟弟", "弟", "兄弟")
_SISTER = ("sister", "sis", "姐姐", "姐", "妹妹", "妹")
_SON = ("son", "儿子")
_DAUGHTER = ("daughter", "女儿", "闺女")
_GRANDMOTHER = ("grandmother", "grandma", "granny", "gran", "奶奶", "外婆", "姥姥")
_GRANDFATHER = ("grandfather", "grandpa", "grandad", "granddad", "爷爷", "外公", "姥爷")
RELATIONS: dict[str, tuple[str, ...]] = {
    "mother": _MOTHER,
    "father": _FATHER,
    "parent": (*_MOTHER, *_FATHER, "parent", "parents", "父母", "爸妈"),
    "wife": _WIFE,
    "husband": _HUSBAND,
    "spouse": (*_WIFE, *_HUSBAND, "spouse", "partner", "配偶"),
    "partner": ("partner", "爱人", "对象"),
    "boyfriend": ("boyfriend", "男朋友", "男友"),
    "girlfriend": ("girlfriend", "女朋友", "女友"),
    "brother": _BROTHER,
    "sister": _SISTER,
    "sibling": (*_BROTHER, *_SISTER, "sibling"),
    "son": _SON,
    "daughter": _DAUGHTER,
    "child": (*_SON, *_DAUGHTER, "child", "kid", "孩子"),
    "grandmother": _GRANDMOTHER,
    "grandfather": _GRANDFATHER,
    "aunt": ("aunt", "auntie", "阿姨", "姑姑", "姨妈", "舅妈", "婶婶"),
    "uncle": ("uncle", "叔叔", "舅舅", "伯伯", "姑父", "姨父"),
    "boss": ("boss", "manager", "老板", "领导", "经理"),
    "colleague": ("colleague", "co-worker", "coworker", "同事"),
    "assistant": ("assistant", "助理", "秘书"),
    "neighbor": ("neighbor", "neighbour", "邻居"),
    "landlord": ("landlord", "房东"),
    "friend": ("friend", "朋友"),
}
# RELATED;TYPE=... values of vCard 4 (RFC 6350 6.6.6) that name a relationship above.
VCARD_TYPES = {
    "co-worker": "colleague",
    "colleague": "colleague",
    "child": "child",
    "parent": "parent",
    "sibling": "sibling",
    "spouse": "spouse",
    "sweetheart": "partner",
    "neighbor": "neighbor",
    "friend": "friend",
}
RELATION_OF_WORD: dict[str, str] = {}
for _relation, _words in RELATIONS.items():
    RELATION_OF_WORD.setdefault(_relation, _relation)
    for _word in _words:
        RELATION_OF_WORD.setdefault(_word, _relation)
