"""Who decides the intent: the templates, the classifier, or neither (`unknown`).

Templates are precise but accept whatever fits their words ("wake me up at 6" fits a reminder);
the classifier has seen the team's negatives and phrasings no template lists. A template's
reading stands unless the classifier is confident it is something JobExp does not do, or
confident it is another intent while giving the template's almost nothing. Without a template
reading the classifier decides alone, above a higher bar. The thresholds were chosen by 5-fold
cross-validation on the training split (`jobexp nlu tune`), never on the held-out split.
"""

from __future__ import annotations

from dataclasses import dataclass

from jobexp.nlu.classifier import Scores
from jobexp.nlu.model import Lang

__all__ = ["LIMITS", "Thresholds", "decide"]

UNKNOWN = "unknown"


@dataclass(frozen=True)
class Thresholds:
    accept: float  # the classifier alone, when no template matched
    veto: float  # P(unknown) that overrules a template's reading
    keep: float  # the template's intent keeps its reading at or above this probability
    override: float  # another intent's probability that replaces a template's reading


# `jobexp nlu tune --near 0.065 --other 0.03`: on the training split's cross-validated scores,
# the most clear commands right with at most 6.5 % of near misses and 3 % of other
# out-of-scope commands accepted (a margin under the aims of 10 % and 5%; docs/nlu.md).
LIMITS: dict[Lang, Thresholds] = {
    "en": Thresholds(accept=0.7, veto=0.4, keep=0.1, override=0.6),
    "zh": Thresholds(accept=0.55, veto=0.5, keep=0.35, override=0.6),
}


def decide(template: str | None, scores: Scores, limits: Thresholds) -> str:
    """The intent to answer with, given the template's reading (or None) and the scores."""
    best, p = scores.best
    if template is None or template == UNKNOWN:
        return best if best != UNKNOWN and p >= limits.accept else UNKNOWN
    if scores.of(template) >= limits.keep:
        return template
    if scores.of(UNKNOWN) >= limits.veto:
        return UNKNOWN
    if best not in (UNKNOWN, template) and p >= limits.override:
        return best
    return template
