"""Device fixtures: an address book and a calendar whose every name, number and title is
distinctive, so a search of captured traffic for them cannot miss or match by accident."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
CONTACTS_VCF = HERE / "contacts.vcf"
CALENDAR_ICS = HERE / "calendar.ics"
MALFORMED_VCF = HERE / "malformed.vcf"
# An address book in Chinese: 张伟; 李娜 with nicknames and a relationship (X-RELATIONSHIP:
# sister); 欧阳晓红 with a vCard 4 relationship (RELATED;TYPE=parent).
CONTACTS_ZH_VCF = HERE / "contacts_zh.vcf"

CONTACT_NAMES = ("Zhang Wei", "Quentin Marlowe-Okafor", "李娜", "Ophelia Thistlewood")
CONTACT_GROUPS = ("Family Circle", "Badminton Club", "Zeppelin Owners", "大学同学")
# Each number as its digits, with and without the country code, and as written in the file.
CONTACT_NUMBERS = (
    "+86 138 0013 8000",
    "13800138000",
    "8613800138000",
    "+86 139 1234 5678",
    "13912345678",
    "+44 20 7946 0958",
    "2079460958",
    "+44 7700 900123",
    "7700900123",
    "186-5555-0123",
    "18655550123",
    "+86 177 2468 1357",
    "17724681357",
)
CALENDAR_TEXTS = (
    "Quarterly Zanzibar Audit",
    "Zanzibar",
    "Room Heliotrope 7",
    "Heliotrope",
    "Bring the Xylophone contract",
    "Xylophone",
    "牙医预约",
    "Marzipan Gala Rehearsal",
    "Marzipan",
    "Orchid Project Calendar",
)
IMEI = "490154203237518"
MAC = "00:1A:2B:3C:4D:5E"
# Every way the Chinese contacts may be written in English, pinyin or by nickname: none of
# them may leave the device (relationship words like "sister" name no one, and may).
CONTACT_ZH_RENDERINGS = (
    "张伟",
    "Zhang Wei",
    "zhangwei",
    "zhāng wěi",
    "zhang1 wei3",
    "Wei Zhang",
    "weizhang",
    "Cheung Wei",
    "李娜",
    "Li Na",
    "lina",
    "lǐ nà",
    "Na Li",
    "Lee Na",
    "娜娜",
    "nana",
    "Nana Qiao",
    "欧阳晓红",
    "Ouyang Xiaohong",
    "xiaohong",
)
CONTACT_ZH_NUMBERS = ("13579135791", "+86 135 7913 5791", "15024680246", "16635792468")
