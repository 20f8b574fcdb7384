"""Text before matching: one width and spacing, the language, and the courtesies around a command.

Chinese and Latin text meet without spaces in speech-to-text output ("给Alice打电话") and with
stray ones in typed text ("给 Alice 打电话"); templates are written for the spaceless form, so
spaces touching a Han character are dropped while spaces inside Latin runs ("Alice Wang") stay.
"""

from __future__ import annotations

import re
import unicodedata

from jobexp.nlu.chinese import simplified, to_mandarin
from jobexp.nlu.model import Lang

__all__ = ["clean", "detect_lang", "strip_courtesy", "tidy_body", "tidy_slot"]

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_CHAR = re.compile(f"[{HAN}]")
_SPACE_NEAR_HAN = re.compile(rf"(?<=[{HAN}])\s+|\s+(?=[{HAN}])")
_SPACES = re.compile(r"\s+")
_EDGE_PUNCT = "\"'.,;:!?()[]{}<>~`*-_/\\|。，、；：！？…“”‘’（）【】《》「」『』·～"
_ASCII_WORDS = re.compile(r"[A-Za-z]")
# Typed without the apostrophe: "whats the weather", "hows it look", "dont let me forget".
_EN_NO_APOSTROPHE = re.compile(
    r"\b(?:(what|how|where|when|who|there|that)(s)|(don|doesn|didn|isn|aren|won)(t))\b",
    re.IGNORECASE,
)
_ZH_FILLER = re.compile(r"一下(?!午|子)")  # "查一下", "联系一下": never part of a slot
# "一张", "两张": how many tickets is no slot, and leaving it out spares the matcher work.
_ZH_TICKET_COUNT = re.compile(r"[一两二三四五六七八九十几0-9]+[张份]|(?<=[订买抢])张")


def detect_lang(text: str) -> Lang:
    """Chinese as soon as a Han character is said; English otherwise."""
    return "zh" if _HAN_CHAR.search(text) else "en"


def clean(text: str, lang: Lang) -> str:
    """One width, no symbols or emoji, single spaces, no spaces against Han characters."""
    text = unicodedata.normalize("NFKC", text)
    kept = "".join(ch for ch in text if _keep(ch))
    kept = _SPACES.sub(" ", kept).strip()
    if lang == "en":
        kept = _EN_NO_APOSTROPHE.sub(_apostrophe, kept)
        kept = _EN_SHORTHAND.sub(_shorthand, kept)
    if lang == "zh":
        kept = to_mandarin(simplified(kept))
        kept = _ZH_FILLER.sub("", _SPACE_NEAR_HAN.sub("", kept))
        kept = _ZH_TICKET_COUNT.sub("", kept)
    return kept.strip(_EDGE_PUNCT + " ")


# Texting shorthand in the command words: "can u call mom", "txt Bob", "remind me abt X".
_EN_SHORTHAND = re.compile(r"\b(?:(can|could|would|will) u|(txt)|(abt))\b", re.IGNORECASE)


def _shorthand(m: re.Match[str]) -> str:
    if m[1]:
        return f"{m[1]} you"
    return "text" if m[2] else "about"


def _apostrophe(m: re.Match[str]) -> str:
    return f"{m[1]}'{m[2]}" if m[1] else f"{m[3]}'{m[4]}"


def _keep(ch: str) -> bool:
    category = unicodedata.category(ch)
    # Symbols (emoji, dingbats), controls and format characters (zero-width joiners) carry no
    # command; currency and math signs go too, which no supported intent needs.
    return not (category.startswith("S") or category in {"Cc", "Cf", "Co", "Cs"}) or ch in "\t\n"


