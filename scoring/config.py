"""The one configuration of risk scoring: every weight, half-life and threshold, with its reason.

Points follow two published regulators' schemes so that each number can be defended:

* UK Gangmasters and Labour Abuse Authority (GLAA), Licensing Standards: a failed *critical*
  standard (e.g. withholding identity documents, debt bondage, physical or sexual abuse, restricting
  movement) fails the licence on its own; non-critical failures only fail it in combination.
* Singapore Ministry of Manpower (MOM), Demerit Point System for employment agencies: 12 points put
  an agency under surveillance and 24 points may lead to suspension or revocation of its licence.

The scale here is MOM's (12 for surveillance-level concern, 24 for listing-level concern); GLAA's
rule is kept by making one critical finding worth twice the listing threshold, so it recommends
listing on its own for a full half-life (one year) before decay takes it below.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

DAYS_PER_YEAR = 365.25


def _frozen(mapping: dict[str, float]) -> Mapping[str, float]:
    return MappingProxyType(mapping)


def _severity_points() -> Mapping[str, float]:
    # low/medium/high mirror MOM's demerit steps; critical = 2 x listing threshold (see module docstring).
    return _frozen({"low": 2.0, "medium": 6.0, "high": 12.0, "critical": 48.0})


def _critical_codes() -> frozenset[str]:
    # GLAA critical standards and ILO forced-labour indicators: any one of them is treated as critical
    # whatever severity the inspector recorded.
    return frozenset(
        {
            "PASSPORT_RETENTION",
            "DEBT_BONDAGE",
            "MOVEMENT_RESTRICTION",
            "PHYSICAL_ABUSE",
            "SEXUAL_ABUSE",
            "THREATS",
        }
    )


def _category_groups() -> Mapping[str, tuple[str, ...]]:
    # Groups keep the feature count low enough for the label budget (see min_positive_labels) while
    # separating forced-labour indicators from wage and housing disputes.
    return MappingProxyType(
        {
            "forced_labour": ("PASSPORT_RETENTION", "DEBT_BONDAGE", "MOVEMENT_RESTRICTION", "THREATS"),
            "abuse": ("PHYSICAL_ABUSE", "SEXUAL_ABUSE"),
            "deception_fees": ("DECEPTION", "CONTRACT_SUBSTITUTION", "RECRUITMENT_FEES", "VISA_TRADING"),
            "wages_conditions": ("WAGE_THEFT", "EXCESSIVE_HOURS", "UNSAFE_HOUSING"),
        }
    )


@dataclass(frozen=True)
class ScoringConfig:
    """Every weight, half-life and threshold used by points, features, model and priorities."""

    # --- points -------------------------------------------------------------------------------
    severity_points: Mapping[str, float] = field(default_factory=_severity_points)
    critical_codes: frozenset[str] = field(default_factory=_critical_codes)
    # A substantiated complaint was investigated and upheld: it weighs as a medium finding. An unverified
    # one is an allegation: it only moves a company up the inspection queue. Unsubstantiated and closed
    # complaints count for nothing, so a rejected allegation can never harm a company.
    substantiated_complaint_points: float = 6.0
    unverified_complaint_points: float = 1.0
    # Links (shared officers, phones, addresses) to listed companies are a known sign of a listed agency
    # reopening under a new name; capped so that a large network alone cannot reach the high tier.
    link_points: float = 3.0
    max_link_points: float = 9.0
    # Half-lives: a finding keeps half its weight after a year, matching MOM's 12-month demerit window;
    # unverified allegations fade twice as fast because they should be resolved within months.
    finding_half_life_days: float = 365.0
    substantiated_half_life_days: float = 365.0
    unverified_half_life_days: float = 180.0
    # The same violation found again at a later inspection weighs 1.5x: the company was told and went on.
    repeat_multiplier: float = 1.5
    # Weight grows with the log of workers affected (1 -> x1, 10 -> x1.58, 100 -> x2.15): harm to many
    # workers is graver, but a large workforce must not swamp the kind of violation.
    workers_log_scale: float = 0.25
    # Lower bounds of each tier; below the first is "low". critical starts at MOM's revocation level.
    tier_thresholds: Mapping[str, float] = field(
        default_factory=lambda: _frozen({"medium": 6.0, "high": 12.0, "critical": 24.0})
    )
    recommend_listing_threshold: float = 24.0
    # Only verified evidence (findings, substantiated complaints) may recommend a listing: allegations and
    # links raise the inspection priority but would not stand up in front of a judge.
    listing_counts_unverified: bool = False
    # One reporter's complaints may count for at most this share of a company's complaint points, measured
    # against the other complaints before their own caps (and never less than the reporter's heaviest
    # single complaint), so one person cannot flood a company's score.
    reporter_share_cap: float = 0.5

    # --- features -----------------------------------------------------------------------------
    category_groups: Mapping[str, tuple[str, ...]] = field(default_factory=_category_groups)
    # "Days since last event" for a company that never had one: ten years, i.e. far in the past.
    no_event_days: float = 3650.0

    # --- labels and model ---------------------------------------------------------------------
    # Label: a serious inspection or a listing within horizon days after the snapshot date. An outcome is
    # only known gap days after it happens (appeals, data entry), so a snapshot trains a model only once
    # as_of + horizon + gap has passed, and training snapshots end that long before the test snapshot.
    label_horizon_days: int = 365
    label_gap_days: int = 90
    # About ten positive outcomes per feature (Peduzzi et al., 1996, events per variable) for ~30 features;
    # below that a logistic model's coefficients and its reason codes are not stable enough to defend.
    min_positive_labels: int = 300
    min_negative_labels: int = 300
    min_test_positives: int = 30
    # sklearn's guidance: isotonic calibration overfits below about a thousand samples; sigmoid is safer.
    isotonic_min_samples: int = 1000
    # Share of companies (by a stable hash of the id) held out of base fitting to calibrate on.
    calibration_share: float = 0.25
    regularisation_c: float = 1.0
    max_reasons: int = 4
    # Contributions below this many log-odds are noise, not a reason worth showing.
    min_reason_weight: float = 0.05
    # Isotonic calibration can return exactly 0 or 1 in a sparse bin; no score may claim certainty.
    probability_floor: float = 0.01
    probability_ceiling: float = 0.99
    top_share: float = 0.10
    calibration_bins: int = 10

    # --- promotion of a new model -------------------------------------------------------------
    promotion_min_auc_gain: float = 0.005
    promotion_brier_tolerance: float = 0.0
    promotion_max_ece: float = 0.05

    # --- inspection priorities ----------------------------------------------------------------
    # A tenth of inspections go to randomly chosen companies so that targeted inspections can be compared
    # with an unbiased sample (and the model's labels are not only drawn from its own picks).
    random_share: float = 0.10

    def __post_init__(self) -> None:
        """Refuse a configuration that would break the documented guarantees."""
        if self.severity_points["critical"] < self.recommend_listing_threshold:
            raise ValueError("one critical finding must reach the listing threshold on its own")
        bounds = [self.tier_thresholds[t] for t in ("medium", "high", "critical")]
        if bounds != sorted(bounds) or bounds[0] <= 0:
            raise ValueError("tier thresholds must be positive and ascending")
        for share in (self.reporter_share_cap, self.random_share, self.calibration_share, self.top_share):
            if not 0.0 <= share <= 1.0:
                raise ValueError("shares must lie between 0 and 1")
        if self.reporter_share_cap in (0.0, 1.0):
            raise ValueError("reporter_share_cap must lie strictly between 0 and 1")


DEFAULT_CONFIG = ScoringConfig()
