"""The published policy as Markdown (`jobexp policy render`): the sections of /privacy."""

from __future__ import annotations

from collections.abc import Iterable

from jobexp.policy.render import PolicyView, colon, join_items

__all__ = ["render_markdown"]


def render_markdown(view: PolicyView) -> str:
    """The whole policy as Markdown: the same sections and tables as the page."""
    lines = [*_md_header(view), *_md_changes(view), *_md_storage(view), *_md_text(view)]
    lines += _md_tables(view)
    return "\n".join(lines).rstrip() + "\n"


def _md_header(view: PolicyView) -> list[str]:
    t, c = view.label, colon(view.locale)
    return [
        f"# {t('privacy.title')}",
        "",
        f"- {t('privacy.version_label')}{c}{view.version_label}",
        f"- {t('privacy.content_version')}{c}`{view.version}`",
        f"- {t('privacy.published')}{c}{view.published_on.isoformat()}",
        "",
        t("privacy.intro"),
        "",
    ]


def _md_changes(view: PolicyView) -> list[str]:
    t = view.label
    lines = [f"## {t('privacy.changes.title')}", "", view.update_summary, ""]
    if view.affected:
        affected = join_items(view.affected, view.locale)
        lines += [f"{t('privacy.changes.affected')}{colon(view.locale)}{affected}", ""]
    for row in view.changes:
        flag = f" ({t('privacy.changes.needs_acceptance')})" if row.material else ""
        lines.append(f"- {_md_cell(row.text)}{flag}")
    if view.changes:
        lines.append("")
    if view.notes:
        lines += [f"{t('privacy.changes.notes')}{colon(view.locale).rstrip()}", ""]
        lines += [f"- {note}" for note in view.notes] + [""]
    return lines


def _md_storage(view: PolicyView) -> list[str]:
    t, c = view.label, colon(view.locale)
    return [
        f"## {t('privacy.section.storage')}",
        "",
        f"- {t('privacy.storage.region')}{c}{view.storage_region}",
        f"- {t('privacy.storage.cross_border')}{c}{view.cross_border}",
        "",
    ]


def _md_text(view: PolicyView) -> list[str]:
    lines = [f"## {view.label('privacy.section.text')}", ""]
    for part in view.parts:
        lines += [f"### {part.title}", ""]
        for clause in part.clauses:
            lines += [f'<a id="{clause.anchor}"></a>**[{clause.id}] {clause.title}**', ""]
            lines += [clause.text, ""]
    return lines


def _md_tables(view: PolicyView) -> list[str]:
    t = view.label

    def j(items: Iterable[str]) -> str:
        return join_items(items, view.locale)

    yes, no = t("privacy.sensitive"), t("privacy.not_sensitive")
    return [
        *_md_table(
            t("privacy.section.categories"),
            [t(f"privacy.col.{c}") for c in ("category", "description", "sensitive", "where")],
            [[c.name, c.description, yes if c.sensitive else no, c.where] for c in view.categories],
        ),
        *_md_table(
            t("privacy.section.purposes"),
            [t(f"privacy.col.{c}") for c in ("purpose", "legal_basis", "categories")],
            [[p.name, p.legal_basis, j(p.categories)] for p in view.purposes],
        ),
        *_md_table(
            t("privacy.section.retention"),
            [t(f"privacy.col.{c}") for c in ("category", "period", "starts", "then", "overrides")],
            [
                [r.category, r.period, r.starts, r.then, "; ".join(r.overrides) or "—"]
                for r in view.retention
            ],
            note=view.device_only_note,
        ),
        *_md_table(
            t("privacy.section.recipients"),
            [
                t(f"privacy.col.{c}")
                for c in ("recipient", "kind", "purposes", "data", "consent", "grant_ends")
            ],
            [
                [r.name, r.kind, j(r.purposes), j(r.categories), r.consent, r.grant_ends]
                for r in view.recipients
            ],
        ),
        *_md_table(
            t("privacy.section.permissions"),
            [t(f"privacy.col.{c}") for c in ("permission", "purpose", "data", "asked")],
            [[p.name, p.purpose, j(p.categories), p.asked_when] for p in view.permissions],
        ),
    ]


def _md_table(
    title: str, header: list[str], rows: list[list[str]], note: str | None = None
) -> list[str]:
    lines = [f"## {title}", "", _md_row(header), _md_row(["---"] * len(header))]
    lines += [_md_row(row) for row in rows]
    lines.append("")
    if note:
        lines += [note, ""]
    return lines


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(_md_cell(cell) for cell in cells) + " |"


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