_EN_PREFIX = re.compile(
    r"^(?:hey|hi|hello|ok|okay|yo|um+|uh+|so|please|pls|kindly|jobexp|assistant"
    r"|(?:could|can|would|will) you(?: please)?(?: kindly)?"
    r"|(?:i'd|i would) like (?:you )?to|i want (?:you )?to|i need you to|i wanna|help me"
    r"|(?:would|do) you mind"
    r"|let's|let us"
    # an indirect question asks the question: "any idea if it'll rain", "do you know if I'm free"
    r"|any idea (?:if|whether)|do you know (?:if|whether)|i wonder (?:if|whether)"
    r"|(?:can|could) you (?:tell|let) me (?:know )?(?:if|whether)|tell me (?:if|whether)"
    r"|let me know (?:if|whether)|(?:i'd|i would) like to know|i want to know|do you know"
    r"|know(?= (?:what|if|whether|when|where|how)\b)"
    r"|(?:could|can|may) i(?=\s+(?:call|phone|ring|dial|text|message|send|book|add|set|schedule|put"
    r"|check|see)\b)"
    # "I need to schedule ...", "I have to text Bob ...": the need is the command itself.
    r"|(?:i need to|i have to|i've got to|i got to|i gotta|i must)"
    r"(?=\s+(?:schedule|add|put|set|create|make|book|send|text|message|call|phone|ring|dial|buy"
    r"|order|reserve|remind|navigate|plan|arrange|check|pencil|block|reach|contact|get)\b)"
    r")\b[\s,.:!]*",
    re.IGNORECASE,
)
# "thanks" ends a message as often as a request ("tell Bob thanks"): only after a comma.
_EN_SUFFIX = re.compile(
    r"(?:[\s,.!?]*\b(?:please|pls|for me|now|right now|asap|real quick)"
    r"|\s*[,.!]+\s*(?:thanks|thank you|thx|ok|okay))$",
    re.IGNORECASE,
)
_ZH_PREFIX = re.compile(
    r"^(?:请你|请|麻烦你|麻烦|劳驾|帮忙|帮我|替我|你能不能|你能|你可以|能不能|可不可以|可以"
    r"|给我(?=订|买|预订|预定|查|看|导航|找|设|定|加|添加|安排)|我想要|我想|我要|我需要|小助手|助手|嗨|喂|嘿|哎|那个|嗯)[，,\s]*"
)
_ZH_SUFFIX = re.compile(
    r"[，,\s]*(?:吧|一下|一下子|好吗|好不好|行吗|行不行|可以吗|可不可以|谢谢你?|谢啦|呀|啊|哦|喔|嘛"
    r"|啦|哈|呗|吗|呢)$"
)


def strip_courtesy(text: str, lang: Lang) -> str:
    """Drop greetings, 'please', 'could you', '帮我', '一下', a trailing '吧' around the command."""
    prefix, suffix = (_EN_PREFIX, _EN_SUFFIX) if lang == "en" else (_ZH_PREFIX, _ZH_SUFFIX)
    previous = None
    while previous != text:
        previous = text
        text = prefix.sub("", text, count=1).strip(_EDGE_PUNCT + " ")
        shorter = suffix.sub("", text, count=1).strip(_EDGE_PUNCT + " ")
        if shorter:  # "吗" alone, or "now" alone, is not a command to empty out
            text = shorter
    return text


_EN_ARTICLE = re.compile(r"^(?:(?:the|a|an)|i (?:have|need) to|i must)\s+", re.IGNORECASE)
_EN_MY = re.compile(r"^my\s+", re.IGNORECASE)
# "add an event: yoga": the word before the colon names the kind of entry, not the entry.
_EN_HEAD = re.compile(
    r"^(?:(?:a|an|the|new|my)\s+)?(?:calendar\s+)?"
    r"(?:event|entry|appointment|meeting|task|to-?do|to do|reminder|note|item)\s*:\s*",
    re.IGNORECASE,
)


_ZH_TRAILING_ASK = re.compile(r"[,，\s]*(?:帮我|请你|请|麻烦你|麻烦)$")
_ZH_SAYS = re.compile(r"^(?:说|讲|内容是|告诉他|告诉她|告诉他们|写着)[:,\s]*")


def tidy_slot(value: str, lang: Lang, *, article: bool = False, possessive: bool = False) -> str:
    """A slot value without edge punctuation or (when asked) 'the'/'my', '我的' and a final '的'."""
    value = value.strip(_EDGE_PUNCT + " ")
    if lang == "zh":
        if possessive or article:
            value = value.removeprefix("我的").rstrip("的") or value
        return _ZH_TRAILING_ASK.sub("", value).strip(_EDGE_PUNCT + " ") or value
    if possessive:
        value = _EN_MY.sub("", value)
    if article:
        value = _EN_HEAD.sub("", value) or value
        value = _EN_ARTICLE.sub("", value)
    return value.strip(_EDGE_PUNCT + " ")


def tidy_body(value: str, lang: Lang) -> str:
    """A message as said, without the '说' that introduced it."""
    value = tidy_slot(value, lang)
    return _ZH_SAYS.sub("", value) if lang == "zh" else value


def has_latin(text: str) -> bool:
    return bool(_ASCII_WORDS.search(text))
