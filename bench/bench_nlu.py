"""Command understanding: JobExp's parse against bare hassil matching, in the same run.

    python -m bench.bench_nlu [--quick] [--json PATH]

JobExp's side is `Nlu.parse(text, lang=..., now=..., slot_lists=...)` on every utterance of the
shipped corpus (src/jobexp/nlu/corpus): cleaning, taking the time phrase out and resolving it,
dropping courtesies, matching, choosing among matches, filling slots. The baseline is hassil's
own `recognize(text, intents)` on the same raw utterances with the same compiled templates
(`Nlu.grammars[lang]`): what the templates alone cost, and what they alone get right.

Per language: utterances/s (median of alternating rounds), p50 and p99 latency per call (over
every call of every round), the ratio of the medians, and intent and slot exact-match accuracy.
Aim: p99 under 20 ms and intent accuracy at least 95 %.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from hassil import Intents, recognize

from jobexp.nlu import Nlu
from jobexp.nlu.corpus import Example, evaluate, load_corpus, run
from jobexp.nlu.model import Lang

P99_AIM_MS = 20.0
ACCURACY_AIM = 0.95
LANGS: tuple[Lang, ...] = ("en", "zh")


@dataclass(frozen=True)
class Plan:
    rounds: int
    passes: int  # over the language's corpus per round and engine


FULL = Plan(rounds=5, passes=10)
QUICK = Plan(rounds=3, passes=2)

Call = Callable[[Example], object]


@dataclass
class EngineResult:
    label: str
    rates: list[float] = field(default_factory=list)  # utterances per second, one per round
    latencies_ns: list[int] = field(default_factory=list)

    def figures(self) -> dict[str, Any]:
        ordered = sorted(self.latencies_ns)
        return {
            "label": self.label,
            "median_utterances_per_s": statistics.median(self.rates),
            "p50_ms": _percentile(ordered, 0.50) / 1e6,
            "p99_ms": _percentile(ordered, 0.99) / 1e6,
            "max_ms": ordered[-1] / 1e6,
            "rounds": self.rates,
        }


def _percentile(ordered: Sequence[int], q: float) -> float:
    return float(ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))])


def _time(call: Call, examples: Sequence[Example], passes: int, result: EngineResult) -> None:
    clock = time.perf_counter_ns
    start = clock()
    for _ in range(passes):
        for example in examples:
            before = clock()
            call(example)
            result.latencies_ns.append(clock() - before)
    result.rates.append(len(examples) * passes / ((clock() - start) / 1e9))


def _bare(grammar: Intents) -> Call:
    return lambda example: recognize(example.text, grammar)


def bare_hassil_intent_accuracy(nlu: Nlu, examples: Sequence[Example]) -> float:
    right = 0
    for example in examples:
        match = recognize(example.text, nlu.grammars[example.lang])
        right += (match.intent.name if match else "unknown") == example.intent
    return right / len(examples)


def run_bench(plan: Plan, progress: bool = True) -> dict[str, Any]:
    started = time.perf_counter()
    nlu = Nlu()
    build_ms = (time.perf_counter() - started) * 1000
    corpus = load_corpus()
    first_call_started = time.perf_counter()
    run(nlu, corpus[0])
    first_call_ms = (time.perf_counter() - first_call_started) * 1000
    report = evaluate(nlu, corpus)  # also the warm-up for both engines' code paths
    figures: dict[str, Any] = {
        "plan": asdict(plan),
        "python": platform.python_version(),
        "hassil": version("hassil"),
        "nlu_build_ms": build_ms,
        "first_call_ms": first_call_ms,
        "load_average_1min": os.getloadavg()[0],  # latency figures move with it
        "langs": {},
    }
    for lang in LANGS:
        examples = [e for e in corpus if e.lang == lang]
        grammar = nlu.grammars[lang]
        jobexp = EngineResult("JobExp Nlu.parse")
        bare = EngineResult("bare hassil recognize")
        engines: list[tuple[EngineResult, Call]] = [
            (jobexp, lambda e: run(nlu, e)),
            (bare, _bare(grammar)),
        ]
        for round_no in range(plan.rounds):
            order = engines if round_no % 2 == 0 else list(reversed(engines))
            for result, call in order:
                _time(call, examples, plan.passes, result)
                if progress:
                    print(
                        f"  {lang} round {round_no + 1}/{plan.rounds}  {result.label:<24}"
                        f"{result.rates[-1]:>10,.0f} utterances/s",
                        file=sys.stderr,
                        flush=True,
                    )
        lang_report = report.langs[lang]
        mine, base = jobexp.figures(), bare.figures()
        figures["langs"][lang] = {
            "count": len(examples),
            "engines": {"jobexp": mine, "hassil": base},
            "speed_ratio": mine["median_utterances_per_s"] / base["median_utterances_per_s"],
            "intent_accuracy": lang_report.intent_accuracy,
            "slot_accuracy": lang_report.slot_accuracy,
            "hassil_intent_accuracy": bare_hassil_intent_accuracy(nlu, examples),
            "p99_aim_met": mine["p99_ms"] < P99_AIM_MS,
            "accuracy_aim_met": lang_report.intent_accuracy >= ACCURACY_AIM,
        }
    return figures


def report(figures: dict[str, Any]) -> None:
    plan = figures["plan"]
    print()
    print(
        f"Command understanding vs bare hassil {figures['hassil']}: shipped corpus, "
        f"{plan['rounds']} alternating round(s) x {plan['passes']} pass(es); "
        f"Python {figures['python']}; templates compiled in {figures['nlu_build_ms']:.0f} ms, "
        f"first parse {figures['first_call_ms']:.1f} ms; load average at start "
        f"{figures['load_average_1min']:.1f} on {os.cpu_count()} CPU(s)"
    )
    header = (
        f"{'lang':<5}{'engine':<26}{'utt/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}"
        f"{'intent':>9}{'slots':>8}"
    )
    print(header)
    print("-" * len(header))
    for lang, data in figures["langs"].items():
        for name in ("hassil", "jobexp"):
            e = data["engines"][name]
            intent = data["intent_accuracy"] if name == "jobexp" else data["hassil_intent_accuracy"]
            slots = f"{data['slot_accuracy']:.1%}" if name == "jobexp" else "-"
            print(
                f"{lang:<5}{e['label']:<26}{e['median_utterances_per_s']:>9,.0f}"
                f"{e['p50_ms']:>9.2f}{e['p99_ms']:>9.2f}{e['max_ms']:>9.2f}"
                f"{intent:>9.1%}{slots:>8}"
            )
    print("-" * len(header))
    for lang, data in figures["langs"].items():
        p99 = data["engines"]["jobexp"]["p99_ms"]
        print(
            f"{lang}: JobExp/hassil throughput {data['speed_ratio']:.2f}x; "
            f"p99 {p99:.2f} ms, aim < {P99_AIM_MS:.0f} ms: "
            f"{'MET' if data['p99_aim_met'] else 'NOT MET'}; intent "
            f"{data['intent_accuracy']:.1%}, aim >= {ACCURACY_AIM:.0%}: "
            f"{'MET' if data['accuracy_aim_met'] else 'NOT MET'} ({data['count']} utterances)"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="3 rounds of 2 passes")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    figures = run_bench(QUICK if args.quick else FULL)
    report(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
