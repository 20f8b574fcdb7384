"""Every way a contact's name is said, and which contact a said name means."""

from __future__ import annotations

import random
import time

import pytest

from jobexp.nlu.contacts import (
    ContactIndex,
    ContactNames,
    forms,
    key,
    match_contact,
    relation_of,
    renderings,
)

ZHANG = ContactNames("张伟")
LI = ContactNames("李娜", nicknames=("娜娜", "Nana Qiao"), relations=("sister",))
OUYANG = ContactNames("欧阳晓红", relations=("parent",))
BOOK = (ZHANG, LI, OUYANG, ContactNames("Ann Lee"))


class TestRenderings:
    @pytest.mark.parametrize(
        "said",
        ["张伟", "zhang wei", "zhangwei", "zhāng wěi", "zhāngwěi", "zhang1 wei3", "wei zhang"],
    )
    def test_a_chinese_name_is_rendered_in_pinyin_in_either_order(self, said: str) -> None:
        assert said in renderings("张伟")

    def test_english_spellings_of_the_surname_are_renderings(self) -> None:
        assert {"cheung wei", "chang wei", "na lee"} <= renderings("张伟") | renderings("李娜")

    def test_a_compound_surname_stays_whole(self) -> None:
        assert {"ouyang xiaohong", "xiaohong ouyang"} <= renderings("欧阳晓红")
        assert "ou yangxiaohong" not in renderings("欧阳晓红")

    def test_a_surname_is_read_as_a_surname(self) -> None:
        assert "zeng guofan" in renderings("曾国藩")  # the character alone reads céng

    def test_u_umlaut_may_be_typed_as_v_or_u(self) -> None:
        assert {"lv fang", "lu fang", "lǚ fāng"} <= renderings("吕方")
        said = renderings("吕俊")
        assert {"lv jun", "lu jun", "chun lu"} <= said and not {"lv jvn", "chvn lv"} & said

    def test_a_latin_name_is_rendered_surname_first_and_joined(self) -> None:
        assert {"zhang wei", "wei zhang", "zhangwei"} <= renderings("Zhang Wei")

    def test_nicknames_and_their_pinyin_are_renderings(self) -> None:
        assert {"娜娜", "nana", "nana qiao"} <= renderings("李娜", nicknames=("娜娜", "Nana Qiao"))

    def test_a_relationship_brings_its_words_in_both_languages(self) -> None:
        said = renderings("李娜", relations=("Mum",))
        assert {"mum", "mom", "mother", "妈妈", "妈", "老妈"} <= said

    def test_a_relationship_the_table_does_not_know_is_kept_as_written(self) -> None:
        kinds = {f.text: f.kind for f in forms("李娜", relations=("Godmother Agatha",))}
        assert kinds["godmother agatha"] == "nickname"

    def test_initials_are_a_rendering_of_their_own_kind(self) -> None:
        kinds = {f.text: f.kind for f in forms("张伟")}
        assert kinds["zw"] == "initials"
        assert kinds["zhang"] == "syllable" and kinds["zhangwei"] == "spoken"

    @pytest.mark.parametrize(
        ("word", "relation"),
        [("Mum", "mother"), ("老婆", "wife"), ("co-worker", "colleague"), ("Bob", None)],
    )
    def test_relation_of_reads_words_and_vcard_types(self, word: str, relation: str | None) -> None:
        assert relation_of(word) == relation

    def test_the_key_ignores_case_spaces_tones_and_separators(self) -> None:
        assert key("Zhāng-Wěi") == key("zhangwei") == key("ZHANG WEI") == "zhangwei"


class TestMatchContact:
    @pytest.mark.parametrize(
        "said",
        [
            "张伟",
            "Zhang Wei",
            "zhangwei",
            "zhāng wěi",
            "Zhang1 Wei3",
            "Wei Zhang",
            "Cheung Wei",
            "zw",
            "章伟",  # sounds the same: a speech recognizer's other character
        ],
    )
    def test_every_rendering_finds_the_chinese_contact(self, said: str) -> None:
        assert match_contact(said, BOOK) == [ZHANG]

    @pytest.mark.parametrize(
        "said",
        [
            "li na",
            "Lina",
            "Na Lee",
            "nana",
            "娜娜",
            "Nana Qiao",
            "sister",
            "my sister",
            "我姐",
            "姐姐",
        ],
    )
    def test_nicknames_and_relationship_words_find_the_contact(self, said: str) -> None:
        assert match_contact(said, BOOK) == [LI]

    def test_a_vcard_relationship_type_finds_the_contact(self) -> None:
        assert match_contact("mom", BOOK) == [OUYANG]
        assert match_contact("我爸", BOOK) == [OUYANG]  # a parent: either word

    def test_plain_strings_are_matched_and_returned_as_given(self) -> None:
        assert match_contact("zhangwei", ["张伟", "李娜"]) == ["张伟"]
        assert match_contact("li na", ("张伟", "李娜")) == ["李娜"]

    def test_the_same_name_twice_gives_both(self) -> None:
        assert match_contact("zhang wei", ["张伟", "Zhang Wei", "李娜"]) == ["张伟", "Zhang Wei"]

    def test_an_exact_name_wins_over_a_part_of_another(self) -> None:
        assert match_contact("Li", ["Li", "Zhangsan Li", "李娜"]) == ["Li"]

    def test_a_part_of_a_name_finds_every_contact_that_has_it(self) -> None:
        assert match_contact("Lee", BOOK) == [LI, ContactNames("Ann Lee")]
        assert match_contact("伟", ["张伟", "李娜", "王伟"]) == ["张伟", "王伟"]

    def test_a_latin_part_matches_whole_words_only(self) -> None:
        assert match_contact("Zhang", ["Zhangsan Li", "Zhang Wei"]) == ["Zhang Wei"]

    def test_initials_two_contacts_share_match_neither(self) -> None:
        assert match_contact("zw", ["张伟", "赵文"]) == []
        assert match_contact("zw", ["张伟", "李娜"]) == ["张伟"]

    def test_a_single_letter_is_no_initials(self) -> None:
        assert match_contact("z", ["张伟"]) == []

    def test_nobody_matches_an_unknown_name_or_nothing(self) -> None:
        assert match_contact("Bob", BOOK) == []
        assert match_contact("  ", BOOK) == []
        assert match_contact("call", BOOK) == []

    def test_a_surname_alone_is_not_a_relationship(self) -> None:
        """马 reads "ma", which must not become Mum."""
        book = [ContactNames("马丁"), ContactNames("王芳", relations=("mother",))]
        assert match_contact("马", book) == [book[0]]


def test_matching_against_500_contacts_stays_within_milliseconds() -> None:
    rng = random.Random(12)
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁"
    given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞斌宇浩凯"
    book = [
        ContactNames(rng.choice(surnames) + "".join(rng.sample(given, rng.choice((1, 2)))))
        for _ in range(450)
    ] + [ContactNames(f"Person{i} Smith") for i in range(50)]
    index = ContactIndex.of(book)  # built once per contact list
    said = ["zhang wei", "王芳", "zw", "li", "Smith", "nobody at all", "章伟", "wei zhang"]
    timings = []
    for text in said * 20:
        start = time.perf_counter()
        index.match(text)
        timings.append(time.perf_counter() - start)
    timings.sort()
    assert timings[len(timings) * 99 // 100] < 0.005, timings[-5:]
