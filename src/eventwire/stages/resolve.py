"""From claims to values: best / low / high, and where sources contradict each other.

The rule for `best` (documented in README.md):
1. Only claims that give a number count; "no information about the losses" gives none.
2. The value asserted by the most independent voices (distinct outlet + claimant) wins.
3. On a tie, a side's count of its own losses wins (the claimant belongs to the side
   that was hit), then the lowest value: ACLED codes the most conservative figure.
`low` and `high` span every numeric claim (the UCDP convention).
"""
from __future__ import annotations

from typing import Any

from ..model import Claim
from .actors import side_of_claimant

COUNT_FIELDS = ("fatalities", "injuries")
# fields whose distinct values across claims are worth surfacing as contradictions
CONTESTABLE = ("fatalities", "injuries", "actor1", "target_nature")


def best_value(claims: list[Claim], victim_side: str | None) -> dict[str, int | None]:
    numeric = [c for c in claims if isinstance(c.value, int)]
    if not numeric:
        return {"best": None, "low": None, "high": None}
    voices: dict[int, set] = {}
    for c in numeric:
        voices.setdefault(c.value, set()).add((c.source, c.claimant))
    own_loss = {c.value for c in numeric if victim_side and side_of_claimant(c.claimant) == victim_side}
    best = max(voices, key=lambda v: (len(voices[v]), v in own_loss, -v))
    values = [c.value for c in numeric]
    return {"best": best, "low": min(values), "high": max(values)}


def contradictions(claims: list[Claim]) -> list[dict[str, Any]]:
    out = []
    for field in CONTESTABLE:
        idx = [i for i, c in enumerate(claims) if c.field == field and c.value is not None]
        values = []
        for i in idx:
            v = claims[i].value
            if v not in values:
                values.append(v)
        if len(values) > 1:
            out.append({"field": field, "values": sorted(values, key=str) if field not in COUNT_FIELDS else sorted(values),
                        "claims": idx})
    return out


def resolve_values(claims: list[Claim], victim_side: str | None):
    fat = best_value([c for c in claims if c.field == "fatalities"], victim_side)
    inj = best_value([c for c in claims if c.field == "injuries"], victim_side)
    return fat, inj, contradictions(claims)
