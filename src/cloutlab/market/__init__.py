"""A third lens: an Empire Avenue-style share price, computed from the same daily frame as the scores.

Pure (no streamlit). model.price_path gives any dataset's price path; round.py plays a class market.
"""

from cloutlab.market.model import Vacation, market_object, path_figures, price_path

__all__ = ["Vacation", "market_object", "path_figures", "price_path"]
