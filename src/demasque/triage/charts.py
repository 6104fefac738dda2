"""Charts of the report, drawn on the server by matplotlib as inline SVG (no script in the page)."""
from __future__ import annotations

import io
import re
from datetime import date

import matplotlib

matplotlib.use("Agg")
from matplotlib import pyplot as plt  # noqa: E402

# Okabe-Ito palette: told apart by people with colour-vision deficiencies
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
_STYLE = {"svg.fonttype": "none", "svg.hashsalt": "demasque", "font.size": 10, "axes.spines.top": False,
          "axes.spines.right": False, "font.family": "sans-serif"}


def _svg(fig, label: str) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]                       # no XML prolog or DOCTYPE inside HTML
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    label = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)


def campaigns_over_time(camps: list[dict], label: str, ylabel: str, top: int = 8) -> str:
    """Messages per day of the largest campaigns, one line each."""
    camps = camps[:top]
    days = sorted({d for c in camps for d in c["per_day"]})
    if not days:
        return ""
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(8, 3.6))
        x = [date.fromisoformat(d) for d in days]
        for i, c in enumerate(camps):
            ax.plot(x, [c["per_day"].get(d, 0) for d in days], marker="o", markersize=3,
                    color=PALETTE[i % len(PALETTE)], label=f"{c['id']} ({c['size']})")
        ax.set_ylabel(ylabel)
        ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        fig.autofmt_xdate()
        return _svg(fig, label)


def top_bars(items: list[tuple[str, int]], label: str, color: str = PALETTE[0]) -> str:
    """Horizontal bars, largest at the top."""
    if not items:
        return ""
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(8, 0.35 * len(items) + 0.8))
        names = [v if len(v) <= 48 else v[:47] + "…" for v, _ in items][::-1]
        ax.barh(names, [n for _, n in items][::-1], color=color)
        ax.set_xlabel("messages")
        return _svg(fig, label)
