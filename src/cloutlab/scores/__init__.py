"""Scores: the opaque Klout-like model and the transparent metrics, both fed by a ScoreInput."""
