"""Command understanding: JobExp, bare hassil and the classifier alone, in the same run.

    python -m bench.bench_nlu [--quick] [--json PATH]

On the corpus's held-out split (never trained or tuned on): JobExp's `Nlu.parse` (cleaning,
the time phrase, templates, the classifier and their arbitration, slots); hassil's own
`recognize(text, intents)` on the same raw utterances with the same compiled templates; and the
intent classifier alone (`IntentModel.scores` on the prepared text, its best intent).

Per language and engine: utterances/s (median of alternating rounds), p50 and p99 latency per
call (over every call of every round), intent accuracy on the commands JobExp does (one clear
meaning), and the share of near misses and of other out-of-scope commands (small talk
included) accepted as some intent. Aims: p99 under 20 ms, accuracy at least 90 %, near misses
accepted at most 10 % and out-of-scope at most 5 %. Also: the model's size and load time.
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

from hassil import recognize

from jobexp.nlu import Nlu
from jobexp.nlu.classifier import load_model
from jobexp.nlu.corpus import Example, evaluate, load_all, run
from jobexp.nlu.model import Lang
from jobexp.nlu.prepare import for_classifier
from jobexp.nlu.training import model_paths

P99_AIM_MS = 20.0
ACCURACY_AIM = 0.90
NEAR_AIM = 0.10
OUT_OF_SCOPE_AIM = 0.05
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


Intent = Callable[[Example], str]


def _engines(nlu: Nlu) -> dict[str, tuple[str, Call, Intent]]:
    """name: (label, timed call, intent it answers)."""

    def hassil_intent(e: Example) -> str:
        match = recognize(e.text, nlu.grammars[e.lang])
        return match.intent.name if match else "unknown"

    def classifier_intent(e: Example) -> str:
        return nlu.model.scores(for_classifier(e.text, e.lang), e.lang).best[0]

    return {
        "jobexp": ("JobExp Nlu.parse", lambda e: run(nlu, e), lambda e: run(nlu, e).intent),
        "hassil": ("bare hassil recognize", _bare_call(nlu), hassil_intent),
        "classifier": ("classifier alone", classifier_intent, classifier_intent),
    }


def _bare_call(nlu: Nlu) -> Call:
    return lambda example: recognize(example.text, nlu.grammars[example.lang])


def accuracy(intent: Intent, examples: Sequence[Example]) -> dict[str, float]:
    """Right on clear commands; accepted among near misses and among other negatives."""
    clear = [e for e in examples if e.intent != "unknown"]
    near = [e for e in examples if e.intent == "unknown" and e.kind == "near"]
    other = [e for e in examples if e.intent == "unknown" and e.kind != "near"]
    return {
        "clear_accuracy": sum(intent(e) == e.intent for e in clear) / max(len(clear), 1),
        "near_accepted": sum(intent(e) != "unknown" for e in near) / max(len(near), 1),
        "out_of_scope_accepted": sum(intent(e) != "unknown" for e in other) / max(len(other), 1),
    }


def _model_load() -> dict[str, float]:
    path = next(p for p in model_paths() if p.exists())
    started = time.perf_counter()
    load_model(path)
    return {
        "model_load_ms": (time.perf_counter() - started) * 1000,
        "model_mb": path.stat().st_size / 1e6,
    }


def run_bench(plan: Plan, progress: bool = True) -> dict[str, Any]:
    started = time.perf_counter()
    nlu = Nlu()
    build_ms = (time.perf_counter() - started) * 1000
    corpus = load_all(split="heldout")
    first_call_started = time.perf_counter()
    run(nlu, corpus[0])
    first_call_ms = (time.perf_counter() - first_call_started) * 1000
    report = evaluate(nlu, corpus)  # also the warm-up for every engine's code paths
    named = _engines(nlu)
    figures: dict[str, Any] = {
        "plan": asdict(plan),
        "python": platform.python_version(),
        "hassil": version("hassil"),
        "nlu_build_ms": build_ms,
        "first_call_ms": first_call_ms,
        **_model_load(),
        "load_average_1min": os.getloadavg()[0],  # latency figures move with it
        "langs": {},
    }
    for lang in LANGS:
        examples = [e for e in corpus if e.lang == lang]
        results = {name: EngineResult(label) for name, (label, _, _) in named.items()}
        engines: list[tuple[EngineResult, Call]] = [
            (results[name], call) for name, (_, call, _) in named.items()
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
        engine_figures = {
            name: {**results[name].figures(), **accuracy(intent, examples)}
            for name, (_, _, intent) in named.items()
        }
        mine, base = engine_figures["jobexp"], engine_figures["hassil"]
        figures["langs"][lang] = {
            "count": len(examples),
            "engines": engine_figures,
            "speed_ratio": mine["median_utterances_per_s"] / base["median_utterances_per_s"],
            "slot_accuracy": report.langs[lang].slot_accuracy,
            "p99_aim_met": mine["p99_ms"] < P99_AIM_MS,
            "accuracy_aim_met": mine["clear_accuracy"] >= ACCURACY_AIM
            and mine["near_accepted"] <= NEAR_AIM
            and mine["out_of_scope_accepted"] <= OUT_OF_SCOPE_AIM,
        }
    return figures


def report(figures: dict[str, Any]) -> None:
    plan = figures["plan"]
    print()
    print(
        f"Command understanding on the held-out split: JobExp vs bare hassil {figures['hassil']} "
        f"vs the classifier alone, {plan['rounds']} alternating round(s) x {plan['passes']} "
        f"pass(es); Python {figures['python']}; Nlu() built in {figures['nlu_build_ms']:.0f} ms, "
        f"model {figures['model_mb']:.1f} MB loaded in {figures['model_load_ms']:.0f} ms, "
        f"first parse {figures['first_call_ms']:.1f} ms; load average at start "
        f"{figures['load_average_1min']:.1f} on {os.cpu_count()} CPU(s)"
    )
    header = (
        f"{'lang':<5}{'engine':<24}{'utt/s':>9}{'p50 ms':>8}{'p99 ms':>8}"
        f"{'clear':>8}{'near acc':>10}{'oos acc':>9}"
    )
    print(header)
    print("-" * len(header))
    for lang, data in figures["langs"].items():
        for e in data["engines"].values():
            print(
                f"{lang:<5}{e['label']:<24}{e['median_utterances_per_s']:>9,.0f}"
                f"{e['p50_ms']:>8.2f}{e['p99_ms']:>8.2f}{e['clear_accuracy']:>8.1%}"
                f"{e['near_accepted']:>10.1%}{e['out_of_scope_accepted']:>9.1%}"
            )
    print("-" * len(header))
    for lang, data in figures["langs"].items():
        mine = data["engines"]["jobexp"]
        print(
            f"{lang}: JobExp/hassil throughput {data['speed_ratio']:.2f}x; "
            f"p99 {mine['p99_ms']:.2f} ms, aim < {P99_AIM_MS:.0f} ms: "
            f"{'MET' if data['p99_aim_met'] else 'NOT MET'}; clear {mine['clear_accuracy']:.1%} "
            f"(aim >= {ACCURACY_AIM:.0%}), near misses accepted {mine['near_accepted']:.1%} "
            f"(<= {NEAR_AIM:.0%}), out of scope {mine['out_of_scope_accepted']:.1%} "
            f"(<= {OUT_OF_SCOPE_AIM:.0%}): {'MET' if data['accuracy_aim_met'] else 'NOT MET'}; "
            f"slots {data['slot_accuracy']:.1%} ({data['count']} utterances)"
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
