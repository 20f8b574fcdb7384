"""Every deletion message the code and pages use exists in English and Chinese."""

from __future__ import annotations

import re
from pathlib import Path

import jobexp
from jobexp.i18n import catalog

ROOT = Path(jobexp.__file__).parent
SOURCES = [
    ROOT / "entrypoints/web/templates/deletion.html",
    ROOT / "entrypoints/web/templates/deletion_receipt.html",
    ROOT / "entrypoints/web/templates/privacy_center.html",
    ROOT / "domain/deletion.py",
    ROOT / "service_layer/deletion.py",
]
KEY = re.compile(r"""["'](deletion\.[a-z_.]+[a-z_])["']""")
DYNAMIC = [f"deletion.state.{s}" for s in ("requested", "scheduled", "on_hold", "erasing")] + [
    "deletion.state.erased",
    "deletion.state.cancelled",
    "deletion.kept.audit_log",
    "deletion.kept.deletion_records",
]


def test_every_deletion_message_is_in_both_languages() -> None:
    used = {key for path in SOURCES for key in KEY.findall(path.read_text("utf-8"))}
    used |= set(DYNAMIC)
    assert len(used) > 30
    for locale in ("en", "zh-CN"):
        missing = sorted(used - catalog(locale).keys())
        assert not missing, f"{locale} lacks {missing}"


def test_the_deletion_keys_are_the_same_in_both_languages() -> None:
    def keys(locale: str) -> set[str]:
        return {k for k in catalog(locale) if k.startswith("deletion.")}

    assert keys("en") == keys("zh-CN")
