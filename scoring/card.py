"""The model card: what a model was trained on, how well it did, whom it flags, and what it cannot do."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from scoring.encode import FloatArray
from scoring.events import CompanyFacts
from scoring.metrics import Metrics, population_stability_index
from scoring.model import TrainedModel
from scoring.scores import CompanyScore

CARD_NAME = "model-card.md"
PLOT_NAME = "calibration.png"
HIGH_TIERS = frozenset({"high", "critical"})
# The four-fifths rule of thumb for adverse impact, read the other way round: a group flagged at more
# than 1.25 times the overall rate deserves a look at the reasons its companies were given.
DISPARITY_RATIO = 1.25
MIN_GROUP_SIZE = 30

KNOWN_LIMITS = (
    "Labels come from inspections and listings, which follow past targeting: companies that were never "
    "inspected cannot be positive. The random share of the inspection list exists to measure this bias.",
    "Complaint statuses and company facts (licence status, workforce, links) must be those known at each "
    "snapshot date; a value recorded later leaks the future into training and flatters the metrics.",
    "A probability ranks companies for inspection; it is not evidence. Listing decisions rest on verified "
    "findings and a person's review, never on the score alone.",
    "Nationality, gender, language, corridor of origin and size band are not features. Corridor and size "
    "band appear here only to report flag rates; differences may still arise through correlated data.",
    "Metrics describe the latest chronological fold; the deployed model is refitted with the same recipe on "
    "all snapshots, so its behaviour on the next period is an estimate, not a guarantee.",
)


def score_values(scores: Sequence[CompanyScore]) -> FloatArray:
    """The number each company is ranked by: the probability when a model scored it, else its points."""
    return np.array(
        [s.probability if s.probability is not None else s.points for s in scores], dtype=np.float64
    )


def _top_flags(values: FloatArray, share: float) -> FloatArray:
    flags = np.zeros(len(values))
    k = max(1, round(len(values) * share)) if len(values) else 0
    flags[np.argsort(-values, kind="stable")[:k]] = 1.0
    return flags


def _plot_calibration(metrics: Metrics, path: Path) -> None:
    # matplotlib takes a quarter of a second to import; only the model card draws.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(5, 5), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    filled = [b for b in metrics.calibration_bins if b.count]
    axes.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfect calibration")
    axes.plot(
        [b.mean_predicted for b in filled], [b.observed_rate for b in filled], marker="o", label="model"
    )
    # Counts beside each point: a bin of five companies may stray far from the line by chance alone.
    for b in filled:
        axes.annotate(
            f"n={b.count}",
            (b.mean_predicted, b.observed_rate),
            xytext=(4, -10),
            textcoords="offset points",
            fontsize=7,
        )
    axes.set_xlabel("predicted probability")
    axes.set_ylabel("observed share with a serious outcome")
    axes.set_title(f"Calibration, test period from {metrics.test_as_of.isoformat()}")
    axes.set_xlim(0, 1)
    axes.set_ylim(0, 1)
    axes.legend(loc="lower right")
    figure.savefig(path)


def _group_table(
    title: str,
    key: Callable[[CompanyFacts], str],
    facts: Sequence[CompanyFacts],
    top: FloatArray,
    high: FloatArray,
) -> list[str]:
    rows: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(facts):
        rows[key(f)].append(i)
    overall = float(top.mean()) if len(top) else 0.0
    lines = [
        f"### Flag rates by {title}",
        "",
        "| group | companies | top decile | high tier | ratio to overall |",
        "|---|---:|---:|---:|---:|",
    ]
    for group in sorted(rows):
        idx = np.array(rows[group])
        rate, high_rate = float(top[idx].mean()), float(high[idx].mean())
        ratio = rate / overall if overall else math.nan
        mark = " (review)" if len(idx) >= MIN_GROUP_SIZE and ratio > DISPARITY_RATIO else ""
        lines.append(f"| {group} | {len(idx)} | {rate:.1%} | {high_rate:.1%} | {ratio:.3f}{mark} |")
    return [*lines, ""]


def _fairness(companies: Sequence[CompanyFacts], scores: Sequence[CompanyScore], share: float) -> list[str]:
    by_id = {c.company_id: c for c in companies}
    pairs = [(by_id[s.company_id], s) for s in scores if s.company_id in by_id]
    facts = [f for f, _ in pairs]
    scored = [s for _, s in pairs]
    top = _top_flags(score_values(scored), share)
    high = np.array([1.0 if s.tier in HIGH_TIERS else 0.0 for s in scored])
    note = (
        f"Top decile: the share of a group ranked in the top {share:.0%} of scores; high tier: the share in "
        f"the high or critical points tier. A group of at least {MIN_GROUP_SIZE} companies flagged at more "
        f"than {DISPARITY_RATIO} times the overall top-decile rate is marked (review)."
    )
    return [
        note,
        "",
        *_group_table("company size band", lambda f: f.size_band, facts, top, high),
        *_group_table("workers' corridor of origin", lambda f: f.corridor or "unknown", facts, top, high),
    ]


def _psi_line(previous: FloatArray | None, current: FloatArray) -> str:
    if previous is None or len(previous) == 0 or len(current) == 0:
        return "- Population stability index: no previous model to compare with."
    psi = population_stability_index(previous, current)
    verdict = "stable" if psi < 0.1 else "moderate shift" if psi < 0.25 else "major shift: investigate"
    return f"- Population stability index against the previous model's scores: {psi:.3f} ({verdict})."


def _metrics_lines(model: TrainedModel) -> list[str]:
    m = model.metrics
    lift = m.precision_top / m.base_rate if m.base_rate else math.nan
    folds = ", ".join(f"{f.test_as_of.isoformat()}: {f.roc_auc:.3f}" for f in model.fold_metrics)
    return [
        "## Performance on the latest chronological fold",
        "",
        f"- Test snapshot: {m.test_as_of.isoformat()} ({m.n_test} companies, "
        f"{m.n_positive} with a serious outcome).",
        f"- ROC AUC: {m.roc_auc:.3f} (ROC AUC by test period: {folds}).",
        f"- Precision in the top {m.top_share:.0%}: {m.precision_top:.1%} against a base rate of "
        f"{m.base_rate:.1%} ({lift:.1f} times).",
        f"- Brier score: {m.brier:.4f}.",
        f"- Expected calibration error (10 bins): {m.ece:.4f}.",
        "",
        f"![Calibration plot]({PLOT_NAME})",
        "",
    ]


def _header(model: TrainedModel) -> list[str]:
    known = model.label_horizon_days + model.label_gap_days
    return [
        f"# Model card: risk model {model.version}",
        "",
        f"- Created: {model.created_at.isoformat()}; data snapshot id: `{model.data_snapshot_id}`.",
        f"- Training snapshots from {model.training_start.isoformat()} to {model.training_end.isoformat()}; "
        f"outcomes counted for {model.label_horizon_days} days after each, known {known} days after.",
        "- Label: an inspection that found a high or critical violation, or a listing, within the horizon.",
        f"- Model: logistic regression on log(1 + feature), {model.calibration} calibration "
        "on a company hold-out.",
        f"- Features used ({len(model.used_features)}): {', '.join(model.used_features)}.",
        "",
    ]


def write_model_card(
    model: TrainedModel,
    *,
    out_dir: Path,
    previous_scores: FloatArray | None,
    companies: Sequence[CompanyFacts],
    scores: Sequence[CompanyScore],
) -> Path:
    """Write model-card.md and its calibration plot into out_dir; returns the card's path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    _plot_calibration(model.metrics, out_dir / PLOT_NAME)
    lines = [
        *_header(model),
        *_metrics_lines(model),
        "## Score stability and flag rates",
        "",
        _psi_line(previous_scores, score_values(scores)),
        "",
        *_fairness(companies, scores, model.metrics.top_share),
        "## Known limits",
        "",
        *(f"- {limit}" for limit in KNOWN_LIMITS),
        "",
    ]
    card = out_dir / CARD_NAME
    card.write_text("\n".join(lines), encoding="utf-8")
    return card
