"""The embedded default dataset: Qingdao and peer-city figures with their origins.

Built from the shared research folder by ``scripts/build_dataset.py``; loaded into a
store by :func:`pacesetter.data.demo.load_demo`. See ``README.md`` and ``NOTICE`` here.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

DATA_DIR = Path(__file__).parent


def data_path(*parts: str) -> Path:
    """Path of a shipped data file, e.g. ``data_path("seed", "seed_figures.csv")``."""
    return DATA_DIR.joinpath(*parts)


def read_csv(*parts: str) -> pd.DataFrame:
    """A shipped CSV with every column as text and empty cells as ``""``."""
    return pd.read_csv(data_path(*parts), dtype=str).fillna("")
