"""A live class (issue 25): students join the Gaming lab from their phones; the projector shows the room.

Pure (no streamlit): names.py (class codes, nicknames, animal names), rooms.py (one shared DuckDB file per
class, written by many sessions of one process under a lock), lesson.py (the steps, the predictions and
their truths, the pairs to judge and their public numbers), tally.py (what the projector shows: the
leaderboard with rank changes, the answers' distribution, how often each number agreed with the class, the
CSV export) and address.py (the join address and its QR code). The pages are pages/live.py (teacher and
projector) and pages/join.py (students), drawn by cloutlab.ui.live_*.
"""
