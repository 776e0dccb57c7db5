"""Topics on a non-English export are words, not function words (issue 15): en, es, fr, de, pt."""

import pandas as pd

from cloutlab.scores import stopwords
from cloutlab.scores import style


def _posts(texts):
    n = len(texts)
    return pd.DataFrame({"created_at": pd.to_datetime(["2024-01-01"] * n), "text": texts, "likes": [3] * n,
                         "reposts": [1] * n, "replies": [0] * n, "quotes": [0] * n, "hashtags": [[]] * n,
                         "mentions": [[]] * n})


def test_spanish_export_topics_are_content_words():
    got = style.topics(_posts(["también para pero la novela de misterio", "la librería está cerrada hoy porque",
                               "todos los lectores tienen una novela nueva para leer"]))
    assert "novela" in got and "librería" in got  # whole words, accents kept
    assert not set(got) & {"también", "para", "pero", "está", "porque", "todos", "tienen"}, got


def test_every_language_has_its_list():
    assert set(stopwords.WORDS) == {"en", "es", "fr", "de", "pt"}
    for word in ("nicht", "avec", "pero", "também", "would"):
        assert word in stopwords.ALL
    got = style.topics(_posts(["Ich habe nicht das Buch über Berlin gelesen", "nous sommes dans la bibliothèque avec Marie"]))
    assert "berlin" in got and "bibliothèque" in got and not set(got) & {"nicht", "über", "avec", "dans"}, got


def test_tied_topics_come_in_the_same_order_in_every_process():
    """Equal weights are ordered by name: before, `score --json` listed the bot's five topics in another
    order on each run (a set's order follows the process's string hash seed)."""
    import os
    import subprocess
    import sys

    code = ("import pandas as pd; from cloutlab.scores import style; n = 3; print(style.topics(pd.DataFrame({"
            "'created_at': pd.to_datetime(['2024-01-01'] * n), 'text': ['zebra yonder', 'xylophone walrus', "
            "'velvet umbrella'], 'likes': [2] * n, 'reposts': [0] * n, 'replies': [0] * n, 'quotes': [0] * n, "
            "'hashtags': [[]] * n, 'mentions': [[]] * n})))")
    seen = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in range(6)}
    assert seen == {"['umbrella', 'velvet', 'walrus', 'xylophone', 'yonder', 'zebra']\n"}, seen
